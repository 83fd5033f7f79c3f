"""``channels.*``: public channels before ``conversations.*``; retired 2021-02-24."""

from __future__ import annotations

from darkfactory.twins.slack import retirement
from darkfactory.twins.slack.api import SlackCall

METHODS = (
    "archive create history info invite join kick leave list mark rename replies "
    "setPurpose setTopic unarchive"
)


def retired(call: SlackCall) -> dict:
    """Every one answers ``method_deprecated``, naming the ``conversations.*`` method to use."""
    raise retirement.refusal(call.method.name)


retirement.register("channels", METHODS, retired)
