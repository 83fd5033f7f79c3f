"""``files.*``: the upload v2 flow, file metadata, shares in channels, and private downloads.

``files.getUploadURLExternal`` hands out an upload URL under ``/slack/upload/v1/``; the bytes are
POSTed there; ``files.completeUploadExternal`` finishes the file and shares it into a channel as
a message carrying ``files`` (the retired one-request ``files.upload`` answers
``method_deprecated``). Every method and ``url_private`` serve a file only to those
``file_access.may_see`` lets see it; ``url_private`` also wants a ``files:read`` token in the
``Authorization`` header. ``files.sharedPublicURL`` lets the uploader add a ``permalink_public``
anyone may fetch until it is revoked.
"""

from __future__ import annotations

import json
import mimetypes
import sqlite3
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, authenticate, web_method
from darkfactory.twins.slack.file_access import SHARE_FIELD, may_see, visible_shares
from darkfactory.twins.slack.state import SlackState

MAX_LENGTH = 1024 * 1024 * 1024


def seen_file(state: SlackState, file_id: str, user_id: str, status: int = 200) -> sqlite3.Row:
    """A finished file ``user_id`` may see; any other is ``file_not_found`` (with ``status``)."""
    row = state.db.one("SELECT * FROM slack_files WHERE id = ? AND completed = 1", (file_id,))
    if row is None or not may_see(state, row, user_id):
        raise SlackError("file_not_found", status)
    return row


def hosted_file(call: SlackCall, file_id: str | None = None) -> sqlite3.Row:
    """The file named by ``file`` (or ``file_id``), if the caller may see it."""
    return seen_file(call.state, file_id or call.require("file", "file_not_found"), call.user)


def file_object(call: SlackCall, row: sqlite3.Row) -> dict[str, Any]:
    base = call.universe.url
    team = call.state.team_id()
    mimetype = mimetypes.guess_type(row["name"])[0] or "application/octet-stream"
    filetype = row["name"].rsplit(".", 1)[-1].lower() if "." in row["name"] else "binary"
    secret = call.state.db.scalar(
        "SELECT secret FROM slack_public_files WHERE file_id = ?", (row["id"],)
    )
    public = {"permalink_public": f"{base}/slack/files-pub/{team}-{row['id']}-{secret}"}
    shares = visible_shares(call.state, row, call.user)
    placed: dict[str, list[str]] = {"channels": [], "groups": [], "ims": []}
    for channel in shares:
        placed[SHARE_FIELD[channel["kind"]]].append(channel["id"])
    return {
        **(public if secret else {}),
        "id": row["id"],
        "created": int(row["created"]),
        "timestamp": int(row["created"]),
        "name": row["name"],
        "title": row["title"],
        "mimetype": mimetype,
        "filetype": filetype,
        "pretty_type": filetype.upper(),
        "user": row["user_id"],
        "user_team": team,
        "editable": False,
        "size": row["length"],
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": any(c["kind"] == "public" for c in shares),
        "public_url_shared": secret is not None,
        "display_as_bot": False,
        "username": "",
        "alt_txt": row["alt_txt"],
        "url_private": f"{base}/slack/files-pri/{team}-{row['id']}/{row['name']}",
        "url_private_download": f"{base}/slack/files-pri/{team}-{row['id']}/download/{row['name']}",
        "permalink": f"{base}/ui/slack/files/{row['user_id']}/{row['id']}/{row['name']}",
        **placed,
        "comments_count": 0,
    }


@web_method("files.getUploadURLExternal", scopes="files:write")
def get_upload_url_external(call: SlackCall) -> dict:
    name = call.require("filename", "invalid_arguments")
    length = call.integer("length", None, lo=0)
    if length is None or length < 1:
        raise SlackError(
            "invalid_arguments",
            response_metadata={"messages": ["[ERROR] missing required field: length"]},
        )
    if length > MAX_LENGTH:
        raise SlackError("file_size_exceeded")
    file_id = call.state.new_id("F")
    key = call.universe.ids.token("slack.upload-key", 40, MIXED_ALNUM)
    call.state.db.insert(
        "slack_files",
        {
            "id": file_id,
            "name": name,
            "title": name,
            "length": length,
            "user_id": call.user,
            "created": call.state.now(),
            "upload_key": key,
            "alt_txt": call.get("alt_txt"),
        },
    )
    return {"upload_url": f"{call.universe.url}/slack/upload/v1/{key}", "file_id": file_id}


@web_method("files.completeUploadExternal", scopes="files:write")
def complete_upload_external(call: SlackCall) -> dict:
    state = call.state
    entries = call.structured("files")
    if (
        not isinstance(entries, list)
        or not entries
        or not all(isinstance(e, dict) and e.get("id") for e in entries)
    ):
        raise SlackError("invalid_arguments")
    channel_id = call.get("channel_id") or (call.listing("channels") or [None])[0]
    channel = state.visible_channel(channel_id, call.user) if channel_id else None
    if channel is not None and not state.is_member(channel["id"], call.user):
        raise SlackError("not_in_channel")
    done = []
    for entry in entries:
        row = state.db.one(
            "SELECT * FROM slack_files WHERE id = ? AND user_id = ?", (entry["id"], call.user)
        )
        if row is None:
            raise SlackError("file_not_found")
        if row["content"] is None:
            raise SlackError("file_upload_not_found")
        shared = [channel["id"]] if channel is not None else []
        state.db.execute(
            "UPDATE slack_files SET completed = 1, title = ?, channels = ? WHERE id = ?",
            (entry.get("title") or row["name"], json.dumps(shared), row["id"]),
        )
        done.append(file_object(call, hosted_file(call, row["id"])))
    if channel is not None:
        thread_ts = call.get("thread_ts")
        ts = state.post(
            channel["id"],
            call.user,
            call.get("initial_comment", ""),
            thread_ts=thread_ts,
            subtype="file_share",
            extra={"files": done, "upload": True, "display_as_bot": False},
        )
        events.emit_message(call, channel["id"], ts)
        for item in done:
            item["shares"] = {
                "public" if channel["kind"] == "public" else "private": {
                    channel["id"]: [
                        {"ts": ts, "channel_name": channel["name"], "team_id": state.team_id()}
                    ]
                }
            }
    return {"files": done}


@web_method("files.info", scopes="files:read")
def info(call: SlackCall) -> dict:
    return {
        "file": file_object(call, hosted_file(call)),
        "comments": [],
        "response_metadata": {"next_cursor": ""},
    }


@web_method("files.list", scopes="files:read")
def list_(call: SlackCall) -> dict:
    """The files the caller may see, by uploader and by a conversation the caller sees."""
    state = call.state
    sql, params = "SELECT * FROM slack_files WHERE completed = 1", []
    if call.get("user"):
        sql += " AND user_id = ?"
        params.append(state.user(call.get("user"))["id"])
    channel = call.get("channel")

    def listed(row: sqlite3.Row) -> bool:
        shares = {c["id"] for c in visible_shares(state, row, call.user)}
        seen = row["user_id"] == call.user or bool(shares)
        return seen and (channel is None or channel in shares)

    rows = [r for r in state.db.all(sql + " ORDER BY created DESC, id", params) if listed(r)]
    count = call.integer("count", 100, lo=1, hi=1000)
    page = call.integer("page", 1, lo=1)
    chunk = rows[(page - 1) * count : page * count]
    return {
        "files": [file_object(call, r) for r in chunk],
        "paging": {
            "count": count,
            "total": len(rows),
            "page": page,
            "pages": max(1, -(-len(rows) // count)),
        },
    }


@web_method("files.delete", scopes="files:write")
def delete(call: SlackCall) -> dict:
    row = hosted_file(call)
    caller = call.state.user(call.user)
    if row["user_id"] != call.user and not caller["is_admin"]:
        raise SlackError("cant_delete_file")
    call.state.db.execute("DELETE FROM slack_files WHERE id = ?", (row["id"],))
    call.state.db.execute("DELETE FROM slack_public_files WHERE file_id = ?", (row["id"],))
    return {}


def _own_file(call: SlackCall) -> sqlite3.Row:
    """A file of the calling person's own: bots and guests may not publish files."""
    if call.is_bot:
        raise SlackError("user_is_bot")
    if call.state.user(call.user)["is_restricted"]:
        raise SlackError("user_is_restricted")
    row = hosted_file(call)
    if row["user_id"] != call.user:
        raise SlackError("not_allowed")
    return row


@web_method("files.sharedPublicURL", scopes="files:write")
def shared_public_url(call: SlackCall) -> dict:
    row = _own_file(call)
    secret = call.universe.ids.token("slack.public-file", 10, MIXED_ALNUM)
    call.state.db.execute(
        "INSERT OR IGNORE INTO slack_public_files(file_id, secret) VALUES (?, ?)",
        (row["id"], secret),
    )
    return {"file": file_object(call, row)}


@web_method("files.revokePublicURL", scopes="files:write")
def revoke_public_url(call: SlackCall) -> dict:
    row = _own_file(call)
    call.state.db.execute("DELETE FROM slack_public_files WHERE file_id = ?", (row["id"],))
    return {"file": file_object(call, row)}


@web_method("files.upload")
def upload_v1(call: SlackCall) -> dict:
    """The one-request upload, retired on 2025-11-12 for the flow above."""
    raise SlackError("method_deprecated")


@operation("files.upload")
def upload(call: Call) -> Response:
    """The upload URL: the file's bytes, exactly ``length`` of them."""
    state = call.twin.state
    row = state.db.one(
        "SELECT * FROM slack_files WHERE upload_key = ? AND completed = 0",
        (call.path_params["key"],),
    )
    if row is None:
        return Response("invalid upload url", 404, media_type="text/plain")
    if len(call.body) != row["length"]:
        return Response(
            f"expected {row['length']} bytes, got {len(call.body)}", 400, media_type="text/plain"
        )
    state.db.execute("UPDATE slack_files SET content = ? WHERE id = ?", (call.body, row["id"]))
    return Response(f"OK - {len(call.body)}", 200, media_type="text/plain")


@operation("files.download")
def download(call: Call) -> Response:
    """``url_private``: the bytes, for a ``files:read`` token in the ``Authorization`` header
    whose holder may see the file."""
    header = call.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    grant = authenticate(call, token, status=403)
    if not grant.has("files:read"):
        raise SlackError("missing_scope", 403, needed="files:read")
    file_id = call.path_params["team_file"].split("-", 1)[-1]
    row = seen_file(call.twin.state, file_id, grant.principal, status=404)
    mimetype = mimetypes.guess_type(row["name"])[0] or "application/octet-stream"
    return Response(row["content"], media_type=mimetype)


@operation("files.public")
def public(call: Call) -> Response:
    """``permalink_public``: the bytes for anyone, while the file's public link stands."""
    _team, _, rest = call.path_params["key"].partition("-")
    file_id, _, secret = rest.partition("-")
    row = call.twin.state.db.one(
        "SELECT f.* FROM slack_files f JOIN slack_public_files p ON p.file_id = f.id "
        "WHERE f.id = ? AND p.secret = ? AND f.completed = 1",
        (file_id, secret),
    )
    if row is None:
        return Response("File not found", 404, media_type="text/plain")
    mimetype = mimetypes.guess_type(row["name"])[0] or "application/octet-stream"
    return Response(row["content"], media_type=mimetype)


def routes() -> list[Route]:
    return [
        Route("/files-pub/{key}", public, methods=["GET"]),
        Route("/upload/v1/{key}", upload, methods=["POST"]),
        Route("/files-pri/{team_file}/{name}", download, methods=["GET"]),
        Route("/files-pri/{team_file}/download/{name}", download, methods=["GET"]),
    ]
