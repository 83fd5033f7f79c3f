"""Slack's cursor pagination: ``cursor``/``limit`` in, ``response_metadata.next_cursor`` out."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Sequence
from typing import Any, TypeVar

from darkfactory.twins.slack.api import SlackCall, SlackError

T = TypeVar("T")


def encode(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def decode(cursor: str) -> int:
    try:
        kind, _, value = base64.b64decode(cursor, validate=True).decode().partition(":")
        if kind != "offset":
            raise ValueError(kind)
        return int(value)
    except ValueError:
        raise SlackError("invalid_cursor") from None


def _bounds(call: SlackCall, default_limit: int, max_limit: int) -> tuple[int, int]:
    start = decode(call.get("cursor")) if call.get("cursor") else 0
    limit = call.integer("limit", default_limit, lo=0, hi=max_limit) or default_limit
    return start, limit


def page(
    call: SlackCall, items: Sequence[T], default_limit: int = 100, max_limit: int = 1000
) -> tuple[list[T], dict[str, Any]]:
    """One page of ``items`` and the ``response_metadata`` that points at the next."""
    start, limit = _bounds(call, default_limit, max_limit)
    if limit <= 0:
        limit = len(items) or 1
    chunk = list(items[start : start + limit])
    following = start + limit
    return chunk, {"next_cursor": encode(following) if following < len(items) else ""}


def page_query(
    call: SlackCall, sql: str, params: Sequence[Any], default_limit: int, max_limit: int
) -> tuple[list[sqlite3.Row], dict[str, Any]]:
    """Like ``page``, but lets SQLite skip and stop: one page of an ordered query's rows."""
    start, limit = _bounds(call, default_limit, max_limit)
    rows = call.state.db.all(f"{sql} LIMIT ? OFFSET ?", (*params, limit + 1, start))
    more = len(rows) > limit
    return rows[:limit], {"next_cursor": encode(start + limit) if more else ""}


def numbered(
    call: SlackCall, items: Sequence[T], default_count: int = 100, max_count: int = 1000
) -> tuple[list[T], dict[str, int]]:
    """Slack's older paging for logs and search: ``count``/``page`` in, ``paging`` out."""
    count = call.integer("count", default_count, lo=1, hi=max_count)
    number = call.integer("page", 1, lo=1)
    chunk = list(items[(number - 1) * count : number * count])
    pages = max(1, -(-len(items) // count))
    return chunk, {"count": count, "total": len(items), "page": number, "pages": pages}
