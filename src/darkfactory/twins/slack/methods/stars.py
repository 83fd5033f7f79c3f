"""``stars.*``: a person's saved messages and files ("Saved items")."""

from __future__ import annotations

import sqlite3
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.file_access import may_see
from darkfactory.twins.slack.methods.files import file_object, hosted_file
from darkfactory.twins.slack.pagination import numbered


def _item(call: SlackCall) -> tuple[str, str, str]:
    """The starred item named by the arguments: ``(type, channel, ts-or-file-id)``."""
    if call.get("file"):
        return "file", "", hosted_file(call, call.get("file"))["id"]
    if call.get("channel") or call.get("timestamp"):
        row = call.state.visible_channel(call.require("channel", "channel_not_found"), call.user)
        ts = call.require("timestamp", "message_not_found")
        call.state.message(row["id"], ts)
        return "message", row["id"], ts
    if call.get("file_comment"):
        raise SlackError("file_comment_not_found")
    raise SlackError("no_item_specified")


@web_method("stars.add", scopes="stars:write")
def add(call: SlackCall) -> dict:
    kind, channel_id, item = _item(call)
    added = call.state.db.execute(
        "INSERT OR IGNORE INTO slack_stars(user_id, type, channel_id, item, date_create) "
        "VALUES (?, ?, ?, ?, ?)",
        (call.user, kind, channel_id, item, call.state.now()),
    )
    if not added.rowcount:
        raise SlackError("already_starred")
    return {}


@web_method("stars.remove", scopes="stars:write")
def remove(call: SlackCall) -> dict:
    kind, channel_id, item = _item(call)
    removed = call.state.db.execute(
        "DELETE FROM slack_stars WHERE user_id = ? AND type = ? AND channel_id = ? AND item = ?",
        (call.user, kind, channel_id, item),
    )
    if not removed.rowcount:
        raise SlackError("not_starred")
    return {}


def _shown(call: SlackCall, row: sqlite3.Row) -> dict[str, Any] | None:
    state = call.state
    entry: dict[str, Any] = {"type": row["type"], "date_create": int(row["date_create"])}
    if row["type"] == "file":
        found = state.db.one("SELECT * FROM slack_files WHERE id = ?", (row["item"],))
        if found is None or not may_see(state, found, call.user):
            return None
        return {**entry, "file": file_object(call, found)}
    message = state.db.one(
        "SELECT * FROM slack_messages WHERE channel_id = ? AND ts = ?",
        (row["channel_id"], row["item"]),
    )
    if message is None:
        return None
    return {**entry, "channel": row["channel_id"], "message": state.message_object(message)}


@web_method("stars.list", scopes="stars:read")
def list_(call: SlackCall) -> dict:
    rows = call.state.db.all(
        "SELECT * FROM slack_stars WHERE user_id = ? ORDER BY date_create DESC, rowid DESC",
        (call.user,),
    )
    items = [shown for r in rows if (shown := _shown(call, r)) is not None]
    chunk, paging = numbered(call, items)
    return {"items": chunk, "paging": paging}
