"""Comment threads on a spreadsheet's cells: the file's Drive comments, seen as Sheets sees them.

A thread is a Drive comment (its head post) and its replies, so Drive's ``comments.list`` shows
what Sheets' ``insertComment`` wrote, and back. Its cell is a ``CommentAnchor`` kept on the sheet
(``commentAnchors``, with the thread's id and the assignee each post named beside the wire
fields); Drive's ``anchor`` names that anchor as Sheets' ``workbook-range`` anchors do. No HTTP.
"""

from __future__ import annotations

import html
import json

from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.workbook import Sheet, Workbook
from darkfactory.twins.google.times import timestamp
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call

ANCHOR_WIRE = ("anchorId", "range")


def anchors(sheet: Sheet) -> list[dict]:
    """The sheet's comment anchors as kept: wire fields, ``commentId`` and ``assignees`` (the
    assignee email each post named, by post id)."""
    return sheet.extras.setdefault("commentAnchors", [])


def anchor_of(book: Workbook, comment_id: str) -> tuple[Sheet, dict] | None:
    for sheet in book.sheets:
        for anchor in anchors(sheet):
            if anchor["commentId"] == comment_id:
                return sheet, anchor
    return None


def row(call: Call, book: Workbook, comment_id: str, parent_id: str | None = None):
    """The Drive comment (or, with ``parent_id``, reply) row, if it is there and not deleted."""
    found = call.twin.drive.db.one(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND id = ? AND parent_id IS ?"
        " AND deleted = 0",
        (book.id, comment_id, parent_id),
    )
    return found


def insert(call: Call, book: Workbook, principal: Principal, content: str, **columns) -> str:
    """A new Drive comment row (a reply when ``parent_id`` is given); its id."""
    drive = call.twin.drive
    post_id = "AAAA" + call.universe.ids.token("google.comment", 10, MIXED_ALNUM)
    now = drive.now()
    drive.db.insert(
        "google_drive_comments",
        {
            "file_id": book.id,
            "id": post_id,
            "author": principal.email,
            "content": content,
            "created": now,
            "modified": now,
            **columns,
        },
    )
    drive.record_change(book.id)
    return post_id


def change(call: Call, book: Workbook, post_id: str, **columns) -> None:
    """Set ``columns`` of a post (and its ``modified`` time); ``deleted=1`` takes a head post's
    replies along."""
    drive = call.twin.drive
    assignments = "".join(f", {name} = ?" for name in columns)
    replies = " OR parent_id = ?" if columns.get("deleted") else ""
    drive.db.execute(
        f"UPDATE google_drive_comments SET modified = ?{assignments} WHERE file_id = ?"
        f" AND (id = ?{replies})",
        (drive.now(), *columns.values(), book.id, post_id, *([post_id] if replies else [])),
    )
    drive.record_change(book.id)


def place(
    call: Call, book: Workbook, sheet: Sheet, span: Span, comment_id: str, assignee: str
) -> None:
    """Anchor the thread ``comment_id`` to ``span`` (one cell) of ``sheet``."""
    anchor = {
        "anchorId": call.universe.ids.token("google.sheets.anchor", 12, MIXED_ALNUM),
        "range": span.grid_range(sheet.id),
        "commentId": comment_id,
    }
    if assignee:
        anchor["assignees"] = {comment_id: assignee}
    anchors(sheet).append(anchor)
    drive_anchor = {"type": "workbook-range", "uid": sheet.id, "range": anchor["anchorId"]}
    call.twin.drive.db.execute(
        "UPDATE google_drive_comments SET anchor = ? WHERE file_id = ? AND id = ?",
        (json.dumps(drive_anchor), book.id, comment_id),
    )


def post_json(call: Call, post, principal: Principal, assignee: str | None = None) -> dict:
    """A ``Post`` from a Drive comment or reply row."""
    account = call.twin.state.account(post["author"]) or {"name": post["author"], "id": ""}
    out = {
        "postId": post["id"],
        "author": {
            "displayName": account["name"],
            "me": post["author"].lower() == principal.email.lower(),
            "user": f"users/{account['id']}",
        },
        "content": post["content"],
        "contentHtml": html.escape(post["content"]),
        "createTime": timestamp(post["created"]),
        "updateTime": timestamp(post["modified"]),
    }
    action = {"resolve": "RESOLVE", "reopen": "REOPEN"}.get(post["action"] or "")
    if action:
        out["commentAction"] = action
    if assignee:
        out["assigneeEmail"] = assignee
    return out


def thread_json(call: Call, book: Workbook, head, principal: Principal) -> dict:
    """A ``CommentThread``: the head post, its live replies, its anchor and status."""
    replies = call.twin.drive.db.all(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id = ? AND deleted = 0"
        " ORDER BY rowid",
        (book.id, head["id"]),
    )
    placed = anchor_of(book, head["id"])
    anchor = placed[1] if placed else {}
    assignees = anchor.get("assignees", {})
    out = {
        "commentId": head["id"],
        "headPost": post_json(call, head, principal, assignees.get(head["id"])),
        "status": "RESOLVED" if head["resolved"] else "OPEN",
    }
    if anchor:
        out["anchorId"] = anchor["anchorId"]
    if replies:
        out["replies"] = [post_json(call, r, principal, assignees.get(r["id"])) for r in replies]
    if head["quoted"]:
        out["plainTextQuote"] = json.loads(head["quoted"]).get("value", "")
    return out


def _within(anchor: dict, spans: list[Span]) -> bool:
    grid = anchor["range"]
    row, col = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
    return any(
        s.start_row <= row < s.end_row and s.start_col <= col < s.end_col for s in spans or []
    )


def threads(
    call: Call, book: Workbook, principal: Principal, spans: dict[int, list[Span]] | None
) -> list[dict]:
    """Every live thread; with ``spans`` (bounded, by sheet id), only those anchored inside."""
    heads = call.twin.drive.db.all(
        "SELECT * FROM google_drive_comments WHERE file_id = ? AND parent_id IS NULL"
        " AND deleted = 0 ORDER BY rowid",
        (book.id,),
    )
    out = []
    for head in heads:
        placed = anchor_of(book, head["id"])
        if spans is not None and (
            placed is None or not _within(placed[1], spans.get(placed[0].id))
        ):
            continue
        out.append(thread_json(call, book, head, principal))
    return out
