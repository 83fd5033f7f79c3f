"""Charging a card through the payment service, retried when the service fails for a moment."""

from shop.retry import retrying


@retrying(attempts=4, first_delay=0.2)
def charge(transport, card, cents):
    return transport.post("/charges", {"card": card, "amount": cents})
