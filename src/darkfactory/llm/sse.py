"""Server-Sent Events from a streaming provider answer, decoded by ``httpx-sse``.

Each event comes out as an ``SSE``: the ``event:`` name and the ``data:`` payload parsed as
JSON (None for a ``[DONE]`` sentinel). Comments, ``retry:`` lines and empty keep-alives are
consumed by the decoder and never reach an adapter.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from httpx_sse import EventSource, ServerSentEvent


@dataclass
class SSE:
    event: str
    data: dict[str, Any] | None


def _decode(sse: ServerSentEvent) -> SSE | None:
    if not sse.data.strip():
        return None
    if sse.data.strip() == "[DONE]":
        return SSE(sse.event, None)
    payload = json.loads(sse.data)
    return SSE(sse.event, payload if isinstance(payload, dict) else {"value": payload})


def iter_events(response: httpx.Response) -> Iterator[SSE]:
    for sse in EventSource(response).iter_sse():
        event = _decode(sse)
        if event is not None:
            yield event


async def aiter_events(response: httpx.Response) -> AsyncIterator[SSE]:
    async for sse in EventSource(response).aiter_sse():
        event = _decode(sse)
        if event is not None:
            yield event
