"""``pins.*``: pinning messages to a conversation."""

from __future__ import annotations

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

MAX_PINS = 100


def _message(call: SlackCall):
    state = call.state
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    if not call.get("timestamp"):
        raise SlackError("no_item_specified")
    return row, state.message(row["id"], call.get("timestamp"))


@web_method("pins.add", scopes="pins:write")
def add(call: SlackCall) -> dict:
    row, message = _message(call)
    if row["is_archived"]:
        raise SlackError("is_archived")
    if not call.state.is_member(row["id"], call.user):
        raise SlackError("not_in_channel")
    db = call.state.db
    if db.scalar("SELECT COUNT(*) FROM slack_pins WHERE channel_id = ?", (row["id"],)) >= MAX_PINS:
        raise SlackError("too_many_pins")
    cur = db.execute(
        "INSERT OR IGNORE INTO slack_pins(channel_id, ts, created_by, created) VALUES (?, ?, ?, ?)",
        (row["id"], message["ts"], call.user, call.state.now()),
    )
    if not cur.rowcount:
        raise SlackError("already_pinned")
    return {}


@web_method("pins.remove", scopes="pins:write")
def remove(call: SlackCall) -> dict:
    row, message = _message(call)
    cur = call.state.db.execute(
        "DELETE FROM slack_pins WHERE channel_id = ? AND ts = ?", (row["id"], message["ts"])
    )
    if not cur.rowcount:
        raise SlackError("no_pin")
    return {}


@web_method("pins.list", scopes="pins:read")
def list_(call: SlackCall) -> dict:
    state = call.state
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    pins = state.db.all(
        "SELECT * FROM slack_pins WHERE channel_id = ? ORDER BY created DESC", (row["id"],)
    )
    return {
        "items": [
            {
                "type": "message",
                "channel": row["id"],
                "created": int(p["created"]),
                "created_by": p["created_by"],
                "message": state.message_object(state.message(row["id"], p["ts"])),
            }
            for p in pins
        ]
    }
