"""``api.*``: checking calls reach Slack."""

import json

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


@web_method("api.test", auth=False)
def test(call: SlackCall) -> dict:
    echoed = {
        k: v if isinstance(v, str) else json.dumps(v) for k, v in call.args.items() if k != "token"
    }
    if call.get("error"):
        raise SlackError(str(call.get("error")), args=echoed)
    return {"args": echoed} if echoed else {}
