"""``channels.*``, ``groups.*``, ``im.*``, ``mpim.*``: retired in favour of ``conversations.*``.

Slack retired every method of these four families on 2021-02-24; each now answers
``method_deprecated`` and names the ``conversations.*`` method that replaced it.
"""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

CHANGELOG = (
    "https://api.slack.com/changelog/2020-01-deprecating-antecedents-to-the-conversations-api"
)
# family -> its methods; each maps to the conversations.* method of the same name unless noted.
RETIRED = {
    "channels": "archive create history info invite join kick leave list mark rename replies "
    "setPurpose setTopic unarchive",
    "groups": "archive create createChild history info invite kick leave list mark open rename "
    "replies setPurpose setTopic unarchive",
    "im": "close history list mark open replies",
    "mpim": "close history list mark open replies",
}
SUCCESSORS = {"createChild": "create"}


def _retired(successor: str):
    def answer(call: SlackCall) -> dict:
        raise SlackError(
            "method_deprecated",
            response_metadata={
                "messages": [
                    "[ERROR] This method is retired and can no longer be used. Please use "
                    f"{successor} instead. Learn more: {CHANGELOG}"
                ]
            },
        )

    return answer


for _family, _names in RETIRED.items():
    for _name in _names.split():
        web_method(f"{_family}.{_name}")(_retired(f"conversations.{SUCCESSORS.get(_name, _name)}"))
