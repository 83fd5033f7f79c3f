"""Reading a city's forecast from the weather service."""


def forecast(transport, city):
    return transport.get(f"/forecast/{city}")
