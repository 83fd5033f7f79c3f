"""``canvases.*``: documents made of markdown sections (``conversations.canvases.create`` makes
a channel's, from ``methods/conversations/canvases.py``).

A canvas's markdown is kept as sections, as Slack edits it: each header line is a section and so
is each paragraph. ``canvases.edit`` inserts, replaces or deletes sections by id; access is the
owner's, plus what ``canvases.access.set`` grants to people and channels (a channel canvas is
writable by the channel's members).
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

HEADER = re.compile(r"^(#{1,3}) ")
LEVELS = ("read", "write")
OPERATIONS = {
    "insert_after",
    "insert_before",
    "insert_at_start",
    "insert_at_end",
    "replace",
    "delete",
    "rename",
}


def _sections(call: SlackCall, markdown: str) -> list[dict[str, str]]:
    """Split markdown into Slack's sections: header lines, and paragraphs between blank lines."""
    sections, paragraph = [], []

    def flush() -> None:
        if paragraph:
            sections.append("\n".join(paragraph))
            paragraph.clear()

    for line in markdown.splitlines():
        if HEADER.match(line):
            flush()
            sections.append(line)
        elif not line.strip():
            flush()
        else:
            paragraph.append(line)
    flush()
    return [
        {"id": f"temp:C:{call.universe.ids.token('slack.section', 11)}", "markdown": s}
        for s in sections
    ]


def _document(call: SlackCall, value: Any, required: bool = False) -> list[dict[str, str]]:
    if value is None and not required:
        return []
    if (
        not isinstance(value, dict)
        or value.get("type") != "markdown"
        or not isinstance(value.get("markdown"), str)
    ):
        raise SlackError(
            "invalid_arguments",
            response_metadata={
                "messages": ["[ERROR] document_content must be {type: markdown, markdown}"]
            },
        )
    return _sections(call, value["markdown"])


def new_canvas(call: SlackCall, title: str, channel_id: str | None) -> str:
    """A canvas of the caller's with ``document_content``, in ``channel_id`` if given: its id."""
    canvas_id = call.state.new_id("F")
    now = call.state.now()
    call.state.db.insert(
        "slack_canvases",
        {
            "id": canvas_id,
            "title": title,
            "owner": call.user,
            "channel_id": channel_id,
            "sections": json.dumps(_document(call, call.structured("document_content"))),
            "created": now,
            "updated": now,
        },
    )
    return canvas_id


def _access(call: SlackCall, row: sqlite3.Row) -> str | None:
    """The caller's access to a canvas: ``owner``, ``write``, ``read`` or None."""
    if row["owner"] == call.user:
        return "owner"
    grants = json.loads(row["access"])
    levels = [grants.get(call.user)]
    levels += [
        level
        for key, level in grants.items()
        if key[0] in "CG" and call.state.is_member(key, call.user)
    ]
    if row["channel_id"] and call.state.is_member(row["channel_id"], call.user):
        levels.append("write")
    return "write" if "write" in levels else ("read" if "read" in levels else None)


def _canvas(call: SlackCall, need: str = "read") -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_canvases WHERE id = ?",
        (call.require("canvas_id", "canvas_not_found"),),
    )
    access = _access(call, row) if row is not None else None
    if access is None:
        raise SlackError("canvas_not_found")
    if (need == "write" and access == "read") or (need == "owner" and access != "owner"):
        raise SlackError("access_denied")
    return row


@web_method("canvases.create", scopes="canvases:write")
def create(call: SlackCall) -> dict:
    channel_id = call.get("channel_id")
    if channel_id:
        call.state.visible_channel(channel_id, call.user)
    return {"canvas_id": new_canvas(call, str(call.get("title", "Untitled")), None)}


def _apply(
    call: SlackCall, sections: list[dict[str, str]], change: Any, title: str
) -> tuple[list, str]:
    if not isinstance(change, dict) or change.get("operation") not in OPERATIONS:
        raise SlackError("invalid_arguments")
    operation, target = change["operation"], change.get("section_id")
    if operation == "rename":
        content = change.get("title_content")
        if not isinstance(content, dict) or not content.get("markdown"):
            raise SlackError("invalid_arguments")
        return sections, content["markdown"]
    ids = [s["id"] for s in sections]
    if target is not None and target not in ids:
        raise SlackError("canvas_editing_failed")
    if operation in ("insert_after", "insert_before", "delete") and target is None:
        raise SlackError("invalid_arguments")
    new = (
        []
        if operation == "delete"
        else _document(call, change.get("document_content"), required=True)
    )
    if operation == "replace" and target is None:
        return new, title
    at = {
        "insert_at_start": 0,
        "insert_at_end": len(sections),
        "insert_before": ids.index(target) if target else 0,
        "insert_after": ids.index(target) + 1 if target else 0,
    }.get(operation)
    if at is not None:
        return sections[:at] + new + sections[at:], title
    index = ids.index(target)
    return sections[:index] + new + sections[index + 1 :], title


@web_method("canvases.edit", scopes="canvases:write")
def edit(call: SlackCall) -> dict:
    row = _canvas(call, "write")
    changes = call.structured("changes")
    if not isinstance(changes, list) or len(changes) != 1:
        raise SlackError(
            "invalid_arguments",
            response_metadata={"messages": ["[ERROR] changes must hold exactly one change"]},
        )
    sections, title = _apply(call, json.loads(row["sections"]), changes[0], row["title"])
    call.state.db.execute(
        "UPDATE slack_canvases SET sections = ?, title = ?, updated = ? WHERE id = ?",
        (json.dumps(sections), title, call.state.now(), row["id"]),
    )
    return {}


@web_method("canvases.delete", scopes="canvases:write")
def delete(call: SlackCall) -> dict:
    row = _canvas(call, "owner")
    call.state.db.execute("DELETE FROM slack_canvases WHERE id = ?", (row["id"],))
    return {}


def _markdown(row: sqlite3.Row) -> str:
    return "\n\n".join(s["markdown"] for s in json.loads(row["sections"]))


def _html(row: sqlite3.Row) -> str:
    parts = []
    for section in json.loads(row["sections"]):
        header = HEADER.match(section["markdown"])
        if header:
            level = len(header.group(1))
            parts.append(f"<h{level}>{html.escape(section['markdown'][header.end() :])}</h{level}>")
        else:
            parts.append(f"<p>{html.escape(section['markdown'])}</p>")
    return "".join(parts)


@web_method("canvases.getContent", scopes="canvases:read")
def get_content(call: SlackCall) -> dict:
    row = _canvas(call)
    kind = call.get("content_type", "markdown")
    if kind not in ("markdown", "html"):
        raise SlackError("invalid_arguments")
    return {"content": _markdown(row) if kind == "markdown" else _html(row), "title": row["title"]}


@web_method("canvases.sections.lookup", scopes="canvases:read")
def sections_lookup(call: SlackCall) -> dict:
    row = _canvas(call)
    criteria = call.structured("criteria")
    if not isinstance(criteria, dict) or not (
        criteria.get("section_types") or criteria.get("contains_text")
    ):
        raise SlackError("invalid_arguments")
    types = set(criteria.get("section_types") or [])
    text = str(criteria.get("contains_text") or "").lower()
    found = []
    for section in json.loads(row["sections"]):
        header = HEADER.match(section["markdown"])
        kind = f"h{len(header.group(1))}" if header else None
        if types and not (kind in types or (kind and "any_header" in types)):
            continue
        if text and text not in section["markdown"].lower():
            continue
        found.append({"id": section["id"]})
    return {"sections": found}


def _entities(call: SlackCall) -> list[str]:
    channels, users = call.listing("channel_ids"), call.listing("user_ids")
    if bool(channels) == bool(users):
        raise SlackError(
            "invalid_arguments",
            response_metadata={"messages": ["[ERROR] give either channel_ids or user_ids"]},
        )
    for channel_id in channels:
        call.state.visible_channel(channel_id, call.user)
    for user_id in users:
        call.state.user(user_id)
    return channels + users


@web_method("canvases.access.set", scopes="canvases:write")
def access_set(call: SlackCall) -> dict:
    row = _canvas(call, "owner")
    level = call.require("access_level")
    if level not in LEVELS:
        raise SlackError("invalid_arguments")
    grants = {**json.loads(row["access"]), **dict.fromkeys(_entities(call), level)}
    call.state.db.execute(
        "UPDATE slack_canvases SET access = ? WHERE id = ?", (json.dumps(grants), row["id"])
    )
    return {}


@web_method("canvases.access.delete", scopes="canvases:write")
def access_delete(call: SlackCall) -> dict:
    row = _canvas(call, "owner")
    grants = json.loads(row["access"])
    for entity in _entities(call):
        grants.pop(entity, None)
    call.state.db.execute(
        "UPDATE slack_canvases SET access = ? WHERE id = ?", (json.dumps(grants), row["id"])
    )
    return {}
