"""``calls.*``: calls an app hosts elsewhere (Zoom-like), registered so Slack can show them."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


def _participants(call: SlackCall, required: bool = True) -> list[dict[str, Any]]:
    """``users``: ``[{"slack_id": ...}]`` or external ``{"external_id", "display_name"}``."""
    users = call.structured("users")
    if users is None and not required:
        return []
    if not isinstance(users, list) or not users:
        raise SlackError("bad_users")
    for user in users:
        if not isinstance(user, dict):
            raise SlackError("bad_users")
        if "slack_id" in user:
            call.state.user(str(user["slack_id"]))
        elif not user.get("external_id"):
            raise SlackError("bad_users")
    return users


def _key(user: dict[str, Any]) -> str:
    return str(user.get("slack_id") or user.get("external_id"))


def _call(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one("SELECT * FROM slack_calls WHERE id = ?", (call.require("id"),))
    if row is None:
        raise SlackError("invalid_call_id")
    return row


def call_object(row: sqlite3.Row) -> dict[str, Any]:
    shown = {
        "id": row["id"],
        "date_start": row["date_start"],
        "external_unique_id": row["external_unique_id"],
        "join_url": row["join_url"],
        "desktop_app_join_url": row["desktop_app_join_url"],
        "external_display_id": row["external_display_id"],
        "title": row["title"],
        "users": json.loads(row["users"]),
    }
    if row["date_end"]:
        shown["date_end"] = row["date_end"]
    return {k: v for k, v in shown.items() if v is not None}


def _answer(call: SlackCall, call_id: str) -> dict:
    return {
        "call": call_object(call.state.db.one("SELECT * FROM slack_calls WHERE id = ?", (call_id,)))
    }


@web_method("calls.add", scopes="calls:write")
def add(call: SlackCall) -> dict:
    external = call.require("external_unique_id")
    join_url = call.require("join_url")
    call_id = call.state.new_id("R")
    call.state.db.insert(
        "slack_calls",
        {
            "id": call_id,
            "external_unique_id": external,
            "join_url": join_url,
            "desktop_app_join_url": call.get("desktop_app_join_url"),
            "external_display_id": call.get("external_display_id"),
            "title": call.get("title"),
            "created_by": call.get("created_by") or call.user,
            "app_id": call.grant.meta.get("app_id"),
            "date_start": call.integer("date_start", int(call.state.now())),
            "users": json.dumps(_participants(call, required=False)),
        },
    )
    return _answer(call, call_id)


@web_method("calls.info", scopes="calls:read")
def info(call: SlackCall) -> dict:
    return {"call": call_object(_call(call))}


@web_method("calls.update", scopes="calls:write")
def update(call: SlackCall) -> dict:
    row = _call(call)
    changes = {k: call.get(k) for k in ("title", "join_url", "desktop_app_join_url")}
    for column, value in changes.items():
        if value is not None:
            call.state.db.execute(
                f"UPDATE slack_calls SET {column} = ? WHERE id = ?", (value, row["id"])
            )
    return _answer(call, row["id"])


@web_method("calls.end", scopes="calls:write")
def end(call: SlackCall) -> dict:
    row = _call(call)
    if row["date_end"]:
        raise SlackError("inactive_call")
    duration = call.integer("duration", int(call.state.now()) - row["date_start"], lo=0)
    call.state.db.execute(
        "UPDATE slack_calls SET date_end = ? WHERE id = ?",
        (row["date_start"] + duration, row["id"]),
    )
    return {}


def _set_participants(call: SlackCall, joining: bool) -> dict:
    row = _call(call)
    if row["date_end"]:
        raise SlackError("inactive_call")
    present = {_key(u): u for u in json.loads(row["users"])}
    for user in _participants(call):
        if joining:
            present[_key(user)] = user
        else:
            present.pop(_key(user), None)
    call.state.db.execute(
        "UPDATE slack_calls SET users = ? WHERE id = ?",
        (json.dumps(list(present.values())), row["id"]),
    )
    return {}


@web_method("calls.participants.add", scopes="calls:write")
def participants_add(call: SlackCall) -> dict:
    return _set_participants(call, joining=True)


@web_method("calls.participants.remove", scopes="calls:write")
def participants_remove(call: SlackCall) -> dict:
    return _set_participants(call, joining=False)
