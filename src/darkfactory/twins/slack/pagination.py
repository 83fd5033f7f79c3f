"""Slack's cursor pagination: ``cursor``/``limit`` in, ``response_metadata.next_cursor`` out."""

from __future__ import annotations

import base64
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


def page(
    call: SlackCall, items: Sequence[T], default_limit: int = 100, max_limit: int = 1000
) -> tuple[list[T], dict[str, Any]]:
    """One page of ``items`` and the ``response_metadata`` that points at the next."""
    start = decode(call.get("cursor")) if call.get("cursor") else 0
    limit = call.integer("limit", default_limit, lo=0, hi=max_limit) or default_limit
    if limit <= 0:
        limit = len(items) or 1
    chunk = list(items[start : start + limit])
    following = start + limit
    return chunk, {"next_cursor": encode(following) if following < len(items) else ""}
