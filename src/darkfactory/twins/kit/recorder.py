"""ASGI middleware that writes every twin request and its response into the journal."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from darkfactory.twins.kit.fallback import ERROR_KEY
from darkfactory.twins.kit.journal import BODY_LIMIT
from darkfactory.twins.kit.operation import OPERATION_KEY

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe


class Recorder:
    """Wraps one twin's mounted app; operations name themselves in the scope as they run."""

    def __init__(self, app: ASGIApp, twin: str, universe: Universe) -> None:
        self.app = app
        self.twin = twin
        self.universe = universe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_body = bytearray()
        response_body = bytearray()
        status = 500
        held: Message | None = None  # the response's start, sent along with its body
        recorded = False

        def record() -> None:
            nonlocal recorded
            recorded = True
            self.universe.journal.record(
                at=self.universe.clock.now(),
                twin=self.twin,
                operation=scope.get(OPERATION_KEY, ""),
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
                request_body=bytes(request_body),
                response_body=bytes(response_body),
                error=scope.get(ERROR_KEY, ""),
            )

        async def receive_and_keep() -> Message:
            message = await receive()
            if message["type"] == "http.request" and len(request_body) <= BODY_LIMIT:
                request_body.extend(message.get("body", b""))
            return message

        async def send_and_keep(message: Message) -> None:
            # The entry is written before the last of the answer leaves, so a client that has
            # its answer finds it in the journal, and nothing is left to do once it is sent.
            nonlocal status, held
            if message["type"] == "http.response.start":
                status = message["status"]
                held = message
                return
            if message["type"] == "http.response.body":
                if len(response_body) <= BODY_LIMIT:
                    response_body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    record()
            if held is not None:
                await send(held)
                held = None
            await send(message)

        try:
            await self.app(scope, receive_and_keep, send_and_keep)
        except HTTPException as exc:  # a path no route matches: the app above answers it
            status = exc.status_code
            raise
        finally:
            if not recorded:
                record()
