"""``comments.*`` and ``replies.*``: discussions on a file.

Commenters and up may comment and reply; an author edits their own words; the author or an
editor deletes (a deleted comment keeps its place as ``deleted: true`` with no content, shown
only with ``includeDeleted``). A reply with ``action: resolve`` or ``reopen`` resolves or
reopens its comment. Like Drive, these methods require the ``fields`` parameter.
"""

from __future__ import annotations

import html
import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, flag, timestamp
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import paging, wire
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError, not_found, required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.times import parse_timestamp
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation


def _need_fields(call: Call) -> None:
    if not call.query.get("fields"):
        raise required("fields", "The 'fields' parameter is required for this method.")


def _author(call: Call, email: str, me: str) -> dict:
    user = wire.user_json(call, email, me)
    return {key: user[key] for key in ("kind", "displayName", "photoLink", "me")}


def _reply_json(call: Call, row, me: str) -> dict:
    answer = {
        "kind": "drive#reply",
        "id": row["id"],
        "createdTime": timestamp(row["created"]),
        "modifiedTime": timestamp(row["modified"]),
        "author": _author(call, row["author"], me),
        "deleted": bool(row["deleted"]),
    }
    if not row["deleted"]:
        answer |= {"content": row["content"], "htmlContent": html.escape(row["content"])}
    if row["action"]:
        answer["action"] = row["action"]
    return answer


def _comment_json(call: Call, row, me: str, include_deleted: bool) -> dict:
    replies = call.twin.drive.db.all(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id = ? ORDER BY rowid",
        (row["file_id"], row["id"]),
    )
    answer = _reply_json(call, row, me) | {
        "kind": "drive#comment",
        "resolved": bool(row["resolved"]),
        "replies": [
            _reply_json(call, r, me) for r in replies if include_deleted or not r["deleted"]
        ],
    }
    answer.pop("action", None)
    if row["quoted"]:
        answer["quotedFileContent"] = json.loads(row["quoted"])
    if row["anchor"]:
        answer["anchor"] = row["anchor"]
    return answer


def _file(call: Call, principal: Principal, role: str = "reader") -> dict:
    return visible(call, principal, call.path_params["fileId"], role)


def _row(drive: DriveState, file_id: str, item_id: str, parent_id: str | None, kind: str):
    row = drive.db.one(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND id = ? AND parent_id IS ?",
        (file_id, item_id, parent_id),
    )
    if row is None:
        raise not_found(f"{kind} not found: {item_id}.", location=f"{kind.lower()}Id")
    return row


def insert(
    call: Call, principal: Principal, file_id: str, parent_id: str | None, fields: dict
) -> str:
    drive: DriveState = call.twin.drive
    item_id = "AAAA" + call.universe.ids.token("google.comment", 10, MIXED_ALNUM)
    now = drive.now()
    drive.db.insert(
        "google_drive_comments",
        {
            "file_id": file_id,
            "id": item_id,
            "parent_id": parent_id,
            "author": principal.email,
            "created": now,
            "modified": now,
            **fields,
        },
    )
    drive.record_change(file_id)
    return item_id


def _may_edit(principal: Principal, row) -> None:
    if row["author"].lower() != principal.email.lower():
        raise GoogleError(
            403,
            "insufficientPermissions",
            "The user does not have sufficient permissions for this comment.",
        )


def _may_delete(call: Call, principal: Principal, file: dict, row) -> None:
    author = row["author"].lower() == principal.email.lower()
    if not author and not at_least(call.twin.drive.role_of(principal, file["id"]), "writer"):
        raise GoogleError(
            403,
            "insufficientPermissions",
            "The user does not have sufficient permissions for this comment.",
        )


# -- comments -----------------------------------------------------------------------------------
@operation("drive.comments.create")
def create(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file = _file(call, principal, "commenter")
    given = body(call, "Comment")
    if not given.get("content"):
        raise required("content", "A comment must have content.")
    quoted = given.get("quotedFileContent")
    item_id = insert(
        call,
        principal,
        file["id"],
        None,
        {
            "content": given["content"],
            "quoted": json.dumps(quoted) if quoted else None,
            "anchor": given.get("anchor"),
        },
    )
    row = _row(call.twin.drive, file["id"], item_id, None, "Comment")
    return wire.partial(call, _comment_json(call, row, principal.email, False), "Comment")


@operation("drive.comments.list")
def list_(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file = _file(call, principal)
    include_deleted = flag(call, "includeDeleted")
    since = call.query.get("startModifiedTime")
    rows = call.twin.drive.db.all(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id IS NULL "
        "ORDER BY rowid",
        (file["id"],),
    )
    if since:
        try:
            floor = parse_timestamp(since)
        except ValueError:
            raise GoogleError(
                400, "invalid", f"Invalid value for: {since}", location="startModifiedTime"
            ) from None
        rows = [r for r in rows if r["modified"] >= floor]
    rows = [r for r in rows if include_deleted or not r["deleted"]]
    chosen, token = paging.page(call, rows, 20, 100)
    answer = {
        "kind": "drive#commentList",
        "comments": [_comment_json(call, r, principal.email, include_deleted) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "CommentList")


@operation("drive.comments.get")
def get(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file = _file(call, principal)
    row = _row(call.twin.drive, file["id"], call.path_params["commentId"], None, "Comment")
    include_deleted = flag(call, "includeDeleted")
    if row["deleted"] and not include_deleted:
        raise not_found(f"Comment not found: {row['id']}.", location="commentId")
    return wire.partial(call, _comment_json(call, row, principal.email, include_deleted), "Comment")


@operation("drive.comments.update")
def update(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    drive: DriveState = call.twin.drive
    file = _file(call, principal, "commenter")
    row = _row(drive, file["id"], call.path_params["commentId"], None, "Comment")
    _may_edit(principal, row)
    given = body(call, "Comment")
    if given.get("content"):
        drive.db.execute(
            "UPDATE google_drive_comments SET content = ?, modified = ? WHERE file_id = ? "
            "AND id = ?",
            (given["content"], drive.now(), file["id"], row["id"]),
        )
    row = _row(drive, file["id"], row["id"], None, "Comment")
    return wire.partial(call, _comment_json(call, row, principal.email, False), "Comment")


@operation("drive.comments.delete")
def delete(call: Call) -> Response:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = _file(call, principal, "commenter")
    row = _row(drive, file["id"], call.path_params["commentId"], None, "Comment")
    _may_delete(call, principal, file, row)
    drive.db.execute(
        "UPDATE google_drive_comments SET deleted = 1, modified = ? WHERE file_id = ? AND "
        "(id = ? OR parent_id = ?)",
        (drive.now(), file["id"], row["id"], row["id"]),
    )
    return Response(status_code=204)


# -- replies ------------------------------------------------------------------------------------
def _comment(call: Call, principal: Principal, role: str = "reader") -> tuple[dict, object]:
    file = _file(call, principal, role)
    comment = _row(call.twin.drive, file["id"], call.path_params["commentId"], None, "Comment")
    if comment["deleted"]:
        raise not_found(f"Comment not found: {comment['id']}.", location="commentId")
    return file, comment


@operation("drive.replies.create")
def create_reply(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    drive: DriveState = call.twin.drive
    file, comment = _comment(call, principal, "commenter")
    given = body(call, "Reply")
    action = given.get("action")
    if action not in (None, "resolve", "reopen"):
        raise GoogleError(400, "invalid", f"Invalid value for: {action}", location="action")
    if not given.get("content") and not action:
        raise required("content", "A reply must have content or an action.")
    item_id = insert(
        call,
        principal,
        file["id"],
        comment["id"],
        {"content": given.get("content") or "", "action": action},
    )
    if action:
        drive.db.execute(
            "UPDATE google_drive_comments SET resolved = ?, modified = ? WHERE file_id = ? "
            "AND id = ?",
            (int(action == "resolve"), drive.now(), file["id"], comment["id"]),
        )
    row = _row(drive, file["id"], item_id, comment["id"], "Reply")
    return wire.partial(call, _reply_json(call, row, principal.email), "Reply")


@operation("drive.replies.list")
def list_replies(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file, comment = _comment(call, principal)
    include_deleted = flag(call, "includeDeleted")
    rows = call.twin.drive.db.all(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id = ? ORDER BY rowid",
        (file["id"], comment["id"]),
    )
    rows = [r for r in rows if include_deleted or not r["deleted"]]
    chosen, token = paging.page(call, rows, 20, 100)
    answer = {
        "kind": "drive#replyList",
        "replies": [_reply_json(call, r, principal.email) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "ReplyList")


@operation("drive.replies.get")
def get_reply(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file, comment = _comment(call, principal)
    row = _row(call.twin.drive, file["id"], call.path_params["replyId"], comment["id"], "Reply")
    if row["deleted"] and not flag(call, "includeDeleted"):
        raise not_found(f"Reply not found: {row['id']}.", location="replyId")
    return wire.partial(call, _reply_json(call, row, principal.email), "Reply")


@operation("drive.replies.update")
def update_reply(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    drive: DriveState = call.twin.drive
    file, comment = _comment(call, principal, "commenter")
    row = _row(drive, file["id"], call.path_params["replyId"], comment["id"], "Reply")
    _may_edit(principal, row)
    given = body(call, "Reply")
    if given.get("content"):
        drive.db.execute(
            "UPDATE google_drive_comments SET content = ?, modified = ? WHERE file_id = ? "
            "AND id = ?",
            (given["content"], drive.now(), file["id"], row["id"]),
        )
    row = _row(drive, file["id"], row["id"], comment["id"], "Reply")
    return wire.partial(call, _reply_json(call, row, principal.email), "Reply")


@operation("drive.replies.delete")
def delete_reply(call: Call) -> Response:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file, comment = _comment(call, principal, "commenter")
    row = _row(drive, file["id"], call.path_params["replyId"], comment["id"], "Reply")
    _may_delete(call, principal, file, row)
    drive.db.execute(
        "UPDATE google_drive_comments SET deleted = 1, modified = ? WHERE file_id = ? AND id = ?",
        (drive.now(), file["id"], row["id"]),
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/drive/v3/files/{fileId}/comments"
    replies = base + "/{commentId}/replies"
    return [
        Route(base, create, methods=["POST"]),
        Route(base, list_, methods=["GET"]),
        Route(base + "/{commentId}", get, methods=["GET"]),
        Route(base + "/{commentId}", update, methods=["PATCH"]),
        Route(base + "/{commentId}", delete, methods=["DELETE"]),
        Route(replies, create_reply, methods=["POST"]),
        Route(replies, list_replies, methods=["GET"]),
        Route(replies + "/{replyId}", get_reply, methods=["GET"]),
        Route(replies + "/{replyId}", update_reply, methods=["PATCH"]),
        Route(replies + "/{replyId}", delete_reply, methods=["DELETE"]),
    ]
