"""The store's event stream (``GET /v1/events``): new contexts and turns as server-sent events.

Events are named and shaped as cxdb's server sends them: ``connected`` first, then
``context_created``, ``context_metadata_updated`` (a context's first turn carried metadata) and
``turn_appended``, with a ``heartbeat`` comment every 20 seconds. The stream
watches the store's file rather than its writers, so it also sees what other processes append
(``factory run`` writing while ``context serve`` serves the same file).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from sse_starlette.sse import EventSourceResponse, ServerSentEvent

from darkfactory.context.store import ContextStore

POLL_SECONDS = 0.2
HEARTBEAT_SECONDS = 20.0
SEP = "\n"  # cxdb ends lines with LF alone


def event_stream(store: ContextStore) -> EventSourceResponse:
    """The response that streams ``store``'s events, with cxdb's heartbeat and framing."""
    return EventSourceResponse(
        stream(store),
        ping=HEARTBEAT_SECONDS,
        ping_message_factory=lambda: ServerSentEvent(comment="heartbeat", sep=SEP),
        sep=SEP,
        headers={"Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*"},
    )


def sse(event: str, data: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(json.dumps(data, separators=(",", ":")), event=event, sep=SEP)


def turn_appended(turn) -> dict[str, Any]:
    return {
        "context_id": str(turn.context_id),
        "turn_id": str(turn.turn_id),
        "parent_turn_id": str(turn.parent_turn_id),
        "depth": turn.depth,
        "declared_type_id": turn.type_id,
        "declared_type_version": turn.type_version,
    }


async def stream(store: ContextStore, poll: float = POLL_SECONDS) -> AsyncIterator[ServerSentEvent]:
    """Events for what is written to ``store`` from now on, until the client goes away. What
    is already there is read before ``connected`` is sent, so that anything a client writes
    once it has heard ``connected`` is told."""
    seen_context, seen_turn = store.high_water()
    yield sse("connected", {})
    while True:
        await asyncio.sleep(poll)
        contexts, turns = store.since(seen_context, seen_turn)
        for context in contexts:
            created = {
                "context_id": str(context.context_id),
                "session_id": "0",
                "client_tag": "",
                "created_at": context.created_at_ms,
            }
            yield sse("context_created", created)
            seen_context = context.context_id
        for turn in turns:
            yield sse("turn_appended", turn_appended(turn))
            first = turn.context_id and store.first_turn_id(turn.context_id) == turn.turn_id
            meta = store.metadata(turn.context_id) if first else {}
            if meta:
                yield sse("context_metadata_updated", metadata_updated(turn, meta))
            seen_turn = turn.turn_id


def metadata_updated(turn, meta: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "context_id": str(turn.context_id),
        "has_provenance": isinstance(meta.get("provenance"), dict),
    }
    for field in ("client_tag", "title", "labels"):
        if meta.get(field):
            data[field] = meta[field]
    return data
