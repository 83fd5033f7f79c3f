"""``bookmarks.*``: links bookmarked in a conversation's header."""

from __future__ import annotations

import sqlite3

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

MAX_BOOKMARKS = 100


def _channel(call: SlackCall) -> sqlite3.Row:
    row = call.state.visible_channel(call.require("channel_id", "channel_not_found"), call.user)
    if row["is_archived"]:
        raise SlackError("is_archived")
    return row


def _bookmark(call: SlackCall, channel_id: str) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_bookmarks WHERE id = ? AND channel_id = ?",
        (call.require("bookmark_id", "not_found"), channel_id),
    )
    if row is None:
        raise SlackError("not_found")
    return row


def _link(call: SlackCall) -> str:
    link = str(call.get("link", ""))
    if not link.startswith(("http://", "https://")):
        raise SlackError("invalid_link")
    return link


def bookmark_object(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "channel_id": row["channel_id"],
        "title": row["title"],
        "link": row["link"],
        "emoji": row["emoji"],
        "icon_url": None,
        "type": row["type"],
        "entity_id": row["entity_id"],
        "date_created": int(row["created"]),
        "date_updated": int(row["updated"]),
        "rank": f"{row['position']:04d}",
        "last_updated_by_user_id": row["created_by"],
        "last_updated_by_team_id": "",
        "shortcut_id": None,
        "app_id": None,
    }


@web_method("bookmarks.add", scopes="bookmarks:write")
def add(call: SlackCall) -> dict:
    row = _channel(call)
    title = call.require("title", "invalid_title")
    kind = call.require("type", "invalid_bookmark_type")
    if kind != "link":
        raise SlackError("invalid_bookmark_type")
    db = call.state.db
    count = db.scalar("SELECT COUNT(*) FROM slack_bookmarks WHERE channel_id = ?", (row["id"],))
    if count >= MAX_BOOKMARKS:
        raise SlackError("too_many_bookmarks")
    bookmark_id = call.state.new_id("Bk")
    now = call.state.now()
    db.execute(
        "INSERT INTO slack_bookmarks(id, channel_id, title, type, link, emoji, entity_id,"
        " created_by, created, updated, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            bookmark_id,
            row["id"],
            title,
            kind,
            _link(call),
            call.get("emoji"),
            call.get("entity_id"),
            call.user,
            now,
            now,
            count,
        ),
    )
    return {"bookmark": bookmark_object(_bookmark_by_id(call, bookmark_id))}


def _bookmark_by_id(call: SlackCall, bookmark_id: str) -> sqlite3.Row:
    return call.state.db.one("SELECT * FROM slack_bookmarks WHERE id = ?", (bookmark_id,))


@web_method("bookmarks.edit", scopes="bookmarks:write")
def edit(call: SlackCall) -> dict:
    row = _channel(call)
    bookmark = _bookmark(call, row["id"])
    changes = {
        "title": call.get("title", bookmark["title"]),
        "emoji": call.get("emoji", bookmark["emoji"]),
        "link": _link(call) if call.get("link") else bookmark["link"],
        "updated": call.state.now(),
    }
    call.state.db.execute(
        "UPDATE slack_bookmarks SET title = :title, emoji = :emoji, link = :link, "
        "updated = :updated WHERE id = :id",
        {**changes, "id": bookmark["id"]},
    )
    return {"bookmark": bookmark_object(_bookmark_by_id(call, bookmark["id"]))}


@web_method("bookmarks.remove", scopes="bookmarks:write")
def remove(call: SlackCall) -> dict:
    row = _channel(call)
    bookmark = _bookmark(call, row["id"])
    call.state.db.execute("DELETE FROM slack_bookmarks WHERE id = ?", (bookmark["id"],))
    return {}


@web_method("bookmarks.list", scopes="bookmarks:read")
def list_(call: SlackCall) -> dict:
    row = call.state.visible_channel(call.require("channel_id", "channel_not_found"), call.user)
    rows = call.state.db.all(
        "SELECT * FROM slack_bookmarks WHERE channel_id = ? ORDER BY position, created",
        (row["id"],),
    )
    return {"bookmarks": [bookmark_object(r) for r in rows]}
