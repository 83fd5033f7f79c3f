"""Wire helpers the provider twins share: server-sent events, delta chunks, body checks.

A streamed answer is a list of SSE frames; frames carrying a piece of content are ``Delta``s, so
a stream that fails midway can be cut after a given number of them. A cut closes the connection
without ending the chunked body (``StreamCut``), as a dropped connection looks to a client.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from starlette.responses import StreamingResponse
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.routing import Router

WORDS = re.compile(r"\s*\S+\s*|\s+")
ARGUMENT_CHUNK = 16


def text_chunks(text: str) -> list[str]:
    """How streamed text arrives: a word (with its spacing) per delta."""
    return WORDS.findall(text) or [""]


def argument_chunks(arguments: str) -> list[str]:
    """How streamed tool-call arguments arrive: fixed-size slices of the JSON string."""
    return [
        arguments[i : i + ARGUMENT_CHUNK] for i in range(0, len(arguments), ARGUMENT_CHUNK)
    ] or [""]


class Delta(bytes):
    """An SSE frame that carries a piece of the answer's content (text, thinking, arguments)."""


class StreamCut(Exception):
    """Raised after the last frame of a cut stream: the server closes the connection."""


class _QuietCuts(logging.Filter):
    """Keeps deliberate cuts out of the server's error log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], StreamCut))


logging.getLogger("uvicorn.error").addFilter(_QuietCuts())


# ``json.dumps(value, separators=(",", ":"))``, with one encoder for every frame rather than a
# new one for each
compact_json = json.JSONEncoder(separators=(",", ":")).encode


def sse(data: Any, event: str | None = None, delta: bool = False) -> bytes:
    """One SSE frame; ``delta`` marks it as carrying content."""
    head = f"event: {event}\n" if event else ""
    payload = data if isinstance(data, str) else compact_json(data)
    frame = f"{head}data: {payload}\n\n".encode()
    return Delta(frame) if delta else frame


def until_delta(events: list[bytes], count: int) -> list[bytes]:
    """The frames a stream failing after ``count`` deltas sends: those before delta number
    ``count + 1``, or those up to the last delta when there are no more than ``count``."""
    deltas = [index for index, event in enumerate(events) if isinstance(event, Delta)]
    if count < len(deltas):
        return events[: deltas[count]]
    return events[: deltas[-1] + 1] if deltas else []


SSE = "text/event-stream; charset=utf-8"


def sse_response(
    events: Iterable[bytes],
    headers: dict[str, str] | None = None,
    cut: bool = False,
    media_type: str = SSE,
) -> StreamingResponse:
    """An answer sending the precomputed ``events`` one by one (server-sent events unless
    ``media_type`` says otherwise); with ``cut``, the connection then closes before the body
    is complete."""
    chosen = list(events)

    async def send():
        for event in chosen:
            yield event
        if cut:
            raise StreamCut("the stream is cut here")

    return StreamingResponse(
        send(),
        media_type=media_type,
        headers={"cache-control": "no-cache", **(headers or {})},
    )


def json_object(call: Call, invalid: TwinError) -> dict[str, Any]:
    """The request's JSON object body, or ``invalid`` when it is missing or not an object."""
    if not isinstance(call.json, dict):
        raise invalid
    return call.json


KINDS = {dict: "an object", list: "an array", str: "a string", int: "an integer", bool: "a boolean"}


def expect(
    value: Any, kind: type, where: str, bad: Callable[[str, str, Any], TwinError], default=None
) -> Any:
    """``value`` if it is JSON of ``kind`` (``default`` when absent), else ``bad(where, ...)``."""
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise bad(where, KINDS[kind], value)
    return value


def arguments_json(arguments: Any) -> str:
    return json.dumps(arguments, separators=(",", ":"), ensure_ascii=False)


class Stamped:
    """Adds the headers ``stamps()`` gives to every answer that lacks them."""

    def __init__(self, app: ASGIApp, stamps: Callable[[], dict[str, str]]) -> None:
        self.app = app
        self.stamps = stamps

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamp(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode().lower() for name, _ in headers}
                headers += [
                    (name.encode(), value.encode())
                    for name, value in self.stamps().items()
                    if name.lower() not in present
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, stamp)


def stamped(routes: list[BaseRoute], stamps: Callable[[], dict[str, str]]) -> list[BaseRoute]:
    """``routes`` mounted so every answer carries the provider's headers."""
    return [Mount("", app=Stamped(Router(routes=routes), stamps))]
