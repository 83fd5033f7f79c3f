"""Comments in a document: threads anchored to ranges of a tab, kept as the Drive comments of
the document's file, so ``drive.comments.list`` shows what ``insertComment`` made and a thread
started in Drive shows in ``documents.get`` (with ``commentsViewMode``).

A tab keeps each anchor's ranges (``commentAnchors``); only a post's author may change or
delete it, and a reply may resolve or reopen its thread.
"""

from __future__ import annotations

import html
import json

from darkfactory.twins.google.docs.edits import Document, EditError, check_range, overlapping
from darkfactory.twins.google.drive import comments as drive_comments
from darkfactory.twins.google.drive import wire
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.times import timestamp
from darkfactory.twins.kit.operation import Call

LIMIT = 2048
ACTIONS = {"RESOLVE": "resolve", "REOPEN": "reopen"}


def _content(content: str | None, required: bool = True) -> str:
    content = content or ""
    if required and not content:
        raise EditError("The comment content must not be empty.")
    if len(content.encode("utf-8")) > LIMIT:
        raise EditError(f"The comment content must not exceed {LIMIT} UTF-8 code units.")
    return content


def _row(call: Call, file_id: str, item_id: str, parent_id: str | None):
    row = call.twin.drive.db.one(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND id = ? AND parent_id IS ?"
        " AND deleted = 0",
        (file_id, item_id, parent_id),
    )
    if row is None:
        noun = "Comment" if parent_id is None else "Post"
        raise EditError(f"{noun} {item_id} not found.")
    return row


def _thread(call: Call, file_id: str, comment_id: str | None, suggestion_id: str | None):
    if suggestion_id:
        raise EditError(f"Suggestion {suggestion_id} not found.")
    return _row(call, file_id, comment_id or "", None)


def _own(row, principal: Principal) -> None:
    if row["author"].lower() != principal.email.lower():
        raise EditError("Only the author of a post may change or delete it.")


def _touch(call: Call, file_id: str, item_id: str, **columns) -> None:
    drive = call.twin.drive
    sets = ", ".join(f"{name} = ?" for name in columns)
    drive.db.execute(
        f"UPDATE google_drive_comments SET {sets}, modified = ? WHERE file_id = ? AND id = ?",
        (*columns.values(), drive.now(), file_id, item_id),
    )
    drive.record_change(file_id)


def post_json(call: Call, row, me: str) -> dict:
    """A ``Post``: a thread's head or a reply."""
    out = {
        "postId": row["id"],
        "createTime": timestamp(row["created"]),
        "updateTime": timestamp(row["modified"]),
    }
    if row["deleted"]:
        return {**out, "deleted": True}
    user = wire.user_json(call, row["author"], me)
    author = {"displayName": user["displayName"], "me": user["me"]}
    if user["permissionId"]:
        author["user"] = f"users/{user['permissionId']}"
    out |= {"author": author, "content": row["content"], "contentHtml": html.escape(row["content"])}
    if row["action"] in ACTIONS.values():
        out["commentAction"] = row["action"].upper()
    return out


def threads(call: Call, file_id: str, me: str) -> list[dict]:
    """The document's comment threads (``CommentThread``), oldest first."""
    db = call.twin.drive.db
    rows = db.all(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id IS NULL"
        " AND deleted = 0 ORDER BY rowid",
        (file_id,),
    )
    out = []
    for row in rows:
        replies = db.all(
            "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id = ?"
            " ORDER BY rowid",
            (file_id, row["id"]),
        )
        thread = {
            "commentId": row["id"],
            "headPost": post_json(call, row, me),
            "replies": [post_json(call, reply, me) for reply in replies],
            "status": "RESOLVED" if row["resolved"] else "OPEN",
        }
        if row["anchor"] and row["anchor"].startswith("kix."):
            thread["anchorId"] = row["anchor"]
        if row["quoted"]:
            thread["plainTextQuote"] = json.loads(row["quoted"]).get("value", "")
        out.append(thread)
    return out


def insert_comment(
    call: Call,
    principal: Principal,
    file_id: str,
    tab: tuple[Document, str],
    span: tuple[int, int],
    content: str,
    anchor_id: str,
) -> dict:
    """A new thread on ``span`` of a tab's body (``tab`` is its content and id)."""
    doc, tab_id = tab
    start, end = span
    check_range(doc, start, end)
    quote = "".join(
        placed.paragraph.plain[max(start - placed.start, 0) : end - placed.start]
        for placed in overlapping(doc, start, end)
    )
    comment_id = drive_comments.insert(
        call,
        principal,
        file_id,
        None,
        {
            "content": _content(content),
            "anchor": anchor_id,
            "quoted": json.dumps({"mimeType": "text/plain", "value": quote}),
        },
    )
    ranges = [{"startIndex": start, "endIndex": end, "tabId": tab_id}]
    doc.comment_anchors[anchor_id] = {"anchorId": anchor_id, "ranges": ranges}
    return next(t for t in threads(call, file_id, principal.email) if t["commentId"] == comment_id)


def add_reply(
    call: Call, principal: Principal, file_id: str, body: dict, comment_id: str | None
) -> dict:
    thread = _thread(call, file_id, comment_id, body.get("suggestionId"))
    post = body.get("post") or {}
    action = post.get("commentAction") or "NO_COMMENT_ACTION_CHANGE"
    if action not in (*ACTIONS, "NO_COMMENT_ACTION_CHANGE"):
        raise EditError(f"Invalid commentAction: {action}")
    content = _content(post.get("content"), required=action not in ACTIONS)
    reply_id = drive_comments.insert(
        call,
        principal,
        file_id,
        thread["id"],
        {"content": content, "action": ACTIONS.get(action)},
    )
    if action in ACTIONS:
        _touch(call, file_id, thread["id"], resolved=int(action == "RESOLVE"))
    return post_json(call, _row(call, file_id, reply_id, thread["id"]), principal.email)


def delete_comment(call: Call, principal: Principal, file_id: str, comment_id: str) -> None:
    thread = _thread(call, file_id, comment_id, None)
    _own(thread, principal)
    _touch(call, file_id, thread["id"], deleted=1)


def delete_reply(call: Call, principal: Principal, file_id: str, body: dict) -> None:
    thread = _thread(call, file_id, body.get("commentId"), body.get("suggestionId"))
    post = _row(call, file_id, body.get("postId") or "", thread["id"])
    _own(post, principal)
    if post["action"]:
        raise EditError("A reply that resolves or reopens its thread cannot be deleted.")
    _touch(call, file_id, post["id"], deleted=1)


def update_post(call: Call, principal: Principal, file_id: str, body: dict) -> None:
    """Change a post's text: the thread's head (``postId`` is the comment's id) or a reply."""
    thread = _thread(call, file_id, body.get("commentId"), body.get("suggestionId"))
    post_id = body.get("postId") or ""
    post = thread if post_id == thread["id"] else _row(call, file_id, post_id, thread["id"])
    _own(post, principal)
    _touch(call, file_id, post["id"], content=_content(body.get("content")))
