"""``reminders.*``: reminders at an epoch time or "in N minutes/hours/days"."""

from __future__ import annotations

import re
import sqlite3

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

RELATIVE = re.compile(r"^in (\d+) (minute|hour|day)s?$")
SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def _when(call: SlackCall) -> float:
    raw = str(call.require("time", "cannot_parse")).strip().lower()
    if raw.isdigit():
        return float(raw) if int(raw) > 10**9 else call.state.now() + int(raw)
    found = RELATIVE.match(raw)
    if found is None:
        raise SlackError("cannot_parse")
    return call.state.now() + int(found.group(1)) * SECONDS[found.group(2)]


def reminder_object(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "creator": row["creator"],
        "user": row["user_id"],
        "text": row["text"],
        "recurring": False,
        "time": int(row["time"]),
        "complete_ts": int(row["complete_ts"]),
        "channel": row["channel_id"],
    }


def _reminder(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_reminders WHERE id = ? AND (user_id = ? OR creator = ?)",
        (call.require("reminder", "not_found"), call.user, call.user),
    )
    if row is None:
        raise SlackError("not_found")
    return row


@web_method("reminders.add", scopes="reminders:write")
def add(call: SlackCall) -> dict:
    text = call.require("text", "missing_argument")
    user_id = call.get("user") or call.user
    call.state.user(user_id)
    reminder_id = call.state.new_id("Rm")
    call.state.db.insert(
        "slack_reminders",
        {
            "id": reminder_id,
            "creator": call.user,
            "user_id": user_id,
            "text": text,
            "time": _when(call),
            "channel_id": call.get("channel_id"),
        },
    )
    return {"reminder": reminder_object(_reminder_by_id(call, reminder_id))}


def _reminder_by_id(call: SlackCall, reminder_id: str) -> sqlite3.Row:
    return call.state.db.one("SELECT * FROM slack_reminders WHERE id = ?", (reminder_id,))


@web_method("reminders.list", scopes="reminders:read")
def list_(call: SlackCall) -> dict:
    rows = call.state.db.all(
        "SELECT * FROM slack_reminders WHERE user_id = ? OR creator = ? ORDER BY time, id",
        (call.user, call.user),
    )
    return {"reminders": [reminder_object(r) for r in rows]}


@web_method("reminders.info", scopes="reminders:read")
def info(call: SlackCall) -> dict:
    return {"reminder": reminder_object(_reminder(call))}


@web_method("reminders.complete", scopes="reminders:write")
def complete(call: SlackCall) -> dict:
    row = _reminder(call)
    if row["complete_ts"]:
        raise SlackError("already_complete")
    call.state.db.execute(
        "UPDATE slack_reminders SET complete_ts = ? WHERE id = ?", (call.state.now(), row["id"])
    )
    return {}


@web_method("reminders.delete", scopes="reminders:write")
def delete(call: SlackCall) -> dict:
    row = _reminder(call)
    call.state.db.execute("DELETE FROM slack_reminders WHERE id = ?", (row["id"],))
    return {}
