"""``conversations.canvases.*``: the one canvas of a channel, made by its members."""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.canvases import new_canvas


@web_method("conversations.canvases.create", scopes="canvases:write")
def create(call: SlackCall) -> dict:
    row = call.state.visible_channel(call.require("channel_id", "channel_not_found"), call.user)
    if row["is_archived"]:
        raise SlackError("is_archived")
    if call.state.db.one("SELECT 1 FROM slack_canvases WHERE channel_id = ?", (row["id"],)):
        raise SlackError("channel_canvas_already_exists")
    title = str(call.get("title") or row["name"] or "Canvas")
    return {"canvas_id": new_canvas(call, title, row["id"])}
