"""Stored messages as the Web API shows them, written as JSON text a page at a time.

A message object carries its team, reactions, pin, thread summary (a thread's parent) or
parent's author (a reply), and a broadcast reply its thread's root. Each of these is read for
every message of a page in one query keyed by ``(channel_id, ts)`` (for a page of one channel,
the range of its timestamps), so a page of a thousand messages costs what a page of one does.

Each object is written straight as JSON text: what its columns and the rows read beside it
show, then the members of its stored ``extra`` object as they are stored. ``extra`` holds a
message's parts beyond its columns (blocks, attachments, files, its bot's profile...), never a
key written here, and is written by ``stored_json.dumps``: standard JSON, ``{}`` when empty.
An answer embeds a page of objects as it is (``array``); code that reads or changes a message
object parses its text (``render``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import orjson

from darkfactory.twins.kit.stored_json import loads

if TYPE_CHECKING:
    from darkfactory.twins.slack.state import SlackState

Key = tuple[str, str]  # (channel_id, ts)


COLUMNS = (
    "channel_id",
    "ts",
    "thread_ts",
    "user_id",
    "bot_id",
    "subtype",
    "text",
    "extra",
    "edited",
)


def render(state: SlackState, rows: Sequence[sqlite3.Row], with_replies: bool = True) -> list:
    """The message objects of ``rows``, in order."""
    return [loads(text) for text in texts(state, rows, with_replies)]


def array(state: SlackState, rows: Sequence[sqlite3.Row], marked: bool = True) -> orjson.Fragment:
    """The message objects of ``rows``, in order, as the JSON array an answer embeds whole;
    ``marked`` is False when the conversation of ``rows`` has no reaction and no pin at all, so
    that none is looked for."""
    return orjson.Fragment(b"[" + b",".join(texts(state, rows, marked=marked)) + b"]")


def posted(state: SlackState, row: dict[str, Any]) -> dict[str, Any]:
    """The message object of a message just stored outside any thread, from the values it was
    stored with (``row``: the columns of ``slack_messages``, ``extra`` as a dict): nothing can
    have reacted to it, pinned it or replied to it yet, so nothing needs reading."""
    shown = _shown(
        row["ts"], row["text"], row["user_id"], row["bot_id"], row["subtype"], state.team_id()
    )
    return {**shown, **row["extra"]}


def texts(
    state: SlackState, rows: Sequence[sqlite3.Row], with_replies: bool = True, marked: bool = True
) -> list[bytes]:
    """The JSON text of each message object of ``rows``, in order (``marked``: see ``array``)."""
    if not rows:
        return []
    db = state.db
    values = _values(rows)
    parents, replies = [], []
    for channel, ts, thread, _, _, subtype, _, _, _ in values:
        if thread == ts:
            parents.append((channel, ts))
        elif thread:
            replies.append((channel, thread, subtype))
    reactions, pinned = (
        _reactions_and_pins(db, [(value[0], value[1]) for value in values])
        if marked
        else ({}, set())
    )
    summaries = _summaries(db, parents) if with_replies and parents else {}
    roots, root_texts = _roots(state, replies, marked) if replies else ({}, {})
    team = state.team_id()
    objects = []
    for channel, ts, thread, user, bot, subtype, text, extra, edited in values:
        shown = _shown(ts, text, user, bot, subtype, team)
        if edited:
            shown["edited"] = orjson.Fragment(edited)
        if thread:
            shown["thread_ts"] = thread
            if thread == ts:
                if with_replies:
                    shown.update(summaries[(channel, ts)])
            elif (root := (channel, thread)) in roots:
                shown["parent_user_id"] = roots[root]["user_id"]
                if subtype == "thread_broadcast":
                    shown["root"] = orjson.Fragment(root_texts[root])
        if reactions or pinned:
            key = (channel, ts)
            if key in reactions:
                shown["reactions"] = reactions[key]
            if key in pinned:
                shown["pinned_to"] = [channel]
        # the members of ``shown``, then those of the stored object ``extra`` (unless ``{}``)
        head = orjson.dumps(shown)
        objects.append(head if len(extra) <= 2 else head[:-1] + b"," + extra[1:].encode())
    return objects


def _roots(
    state: SlackState, replies: Sequence[tuple[str, str, str | None]], marked: bool
) -> tuple[dict[Key, sqlite3.Row], dict[Key, bytes]]:
    """The rows of the threads' roots of ``replies`` (``(channel_id, thread_ts, subtype)``),
    and the JSON text of the roots of those sent to the channel too (``thread_broadcast``)."""
    roots = {
        (r["channel_id"], r["ts"]): r
        for r in _keyed(
            state.db,
            "SELECT x.* FROM slack_messages x WHERE {keyed}",
            [(channel, thread) for channel, thread, _ in replies],
        )
    }
    broadcast = {
        key: roots[key]
        for channel, thread, subtype in replies
        if subtype == "thread_broadcast" and (key := (channel, thread)) in roots
    }
    root_texts = dict(
        zip(broadcast, texts(state, list(broadcast.values()), marked=marked), strict=True)
    )
    return roots, root_texts


def _values(rows: Sequence[sqlite3.Row]) -> list[tuple]:
    """Each row's ``COLUMNS``, in that order: by position from rows that start with them (all
    the columns of ``slack_messages``, and maybe more after them), else by name."""
    if tuple(rows[0].keys()[: len(COLUMNS)]) == COLUMNS:
        return [row[: len(COLUMNS)] for row in rows]
    return [tuple(row[column] for column in COLUMNS) for row in rows]


def _shown(
    ts: str, text: str, user: str | None, bot: str | None, subtype: str | None, team: str
) -> dict[str, Any]:
    """What every message object starts with: its timestamp, text, author, subtype and team."""
    shown: dict[str, Any] = {"type": "message", "ts": ts, "text": text}
    if user:
        shown["user"] = user
    if bot:
        shown["bot_id"] = bot
    if subtype:
        shown["subtype"] = subtype
    shown["team"] = team
    return shown


def _keyed(db, select: str, keys: Sequence[Key], ts: str = "ts") -> list[sqlite3.Row]:
    """The rows of ``select`` whose ``(channel_id, <ts>)`` is one of ``keys``. Each ``SELECT``
    of ``select`` reads a table called ``x`` on the condition ``{keyed}`` (which it may extend
    with ``AND``), and its rows start with ``x.channel_id`` and ``x.<ts>``.

    The keys of a channel (a page of its history) are read as the range between their first
    and last timestamp, on the table's ``(channel_id, ts)`` index, and rows in that range that
    are not keys (a thread's replies between two messages) are left out here: one statement for
    a page, whatever its size, and one for each channel of keys from several."""
    if not keys:
        return []
    first, last = min(keys), max(keys)
    if first[0] == last[0]:  # keys sort by channel first: one channel
        ranges = [(first[0], first[1], last[1])]
    else:
        stamps: dict[str, list[str]] = {}
        for channel, stamp in keys:
            stamps.setdefault(channel, []).append(stamp)
        ranges = [(channel, min(some), max(some)) for channel, some in stamps.items()]
    statement = select.format(keyed=f"x.channel_id = ?1 AND x.{ts} BETWEEN ?2 AND ?3")
    rows = [row for bounds in ranges for row in db.all(statement, bounds)]
    if not rows:
        return rows
    wanted = set(keys)
    return [row for row in rows if (row[0], row[1]) in wanted]


def _reactions_and_pins(
    db, keys: Sequence[Key]
) -> tuple[dict[Key, list[dict[str, Any]]], set[Key]]:
    """The reactions to each message of ``keys`` that has any (each emoji in the order it was
    first used, its users in the order they reacted), and the messages of ``keys`` pinned."""
    reacted: dict[Key, dict[str, list[str]]] = {}
    pinned: set[Key] = set()
    for channel, ts, name, user, *_ in _keyed(
        db,
        "SELECT x.channel_id, x.ts, x.name, x.user_id, x.at, x.rowid FROM slack_reactions x"
        " WHERE {keyed} UNION ALL SELECT x.channel_id, x.ts, NULL, NULL, NULL, NULL"
        " FROM slack_pins x WHERE {keyed} ORDER BY 5, 6",
        keys,
    ):
        if name is None:
            pinned.add((channel, ts))
        else:
            reacted.setdefault((channel, ts), {}).setdefault(name, []).append(user)
    reactions = {
        key: [{"name": name, "users": users, "count": len(users)} for name, users in by.items()]
        for key, by in reacted.items()
    }
    return reactions, pinned


def _summaries(db, parents: Sequence[Key]) -> dict[Key, dict[str, Any]]:
    """The reply counts, repliers and latest reply of each thread whose parent is in
    ``parents``."""
    replies: dict[Key, list[sqlite3.Row]] = {}
    thread_rows = _keyed(
        db,
        "SELECT x.channel_id, x.thread_ts, x.ts, x.user_id FROM slack_messages x"
        " WHERE {keyed} AND x.ts != x.thread_ts ORDER BY x.ts",
        list(dict.fromkeys(parents)),
        ts="thread_ts",
    )
    for r in thread_rows:
        replies.setdefault((r["channel_id"], r["thread_ts"]), []).append(r)
    summaries = {}
    for key in parents:
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
