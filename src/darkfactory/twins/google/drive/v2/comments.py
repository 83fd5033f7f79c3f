"""Drive v2 ``comments.*`` and ``replies.*``: v3's discussions (``drive.comments``) in v2's
words. A comment is named by ``commentId`` and carries its file's ``fileId`` and ``fileTitle``,
its ``status`` (``open`` or ``resolved``) and the quoted text as ``context``; a reply is named by
``replyId`` and resolves or reopens its comment by its ``verb``. Authors say
``isAuthenticatedUser`` where v3 says ``me``.
"""

from __future__ import annotations

import html
import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, flag, timestamp
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import comments, paging
from darkfactory.twins.google.drive import wire as v3_wire
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call, operation

AUTHOR_KEYS = ("kind", "displayName", "picture", "isAuthenticatedUser")


def _author(call: Call, email: str, me: str) -> dict:
    user = wire.user_json(v3_wire.user_json(call, email, me))
    return {key: user[key] for key in AUTHOR_KEYS}


def reply_json(call: Call, row, me: str) -> dict:
    answer = {
        "kind": "drive#commentReply",
        "replyId": row["id"],
        "createdDate": timestamp(row["created"]),
        "modifiedDate": timestamp(row["modified"]),
        "author": _author(call, row["author"], me),
        "deleted": bool(row["deleted"]),
    }
    if not row["deleted"]:
        answer |= {"content": row["content"], "htmlContent": html.escape(row["content"])}
    if row["action"]:
        answer["verb"] = row["action"]
    return answer


def comment_json(call: Call, file: dict, row, me: str, include_deleted: bool) -> dict:
    replies = comments.replies_of(call, file, row, include_deleted)
    answer = reply_json(call, row, me)
    for key in ("kind", "replyId", "verb"):
        answer.pop(key, None)
    answer |= {
        "kind": "drive#comment",
        "commentId": row["id"],
        "fileId": file["id"],
        "fileTitle": file["name"],
        "selfLink": wire.link(call, f"files/{file['id']}/comments/{row['id']}"),
        "status": "resolved" if row["resolved"] else "open",
        "replies": [reply_json(call, r, me) for r in replies],
    }
    if row["quoted"]:
        quoted = json.loads(row["quoted"])
        answer["context"] = {"type": quoted.get("mimeType", "text/plain"), "value": quoted["value"]}
    if row["anchor"]:
        answer["anchor"] = row["anchor"]
    return answer


def _answer(call: Call, file: dict, row, me: str, include_deleted: bool = False) -> dict:
    return wire.partial(call, comment_json(call, file, row, me, include_deleted), "Comment")


def _quoted(context: dict | None) -> dict | None:
    if not context or not context.get("value"):
        return None
    return {"mimeType": context.get("type") or "text/plain", "value": context["value"]}


def _comment(call: Call, principal, role: str = "reader") -> tuple[dict, object]:
    file = comments.commented_file(call, principal, role)
    found = comments.find(
        call.twin.drive, file["id"], call.path_params["commentId"], None, "Comment"
    )
    return file, found


# -- comments -----------------------------------------------------------------------------------
@operation("drive.v2.comments.insert")
def insert(call: Call) -> dict:
    principal = require(call)
    file = comments.commented_file(call, principal, "commenter")
    given = body(call, "Comment")
    row = comments.add_comment(
        call,
        principal,
        file,
        given.get("content"),
        _quoted(given.get("context")),
        given.get("anchor"),
    )
    return _answer(call, file, row, principal.email)


@operation("drive.v2.comments.list")
def list_(call: Call) -> dict:
    principal = require(call)
    file = comments.commented_file(call, principal)
    include_deleted = flag(call, "includeDeleted")
    since = call.query.get("updatedMin")
    rows = comments.comments_of(call, file, include_deleted, since, "updatedMin")
    chosen, token = paging.page(call, rows, 20, 100, "maxResults")
    answer = {
        "kind": "drive#commentList",
        "selfLink": wire.link(call, f"files/{file['id']}/comments"),
        "items": [comment_json(call, file, r, principal.email, include_deleted) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "CommentList")


@operation("drive.v2.comments.get")
def get(call: Call) -> dict:
    principal = require(call)
    file, row = _comment(call, principal)
    include_deleted = flag(call, "includeDeleted")
    comments.shown(row, include_deleted, "Comment")
    return _answer(call, file, row, principal.email, include_deleted)


def _edit(call: Call) -> dict:
    principal = require(call)
    file, row = _comment(call, principal, "commenter")
    comments.shown(row, False, "Comment")
    row = comments.edit(call, principal, file, row, body(call, "Comment").get("content"))
    return _answer(call, file, row, principal.email)


patch = operation("drive.v2.comments.patch")(_edit)
update = operation("drive.v2.comments.update")(_edit)


@operation("drive.v2.comments.delete")
def delete(call: Call) -> Response:
    principal = require(call)
    file, row = _comment(call, principal, "commenter")
    comments.remove(call, principal, file, row)
    return Response(status_code=204)


# -- replies ------------------------------------------------------------------------------------
def _reply(call: Call, principal, role: str = "reader") -> tuple[dict, object]:
    file, comment = comments.open_comment(call, principal, role)
    reply_id = call.path_params["replyId"]
    return file, comments.find(call.twin.drive, file["id"], reply_id, comment["id"], "Reply")


def _reply_answer(call: Call, row, me: str) -> dict:
    return wire.partial(call, reply_json(call, row, me), "CommentReply")


@operation("drive.v2.replies.insert")
def insert_reply(call: Call) -> dict:
    principal = require(call)
    file, comment = comments.open_comment(call, principal, "commenter")
    given = body(call, "CommentReply")
    content, verb = given.get("content"), given.get("verb")
    row = comments.add_reply(call, principal, file, comment, content, verb)
    return _reply_answer(call, row, principal.email)


@operation("drive.v2.replies.list")
def list_replies(call: Call) -> dict:
    principal = require(call)
    file, comment = comments.open_comment(call, principal)
    rows = comments.replies_of(call, file, comment, flag(call, "includeDeleted"))
    chosen, token = paging.page(call, rows, 20, 100, "maxResults")
    path = f"files/{file['id']}/comments/{comment['id']}/replies"
    answer = {
        "kind": "drive#commentReplyList",
        "selfLink": wire.link(call, path),
        "items": [reply_json(call, r, principal.email) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "CommentReplyList")


@operation("drive.v2.replies.get")
def get_reply(call: Call) -> dict:
    principal = require(call)
    _, row = _reply(call, principal)
    comments.shown(row, flag(call, "includeDeleted"), "Reply")
    return _reply_answer(call, row, principal.email)


def _edit_reply(call: Call) -> dict:
    principal = require(call)
    file, row = _reply(call, principal, "commenter")
    comments.shown(row, False, "Reply")
    row = comments.edit(call, principal, file, row, body(call, "CommentReply").get("content"))
    return _reply_answer(call, row, principal.email)


patch_reply = operation("drive.v2.replies.patch")(_edit_reply)
update_reply = operation("drive.v2.replies.update")(_edit_reply)


@operation("drive.v2.replies.delete")
def delete_reply(call: Call) -> Response:
    principal = require(call)
    file, row = _reply(call, principal, "commenter")
    comments.remove(call, principal, file, row)
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/drive/v2/files/{fileId}/comments"
    one = base + "/{commentId}"
    replies = one + "/replies"
    return [
        Route(base, insert, methods=["POST"]),
        Route(base, list_, methods=["GET"]),
        Route(one, get, methods=["GET"]),
        Route(one, patch, methods=["PATCH"]),
        Route(one, update, methods=["PUT"]),
        Route(one, delete, methods=["DELETE"]),
        Route(replies, insert_reply, methods=["POST"]),
        Route(replies, list_replies, methods=["GET"]),
        Route(replies + "/{replyId}", get_reply, methods=["GET"]),
        Route(replies + "/{replyId}", patch_reply, methods=["PATCH"]),
        Route(replies + "/{replyId}", update_reply, methods=["PUT"]),
        Route(replies + "/{replyId}", delete_reply, methods=["DELETE"]),
    ]
