"""``reactions.*``: emoji reactions on messages."""

from __future__ import annotations

from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page

MAX_REACTIONS_PER_MESSAGE = 50


def _message(call: SlackCall):
    state = call.state
    if not call.get("channel") and not call.get("timestamp"):
        raise SlackError("no_item_specified")
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    message = state.message(row["id"], call.require("timestamp", "message_not_found"))
    return row, message


def _emoji_name(call: SlackCall) -> str:
    name = str(call.require("name", "invalid_name")).strip(":")
    if not name or " " in name:
        raise SlackError("invalid_name")
    return name.split("::")[0]


@web_method("reactions.add", scopes="reactions:write")
def add(call: SlackCall) -> dict:
    row, message = _message(call)
    if row["is_archived"]:
        raise SlackError("is_archived")
    name = _emoji_name(call)
    db = call.state.db
    distinct = db.scalar(
        "SELECT COUNT(DISTINCT name) FROM slack_reactions WHERE channel_id = ? AND ts = ?",
        (row["id"], message["ts"]),
    )
    if distinct >= MAX_REACTIONS_PER_MESSAGE:
        raise SlackError("too_many_reactions")
    cur = db.execute(
        "INSERT OR IGNORE INTO slack_reactions(channel_id, ts, name, user_id, at) "
        "VALUES (?, ?, ?, ?, ?)",
        (row["id"], message["ts"], name, call.user, call.state.now()),
    )
    if not cur.rowcount:
        raise SlackError("already_reacted")
    _emit(call, "reaction_added", row["id"], message, name)
    return {}


@web_method("reactions.remove", scopes="reactions:write")
def remove(call: SlackCall) -> dict:
    row, message = _message(call)
    name = _emoji_name(call)
    cur = call.state.db.execute(
        "DELETE FROM slack_reactions WHERE channel_id = ? AND ts = ? AND name = ? AND user_id = ?",
        (row["id"], message["ts"], name, call.user),
    )
    if not cur.rowcount:
        raise SlackError("no_reaction")
    _emit(call, "reaction_removed", row["id"], message, name)
    return {}


def _emit(call: SlackCall, kind: str, channel_id: str, message, name: str) -> None:
    events.emit(
        call,
        {
            "type": kind,
            "user": call.user,
            "reaction": name,
            "item_user": message["user_id"],
            "item": {"type": "message", "channel": channel_id, "ts": message["ts"]},
        },
        channel_id,
    )


@web_method("reactions.get", scopes="reactions:read")
def get(call: SlackCall) -> dict:
    row, message = _message(call)
    body = call.state.message_object(message)
    if not call.flag("full"):
        for reaction in body.get("reactions", []):
            reaction["users"] = reaction["users"][:50]
    return {"type": "message", "channel": row["id"], "message": body}


@web_method("reactions.list", scopes="reactions:read")
def list_(call: SlackCall) -> dict:
    state = call.state
    user_id = call.get("user") or call.user
    state.user(user_id)
    rows = state.db.all(
        "SELECT channel_id, ts, MAX(at) AS at FROM slack_reactions WHERE user_id = ? "
        "GROUP BY channel_id, ts ORDER BY at DESC",
        (user_id,),
    )
    visible = [
        r
        for r in rows
        if state.channel(r["channel_id"])["kind"] == "public"
        or state.is_member(r["channel_id"], call.user)
    ]
    chunk, meta = page(call, visible)
    items = [
        {
            "type": "message",
            "channel": r["channel_id"],
            "message": state.message_object(state.message(r["channel_id"], r["ts"])),
        }
        for r in chunk
    ]
    return {"items": items, "response_metadata": meta}
