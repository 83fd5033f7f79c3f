"""Web API families Slack has retired: every method of one answers ``method_deprecated`` and
names the method that replaced it.

``channels.*``, ``groups.*``, ``im.*`` and ``mpim.*`` were retired on 2021-02-24 in favour of
``conversations.*``; each family's module (``methods/channels.py`` ...) registers its methods
here.
"""

from __future__ import annotations

from darkfactory.twins.slack.api import Handler, SlackError, web_method

CHANGELOG = (
    "https://api.slack.com/changelog/2020-01-deprecating-antecedents-to-the-conversations-api"
)
SUCCESSORS = {"createChild": "create"}  # each other method's successor has its own name
RETIRED: dict[str, str] = {}  # family -> its methods' names, as registered


def refusal(method: str) -> SlackError:
    """What a retired method answers: ``method_deprecated``, naming its successor."""
    name = method.rsplit(".", 1)[-1]
    successor = f"conversations.{SUCCESSORS.get(name, name)}"
    return SlackError(
        "method_deprecated",
        response_metadata={
            "messages": [
                "[ERROR] This method is retired and can no longer be used. Please use "
                f"{successor} instead. Learn more: {CHANGELOG}"
            ]
        },
    )


def register(family: str, names: str, handler: Handler) -> None:
    """``handler`` answers each of ``family``'s space-separated method ``names``."""
    RETIRED[family] = names
    for name in names.split():
        web_method(f"{family}.{name}")(handler)
