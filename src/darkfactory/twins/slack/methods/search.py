"""``search.*``: words, ``in:#channel`` and ``from:@user`` over the messages and files the caller
may see."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.file_access import may_see, visible_shares
from darkfactory.twins.slack.methods.files import file_object
from darkfactory.twins.slack.pagination import numbered

MODIFIER = re.compile(r"(in|from):(\S+)")


def _query(call: SlackCall) -> str:
    if call.is_bot:
        raise SlackError("not_allowed_token_type")
    return str(call.require("query", "no_query"))


def _words(sql: str, params: list, query: str, columns: tuple[str, ...]) -> str:
    for word in MODIFIER.sub(" ", query).split():
        like = "%" + word.replace("%", r"\%").replace("_", r"\_") + "%"
        sql += " AND (" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")"
        params.extend([like] * len(columns))
    return sql


def _author(sql: str, params: list, value: str, column: str) -> str:
    name = value.lstrip("@")
    params += [name, name.strip("<>"), name]
    return sql + f" AND (u.name = ? OR {column} = ? OR lower(u.email) = lower(?))"


def _direction(call: SlackCall) -> str:
    return "ASC" if str(call.get("sort_dir", "desc")).lower() == "asc" else "DESC"


def _message_hits(call: SlackCall, query: str) -> list[sqlite3.Row]:
    state = call.state
    sql = (
        "SELECT m.*, c.name AS channel_name, c.kind, u.name AS username FROM slack_messages m "
        "JOIN slack_channels c ON c.id = m.channel_id LEFT JOIN slack_users u "
        "ON u.id = m.user_id "
        "WHERE (m.subtype IS NULL OR m.subtype IN ('thread_broadcast', 'file_share'))"
    )
    params: list = []
    for kind, value in MODIFIER.findall(query):
        if kind == "in":
            sql += " AND (c.name = ? OR c.id = ?)"
            params += [value.lstrip("#"), value.lstrip("#")]
        else:
            sql = _author(sql, params, value, "m.user_id")
    sql = _words(sql, params, query, ("m.text",))
    return [
        r
        for r in state.db.all(sql + f" ORDER BY m.ts {_direction(call)}", params)
        if r["kind"] == "public" or state.is_member(r["channel_id"], call.user)
    ]


def _file_hits(call: SlackCall, query: str) -> list[sqlite3.Row]:
    state = call.state
    sql = (
        "SELECT f.* FROM slack_files f JOIN slack_users u ON u.id = f.user_id WHERE f.completed = 1"
    )
    params: list = []
    wanted_channels = []
    for kind, value in MODIFIER.findall(query):
        if kind == "in":
            wanted_channels.append(value.lstrip("#"))
        else:
            sql = _author(sql, params, value, "f.user_id")
    sql = _words(sql, params, query, ("f.name", "f.title"))

    def visible(row: sqlite3.Row) -> bool:
        if not wanted_channels:
            return may_see(state, row, call.user)
        seen = visible_shares(state, row, call.user)
        return any(c["name"] in wanted_channels or c["id"] in wanted_channels for c in seen)

    rows = state.db.all(sql + f" ORDER BY f.created {_direction(call)}, f.id", params)
    return [r for r in rows if visible(r)]


def _message_match(call: SlackCall, r: sqlite3.Row) -> dict[str, Any]:
    digits = r["ts"].replace(".", "")
    return {
        "iid": f"{r['channel_id']}-{r['ts']}",
        "team": call.state.team_id(),
        "type": "message",
        "channel": {
            "id": r["channel_id"],
            "name": r["channel_name"],
            "is_private": r["kind"] != "public",
            "is_channel": r["kind"] == "public",
            "is_im": r["kind"] == "im",
            "is_mpim": r["kind"] == "mpim",
        },
        "user": r["user_id"],
        "username": r["username"],
        "ts": r["ts"],
        "text": r["text"],
        "permalink": f"{call.universe.url}/ui/slack/archives/{r['channel_id']}/p{digits}",
    }


def _section(
    call: SlackCall, rows: list[sqlite3.Row], shown: Callable[[SlackCall, sqlite3.Row], dict]
) -> dict[str, Any]:
    """One kind of results with both of Slack's paging blocks (``paging`` and ``pagination``)."""
    chunk, paging = numbered(call, rows, default_count=20, max_count=100)
    first = (paging["page"] - 1) * paging["count"] + 1 if chunk else 0
    return {
        "total": len(rows),
        "matches": [shown(call, r) for r in chunk],
        "paging": paging,
        "pagination": {
            "total_count": len(rows),
            "page": paging["page"],
            "per_page": paging["count"],
            "page_count": paging["pages"],
            "first": first,
            "last": first + len(chunk) - 1 if chunk else 0,
        },
    }


@web_method("search.messages", scopes="search:read")
def messages(call: SlackCall) -> dict:
    query = _query(call)
    return {"query": query, "messages": _section(call, _message_hits(call, query), _message_match)}


@web_method("search.files", scopes="search:read")
def files(call: SlackCall) -> dict:
    query = _query(call)
    return {"query": query, "files": _section(call, _file_hits(call, query), file_object)}


@web_method("search.all", scopes="search:read")
def all_(call: SlackCall) -> dict:
    query = _query(call)
    return {
        "query": query,
        "messages": _section(call, _message_hits(call, query), _message_match),
        "files": _section(call, _file_hits(call, query), file_object),
        "posts": {"total": 0, "matches": []},
    }
