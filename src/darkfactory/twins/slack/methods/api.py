"""``api.*``: checking calls reach Slack."""

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


@web_method("api.test", auth=False)
def test(call: SlackCall) -> dict:
    if call.get("error"):
        raise SlackError(call.get("error"), args={k: v for k, v in call.args.items()})
    return {"args": {k: v for k, v in call.args.items() if k != "token"}} if call.args else {}
