"""``pins.*``: pinning messages to a conversation.

Pinning leaves a ``pinned_item`` message in the conversation and sends ``pin_added`` to the
apps in it; unpinning sends ``pin_removed``, and when someone other than the pinner unpins,
Slackbot tells the pinner in a direct message of subtype ``unpinned_item``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.state import SLACKBOT, SlackState

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
    state = call.state
    item = _item(
        state,
        row,
        db.one(
            "SELECT * FROM slack_pins WHERE channel_id = ? AND ts = ?", (row["id"], message["ts"])
        ),
    )
    text = f"<@{call.user}> pinned a message to this channel."
    ts = state.post(
        row["id"],
        call.user,
        text,
        subtype="pinned_item",
        extra={"item_type": _item_type(row), "item": item},
    )
    events.emit_message(call, row["id"], ts)
    _emit_pin(call, "pin_added", row, message, item)
    return {}


def _item_type(row: sqlite3.Row) -> str:
    """The ``item_type`` of a message pinned in ``row``: ``C`` in a channel, ``G`` elsewhere."""
    return "C" if row["kind"] == "public" else "G"


def _tell_pinner(call: SlackCall, row: sqlite3.Row, item: dict) -> None:
    """Slackbot's ``unpinned_item`` message to whoever pinned ``item``, when another unpins it."""
    pinner = item["created_by"]
    if pinner == call.user:
        return
    state = call.state
    place = (
        f"<#{row['id']}|{row['name']}>" if row["kind"] == "public" else f"the {row['name']} group"
    )
    dm = state.direct_message(SLACKBOT, pinner)
    ts = state.post(
        dm,
        SLACKBOT,
        f"<@{call.user}> unpinned the message you pinned to {place}.",
        subtype="unpinned_item",
        extra={"item_type": _item_type(row), "item": item},
    )
    events.emit_message(call, dm, ts)


def _emit_pin(
    call: SlackCall, kind: str, row: sqlite3.Row, message: sqlite3.Row, item: dict
) -> None:
    """``pin_added`` or ``pin_removed`` for the apps in the conversation."""
    count = call.state.db.scalar(
        "SELECT COUNT(*) FROM slack_pins WHERE channel_id = ?", (row["id"],)
    )
    event = {
        "type": kind,
        "user": call.user,
        "channel_id": row["id"],
        "item": item,
        "item_user": message["user_id"],
        "pin_count": str(count),
        "pinned_info": {
            "channel": row["id"],
            "pinned_by": item["created_by"],
            "pinned_ts": item["created"],
        },
    }
    if kind == "pin_removed":
        event["has_pins"] = bool(count)
    events.emit(call, event, row["id"])


def _item(state: SlackState, row: sqlite3.Row, pin: sqlite3.Row) -> dict[str, Any]:
    """A pinned message as ``pins.list`` and the pin events show it."""
    return {
        "type": "message",
        "channel": row["id"],
        "created": int(pin["created"]),
        "created_by": pin["created_by"],
        "message": state.message_object(state.message(row["id"], pin["ts"])),
    }


@web_method("pins.remove", scopes="pins:write")
def remove(call: SlackCall) -> dict:
    row, message = _message(call)
    db = call.state.db
    pin = db.one(
        "SELECT * FROM slack_pins WHERE channel_id = ? AND ts = ?", (row["id"], message["ts"])
    )
    if pin is None:
        raise SlackError("no_pin")
    item = _item(call.state, row, pin)
    db.execute("DELETE FROM slack_pins WHERE channel_id = ? AND ts = ?", (row["id"], pin["ts"]))
    _emit_pin(call, "pin_removed", row, message, item)
    _tell_pinner(call, row, item)
    return {}


@web_method("pins.list", scopes="pins:read")
def list_(call: SlackCall) -> dict:
    state = call.state
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    pins = state.db.all(
        "SELECT * FROM slack_pins WHERE channel_id = ? ORDER BY created DESC", (row["id"],)
    )
    return {"items": [_item(state, row, p) for p in pins]}
