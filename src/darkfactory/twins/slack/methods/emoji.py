"""``emoji.*``: the workspace's custom emoji."""

from darkfactory.twins.slack.api import SlackCall, web_method


@web_method("emoji.list", scopes="emoji:read")
def list_(call: SlackCall) -> dict:
    rows = call.state.db.all("SELECT name, value FROM slack_emoji ORDER BY name")
    answer: dict = {"emoji": {r["name"]: r["value"] for r in rows}, "cache_ts": "0.000000"}
    if call.flag("include_categories"):
        answer["categories_version"] = "5"
        answer["categories"] = []
    return answer
