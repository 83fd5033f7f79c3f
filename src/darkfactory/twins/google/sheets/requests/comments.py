"""Comment threads on cells: insertComment, addCommentReply, updateCommentPost, deleteComment,
deleteCommentReply. A thread is the file's Drive comment (see ``sheets.comments``); only a post's
author may change or delete it, and a reply that resolved, reopened or assigned its thread stays.
"""

from __future__ import annotations

import json

from darkfactory.twins.google.sheets import comments
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request

LIMIT = 2048
ACTIONS = {"RESOLVE": ("resolve", 1), "REOPEN": ("reopen", 0)}


def _text(value, what: str, required: bool = True) -> str:
    text = value or ""
    if required and not text.strip():
        raise RequestError(f"The {what} cannot be empty.")
    if len(text.encode("utf-8")) > LIMIT:
        raise RequestError(f"The {what} must not exceed {LIMIT} UTF-8 code units.")
    return text


def _assignee(value) -> str:
    email = _text(value, "assignee email address", required=False)
    if email and "@" not in email:
        raise RequestError(f"Invalid assignee email address: {email}")
    return email


def _thread(batch: Batch, comment_id):
    head = comments.row(batch.call, batch.book, comment_id or "")
    if head is None:
        raise RequestError(f"No comment with id: {comment_id}")
    return head


def _post(batch: Batch, comment_id, post_id):
    """The head post (``post_id`` is the thread's own id) or a reply of the thread."""
    head = _thread(batch, comment_id)
    if post_id == head["id"]:
        return head, None
    reply = comments.row(batch.call, batch.book, post_id or "", head["id"])
    if reply is None:
        raise RequestError(f"No post with id: {post_id}")
    return head, reply


def _authored(batch: Batch, post, doing: str) -> None:
    if post["author"].lower() != batch.principal.email.lower():
        raise RequestError(f"Only the author of a post can {doing} it.")


@request("insertComment")
def insert_comment(batch: Batch, body: dict) -> dict:
    content = _text(body.get("content"), "comment content")
    assignee = _assignee(body.get("assigneeEmailAddress"))
    coordinate = body.get("coordinate") or {}
    sheet = batch.sheet(coordinate.get("sheetId", 0))
    row, col = coordinate.get("rowIndex", 0), coordinate.get("columnIndex", 0)
    if not (0 <= row < sheet.rows and 0 <= col < sheet.columns):
        raise RequestError(
            f"Coordinate (row {row}, column {col}) is outside the grid of sheet {sheet.id}."
        )
    span = Span(sheet.title, row, row + 1, col, col + 1)
    cell = sheet.peek(row, col)
    quoted = cell.formatted() if cell else None
    comment_id = comments.insert(
        batch.call,
        batch.book,
        batch.principal,
        content,
        quoted=json.dumps({"mimeType": "text/plain", "value": quoted}) if quoted else None,
    )
    comments.place(batch.call, batch.book, sheet, span, comment_id, assignee)
    head = comments.row(batch.call, batch.book, comment_id)
    return {"commentThread": comments.thread_json(batch.call, batch.book, head, batch.principal)}


@request("addCommentReply")
def add_comment_reply(batch: Batch, body: dict) -> dict:
    head = _thread(batch, body.get("commentId"))
    post = body.get("post") or {}
    action = ACTIONS.get(post.get("commentAction") or "")
    content = _text(post.get("content"), "reply content", required=action is None)
    assignee = _assignee(post.get("assigneeEmail"))
    placed = comments.anchor_of(batch.book, head["id"])
    if assignee and placed is None:
        raise RequestError("A comment that is not on a cell can't be assigned.")
    reply_id = comments.insert(
        batch.call,
        batch.book,
        batch.principal,
        content,
        parent_id=head["id"],
        action=action[0] if action else None,
    )
    if action:
        comments.change(batch.call, batch.book, head["id"], resolved=action[1])
    if assignee:
        placed[1].setdefault("assignees", {})[reply_id] = assignee
    reply = comments.row(batch.call, batch.book, reply_id, head["id"])
    return {"post": comments.post_json(batch.call, reply, batch.principal, assignee or None)}


@request("updateCommentPost")
def update_comment_post(batch: Batch, body: dict) -> None:
    head, reply = _post(batch, body.get("commentId"), body.get("postId"))
    post = reply or head
    _authored(batch, post, "update")
    content = _text(body.get("content"), "comment content")
    comments.change(batch.call, batch.book, post["id"], content=content)


@request("deleteComment")
def delete_comment(batch: Batch, body: dict) -> None:
    head = _thread(batch, body.get("commentId"))
    _authored(batch, head, "delete")
    comments.change(batch.call, batch.book, head["id"], deleted=1)
    placed = comments.anchor_of(batch.book, head["id"])
    if placed:
        comments.anchors(placed[0]).remove(placed[1])


@request("deleteCommentReply")
def delete_comment_reply(batch: Batch, body: dict) -> None:
    head, reply = _post(batch, body.get("commentId"), body.get("postId"))
    if reply is None:
        raise RequestError("The head post of a thread is deleted with deleteComment.")
    _authored(batch, reply, "delete")
    if reply["action"]:
        raise RequestError("A reply that resolved or reopened its thread can't be deleted.")
    placed = comments.anchor_of(batch.book, head["id"])
    if placed and reply["id"] in placed[1].get("assignees", {}):
        raise RequestError("A reply that assigned its thread can't be deleted.")
    comments.change(batch.call, batch.book, reply["id"], deleted=1)
