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


def commented_file(call: Call, principal: Principal, role: str = "reader") -> dict:
    """The file in the path, if the caller holds ``role`` on it."""
    return visible(call, principal, call.path_params["fileId"], role)


def find(drive: DriveState, file_id: str, item_id: str, parent_id: str | None, kind: str):
    """The comment (``parent_id`` None) or reply; Drive's 404 naming ``kind`` if absent."""
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


def _refuse() -> GoogleError:
    return GoogleError(
        403,
        "insufficientPermissions",
        "The user does not have sufficient permissions for this comment.",
    )


def add_comment(call: Call, principal: Principal, file: dict, content: str, quoted, anchor):
    """A new comment by the caller (a commenter or up) on ``file``; its row."""
    if not content:
        raise required("content", "A comment must have content.")
    fields = {
        "content": content,
        "quoted": json.dumps(quoted) if quoted else None,
        "anchor": anchor,
    }
    item_id = insert(call, principal, file["id"], None, fields)
    return find(call.twin.drive, file["id"], item_id, None, "Comment")


def comments_of(call: Call, file: dict, include_deleted: bool, since: str | None, param: str):
    """The file's comments in order, those modified since ``since`` (named ``param``)."""
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
                400, "invalid", f"Invalid value for: {since}", location=param
            ) from None
        rows = [r for r in rows if r["modified"] >= floor]
    return [r for r in rows if include_deleted or not r["deleted"]]


def replies_of(call: Call, file: dict, comment, include_deleted: bool) -> list:
    rows = call.twin.drive.db.all(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id = ? ORDER BY rowid",
        (file["id"], comment["id"]),
    )
    return [r for r in rows if include_deleted or not r["deleted"]]


def shown(row, include_deleted: bool, kind: str):
    """``row`` unless it was deleted and the request did not ask for deleted ones."""
    if row["deleted"] and not include_deleted:
        raise not_found(f"{kind} not found: {row['id']}.", location=f"{kind.lower()}Id")
    return row


def edit(call: Call, principal: Principal, file: dict, row, content: str | None):
    """The author's new words for a comment or reply; the row as it now stands."""
    if row["author"].lower() != principal.email.lower():
        raise _refuse()
    drive: DriveState = call.twin.drive
    if content:
        drive.db.execute(
            "UPDATE google_drive_comments SET content = ?, modified = ? WHERE file_id = ? "
            "AND id = ?",
            (content, drive.now(), file["id"], row["id"]),
        )
    return find(
        drive, file["id"], row["id"], row["parent_id"], "Reply" if row["parent_id"] else "Comment"
    )


def remove(call: Call, principal: Principal, file: dict, row) -> None:
    """Delete a comment (with its replies) or a reply: its author or an editor of the file."""
    drive: DriveState = call.twin.drive
    author = row["author"].lower() == principal.email.lower()
    if not author and not at_least(drive.role_of(principal, file["id"]), "writer"):
        raise _refuse()
    drive.db.execute(
        "UPDATE google_drive_comments SET deleted = 1, modified = ? WHERE file_id = ? AND "
        "(id = ? OR parent_id = ?)",
        (drive.now(), file["id"], row["id"], row["id"]),
    )


def open_comment(call: Call, principal: Principal, role: str = "reader") -> tuple[dict, object]:
    """The file and the (not deleted) comment in the path, if the caller holds ``role``."""
    file = commented_file(call, principal, role)
    comment = find(call.twin.drive, file["id"], call.path_params["commentId"], None, "Comment")
    return file, shown(comment, False, "Comment")


def add_reply(call: Call, principal: Principal, file: dict, comment, content, action):
    """A new reply; its ``action`` ``resolve`` or ``reopen`` also resolves or
    reopens the comment. Its row."""
    drive: DriveState = call.twin.drive
    if action not in (None, "resolve", "reopen"):
        raise GoogleError(400, "invalid", f"Invalid value for: {action}", location="action")
    if not content and not action:
        raise required("content", "A reply must have content or an action.")
    fields = {"content": content or "", "action": action}
    item_id = insert(call, principal, file["id"], comment["id"], fields)
    if action:
        drive.db.execute(
            "UPDATE google_drive_comments SET resolved = ?, modified = ? WHERE file_id = ? "
            "AND id = ?",
            (int(action == "resolve"), drive.now(), file["id"], comment["id"]),
        )
    return find(drive, file["id"], item_id, comment["id"], "Reply")


# -- comments -----------------------------------------------------------------------------------
@operation("drive.comments.create")
def create(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file = commented_file(call, principal, "commenter")
    given = body(call, "Comment")
    row = add_comment(
        call,
        principal,
        file,
        given.get("content"),
        given.get("quotedFileContent"),
        given.get("anchor"),
    )
    return wire.partial(call, _comment_json(call, row, principal.email, False), "Comment")


@operation("drive.comments.list")
def list_(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file = commented_file(call, principal)
    include_deleted = flag(call, "includeDeleted")
    since = call.query.get("startModifiedTime")
    rows = comments_of(call, file, include_deleted, since, "startModifiedTime")
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
    file = commented_file(call, principal)
    row = find(call.twin.drive, file["id"], call.path_params["commentId"], None, "Comment")
    include_deleted = flag(call, "includeDeleted")
    shown(row, include_deleted, "Comment")
    return wire.partial(call, _comment_json(call, row, principal.email, include_deleted), "Comment")


@operation("drive.comments.update")
def update(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file = commented_file(call, principal, "commenter")
    row = find(call.twin.drive, file["id"], call.path_params["commentId"], None, "Comment")
    row = edit(call, principal, file, row, body(call, "Comment").get("content"))
    return wire.partial(call, _comment_json(call, row, principal.email, False), "Comment")


@operation("drive.comments.delete")
def delete(call: Call) -> Response:
    principal = require(call)
    file = commented_file(call, principal, "commenter")
    row = find(call.twin.drive, file["id"], call.path_params["commentId"], None, "Comment")
    remove(call, principal, file, row)
    return Response(status_code=204)


# -- replies ------------------------------------------------------------------------------------
@operation("drive.replies.create")
def create_reply(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file, comment = open_comment(call, principal, "commenter")
    given = body(call, "Reply")
    row = add_reply(call, principal, file, comment, given.get("content"), given.get("action"))
    return wire.partial(call, _reply_json(call, row, principal.email), "Reply")


@operation("drive.replies.list")
def list_replies(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file, comment = open_comment(call, principal)
    rows = replies_of(call, file, comment, flag(call, "includeDeleted"))
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
    file, comment = open_comment(call, principal)
    row = find(call.twin.drive, file["id"], call.path_params["replyId"], comment["id"], "Reply")
    shown(row, flag(call, "includeDeleted"), "Reply")
    return wire.partial(call, _reply_json(call, row, principal.email), "Reply")


@operation("drive.replies.update")
def update_reply(call: Call) -> dict:
    principal = require(call)
    _need_fields(call)
    file, comment = open_comment(call, principal, "commenter")
    row = find(call.twin.drive, file["id"], call.path_params["replyId"], comment["id"], "Reply")
    row = edit(call, principal, file, row, body(call, "Reply").get("content"))
    return wire.partial(call, _reply_json(call, row, principal.email), "Reply")


@operation("drive.replies.delete")
def delete_reply(call: Call) -> Response:
    principal = require(call)
    file, comment = open_comment(call, principal, "commenter")
    row = find(call.twin.drive, file["id"], call.path_params["replyId"], comment["id"], "Reply")
    remove(call, principal, file, row)
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
