"""``groups.*``: private channels before ``conversations.*``; retired 2021-02-24."""

from __future__ import annotations

from darkfactory.twins.slack import retirement
from darkfactory.twins.slack.api import SlackCall

METHODS = (
    "archive create createChild history info invite kick leave list mark open rename "
    "replies setPurpose setTopic unarchive"
)


def retired(call: SlackCall) -> dict:
    """Every one answers ``method_deprecated``, naming the ``conversations.*`` method to use."""
    raise retirement.refusal(call.method.name)


retirement.register("groups", METHODS, retired)
