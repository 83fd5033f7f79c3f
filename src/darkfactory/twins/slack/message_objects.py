"""Stored messages as the Web API shows them, a page at a time with the same few queries.

A message object carries its team, reactions, pin, thread summary (a thread's parent) or
parent's author (a reply), and a broadcast reply its thread's root. Each of these is read for
every message of a page in one query keyed by ``(channel_id, ts)`` (for a page of one channel,
the range of its timestamps), so a page of a thousand messages costs what a page of one does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from darkfactory.twins.kit.stored_json import loads

if TYPE_CHECKING:
    from darkfactory.twins.slack.state import SlackState

Key = tuple[str, str]  # (channel_id, ts)


def _keyed(
    db, columns: str, table: str, keys: Sequence[Key], ts: str = "ts", where: str = ""
) -> list[sqlite3.Row]:
    """``SELECT columns FROM table x`` (and ``AND where``) for the rows whose ``(channel_id,
    <ts>)`` is one of ``keys``, in ``x.rowid`` order; none when there are no keys.

    Keys of one channel (a page of its history) are read as the range between their first and
    last timestamp, on the table's ``(channel_id, ts)`` index, and rows in that range that are
    not keys (a thread's replies between two messages) are left out here. Keys of several
    channels are joined from a ``VALUES`` table of them."""
    if not keys:
        return []
    extra = f" AND {where}" if where else ""
    channels = {channel for channel, _ in keys}
    if len(channels) == 1:
        stamps = [stamp for _, stamp in keys]
        wanted = set(keys)
        rows = db.all(
            f"SELECT {columns} FROM {table} x WHERE x.channel_id = ? AND x.{ts} BETWEEN ? AND ?"
            f"{extra} ORDER BY x.rowid",
            (next(iter(channels)), min(stamps), max(stamps)),
        )
        return [r for r in rows if (r["channel_id"], r[ts]) in wanted]
    values = ", ".join("(?, ?)" for _ in keys)
    params = [part for key in keys for part in key]
    return db.all(
        f"SELECT {columns} FROM (VALUES {values}) AS k JOIN {table} x"
        f" ON x.channel_id = k.column1 AND x.{ts} = k.column2{extra} ORDER BY x.rowid",
        params,
    )


def render(state: SlackState, rows: Sequence[sqlite3.Row], with_replies: bool = True) -> list:
    """The message objects of ``rows``, in order."""
    if not rows:
        return []
    db = state.db
    # each row's columns read once: a ``sqlite3.Row`` finds a column by name at every lookup
    facts = [(row, row["channel_id"], row["ts"], row["thread_ts"]) for row in rows]
    keys = list(dict.fromkeys((channel, ts) for _, channel, ts, _ in facts))
    team = state.team_id()
    reactions: dict[Key, dict[str, list[str]]] = {}
    rows_reacted = _keyed(
        db, "x.channel_id, x.ts, x.name, x.user_id, x.at", "slack_reactions", keys
    )
    for r in sorted(rows_reacted, key=lambda r: r["at"]):
        reactions.setdefault((r["channel_id"], r["ts"]), {}).setdefault(r["name"], []).append(
            r["user_id"]
        )
    pinned = {
        (r["channel_id"], r["ts"]) for r in _keyed(db, "x.channel_id, x.ts", "slack_pins", keys)
    }
    parents = [row for row, _, ts, thread in facts if thread and thread == ts]
    summaries = _summaries(db, parents) if with_replies else {}
    replies = [
        (row, channel, thread) for row, channel, ts, thread in facts if thread and thread != ts
    ]
    roots = {
        (r["channel_id"], r["ts"]): r
        for r in _keyed(
            db,
            "x.*",
            "slack_messages",
            list(dict.fromkeys((channel, thread) for _, channel, thread in replies)),
        )
    }
    broadcast = {
        key: roots[key]
        for row, channel, thread in replies
        if row["subtype"] == "thread_broadcast" and (key := (channel, thread)) in roots
    }
    root_objects = dict(zip(broadcast, render(state, list(broadcast.values())), strict=True))
    messages = []
    for row, channel, ts, thread in facts:
        key = (channel, ts)
        message = _message(row, loads(row["extra"], {}), team)
        edited = row["edited"]
        if edited:
            message["edited"] = loads(edited)
        if thread:
            message["thread_ts"] = thread
            if thread == ts and with_replies:
                message.update(summaries[key])
            elif thread != ts:
                root_key = (channel, thread)
                if root_key in roots:
                    message["parent_user_id"] = roots[root_key]["user_id"]
                    if row["subtype"] == "thread_broadcast":
                        message["root"] = root_objects[root_key]
        if key in reactions:
            message["reactions"] = [
                {"name": name, "users": users, "count": len(users)}
                for name, users in reactions[key].items()
            ]
        if key in pinned:
            message["pinned_to"] = [channel]
        messages.append(message)
    return messages


def posted(state: SlackState, row: dict[str, Any]) -> dict[str, Any]:
    """The message object of a message just stored outside any thread, from the values it was
    stored with (``row``: the columns of ``slack_messages``, ``extra`` as a dict): nothing can
    have reacted to it, pinned it or replied to it yet, so nothing needs reading."""
    return _message(row, row["extra"], state.team_id())


def _message(row: Any, extra: dict[str, Any], team: str) -> dict[str, Any]:
    """What every message object starts with: its author, subtype, stored parts and team."""
    message: dict[str, Any] = {"type": "message", "ts": row["ts"], "text": row["text"]}
    user, bot, subtype = row["user_id"], row["bot_id"], row["subtype"]
    if user:
        message["user"] = user
    if bot:
        message["bot_id"] = bot
    if subtype:
        message["subtype"] = subtype
    message.update(extra)
    message["team"] = team
    return message


def _summaries(db, parents: Sequence[sqlite3.Row]) -> dict[Key, dict[str, Any]]:
    """The reply counts, repliers and latest reply of each thread whose parent is in ``parents``."""
    replies: dict[Key, list[sqlite3.Row]] = {}
    thread_rows = _keyed(
        db,
        "x.channel_id, x.thread_ts, x.ts, x.user_id",
        "slack_messages",
        list(dict.fromkeys((r["channel_id"], r["ts"]) for r in parents)),
        ts="thread_ts",
        where="x.ts != x.thread_ts",
    )
    for r in sorted(thread_rows, key=lambda r: r["ts"]):
        replies.setdefault((r["channel_id"], r["thread_ts"]), []).append(r)
    summaries = {}
    for parent in parents:
        key = (parent["channel_id"], parent["ts"])
        thread = replies.get(key, [])
        if not thread:
            summaries[key] = {"reply_count": 0, "reply_users_count": 0, "reply_users": []}
            continue
        users = list(dict.fromkeys(r["user_id"] for r in thread if r["user_id"]))
        summaries[key] = {
            "reply_count": len(thread),
            "reply_users_count": len(users),
            "reply_users": users[:5],
            "latest_reply": thread[-1]["ts"],
            "is_locked": False,
            "subscribed": False,
        }
    return summaries
