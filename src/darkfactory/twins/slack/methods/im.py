"""``im.*``: direct messages before ``conversations.*``; retired 2021-02-24."""

from __future__ import annotations

from darkfactory.twins.slack import retirement
from darkfactory.twins.slack.api import SlackCall

METHODS = "close history list mark open replies"


def retired(call: SlackCall) -> dict:
    """Every one answers ``method_deprecated``, naming the ``conversations.*`` method to use."""
    raise retirement.refusal(call.method.name)


retirement.register("im", METHODS, retired)
