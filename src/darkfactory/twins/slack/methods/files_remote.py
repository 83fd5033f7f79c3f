"""``files.remote.*``: files that live in another service, registered by an app and shared into
channels as messages carrying the file."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page


def _app(call: SlackCall) -> str:
    app_id = call.grant.meta.get("app_id")
    if not app_id:
        raise SlackError("not_allowed_token_type")
    return app_id


def _remote(call: SlackCall, own: bool = False) -> sqlite3.Row:
    """The remote file named by ``file`` or (for its app) ``external_id``."""
    if call.get("file"):
        row = call.state.db.one(
            "SELECT * FROM slack_remote_files WHERE id = ?", (call.get("file"),)
        )
    elif call.get("external_id"):
        row = call.state.db.one(
            "SELECT * FROM slack_remote_files WHERE external_id = ? AND app_id = ?",
            (call.get("external_id"), call.grant.meta.get("app_id")),
        )
    else:
        raise SlackError("invalid_arguments")
    if row is None or (own and row["app_id"] != call.grant.meta.get("app_id")):
        raise SlackError("file_not_found")
    return row


def remote_object(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created": int(row["created"]),
        "timestamp": int(row["created"]),
        "name": row["title"],
        "title": row["title"],
        "mimetype": "application/vnd.slack-remote",
        "filetype": row["filetype"] or "remote",
        "pretty_type": "Remote",
        "user": row["user_id"],
        "editable": False,
        "mode": "external",
        "is_external": True,
        "external_type": "app",
        "external_id": row["external_id"],
        "external_url": row["external_url"],
        "url_private": row["external_url"],
        "is_public": False,
        "channels": json.loads(row["channels"]),
        "has_rich_preview": False,
    }


def _answer(call: SlackCall, file_id: str) -> dict:
    row = call.state.db.one("SELECT * FROM slack_remote_files WHERE id = ?", (file_id,))
    return {"file": remote_object(row)}


@web_method("files.remote.add", scopes="remote_files:write")
def add(call: SlackCall) -> dict:
    app_id = _app(call)
    external_id = call.require("external_id")
    if call.state.db.one(
        "SELECT 1 FROM slack_remote_files WHERE app_id = ? AND external_id = ?",
        (app_id, external_id),
    ):
        raise SlackError("file_already_exists")
    file_id = call.state.new_id("F")
    now = call.state.now()
    call.state.db.insert(
        "slack_remote_files",
        {
            "id": file_id,
            "external_id": external_id,
            "app_id": app_id,
            "title": call.require("title"),
            "external_url": call.require("external_url"),
            "filetype": call.get("filetype"),
            "user_id": call.user,
            "created": now,
            "updated": now,
        },
    )
    return _answer(call, file_id)


@web_method("files.remote.update", scopes="remote_files:write")
def update(call: SlackCall) -> dict:
    row = _remote(call, own=True)
    for column in ("title", "external_url", "filetype"):
        if call.get(column) is not None:
            call.state.db.execute(
                f"UPDATE slack_remote_files SET {column} = ?, updated = ? WHERE id = ?",
                (call.get(column), call.state.now(), row["id"]),
            )
    return _answer(call, row["id"])


@web_method("files.remote.info", scopes="remote_files:read")
def info(call: SlackCall) -> dict:
    return {"file": remote_object(_remote(call))}


@web_method("files.remote.list", scopes="remote_files:read")
def list_(call: SlackCall) -> dict:
    rows = call.state.db.all("SELECT * FROM slack_remote_files ORDER BY created DESC, id")
    channel = call.get("channel")
    low = call.integer("ts_from", 0)
    high = call.integer("ts_to")
    rows = [
        r
        for r in rows
        if (channel is None or channel in json.loads(r["channels"]))
        and low <= r["created"]
        and (high is None or r["created"] <= high)
    ]
    chunk, meta = page(call, rows, default_limit=100)
    return {"files": [remote_object(r) for r in chunk], "response_metadata": meta}


@web_method("files.remote.remove", scopes="remote_files:write")
def remove(call: SlackCall) -> dict:
    row = _remote(call, own=True)
    call.state.db.execute("DELETE FROM slack_remote_files WHERE id = ?", (row["id"],))
    return {}


@web_method("files.remote.share", scopes="remote_files:share")
def share(call: SlackCall) -> dict:
    row = _remote(call)
    targets = [call.state.visible_channel(c, call.user) for c in call.listing("channels")]
    if not targets:
        raise SlackError("invalid_args")
    if any(not call.state.is_member(c["id"], call.user) for c in targets):
        raise SlackError("not_in_channel")
    shared = list(dict.fromkeys([*json.loads(row["channels"]), *(c["id"] for c in targets)]))
    call.state.db.execute(
        "UPDATE slack_remote_files SET channels = ? WHERE id = ?", (json.dumps(shared), row["id"])
    )
    answer = _answer(call, row["id"])
    for channel in targets:
        ts = call.state.post(
            channel["id"], call.user, "", extra={"files": [answer["file"]], "upload": False}
        )
        events.emit_message(call, channel["id"], ts)
    return answer
