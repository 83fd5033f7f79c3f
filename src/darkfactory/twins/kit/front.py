"""One twin's front: the single ASGI layer between the universe and a twin's routes.

It does in one pass what every request to a twin needs around its route: builds the twin's
router when the first request reaches it (a trial's universe is served by a fresh app, and most
trials call one or two twins), marks the scope with the twin (``TWIN_KEY``) so operations can find
it, writes the request and its answer into the journal, and answers what goes wrong in the
vendor's envelope (``fallback``): an exception escaping a handler is a 500, a path no route
serves a 404, a method its route does not take a 405.

The journal entry is written when the last of the answer is handed to the server, before it is
sent, so a client that has its answer finds it in the journal, and nothing is left to do once it
is sent. An exception's traceback is kept in the entry (``ERROR_KEY``).
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from darkfactory.twins.kit.fallback import ERROR_KEY, failure_response, route_response
from darkfactory.twins.kit.journal import BODY_LIMIT
from darkfactory.twins.kit.operation import OPERATION_KEY, TWIN_KEY
from darkfactory.twins.kit.vendor_schemas import every_route

if TYPE_CHECKING:
    from darkfactory.twins.kit.twin import Twin
    from darkfactory.twins.kit.universe import Universe


class TwinFront:
    """The ASGI app a twin is mounted as; ``build()`` makes its routes' app on first use."""

    def __init__(self, twin: Twin, universe: Universe, build: Callable[[], ASGIApp]) -> None:
        self.twin = twin
        self.universe = universe
        self.build = build
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.app is None:
            self.app = self.build()
        scope[TWIN_KEY] = self.twin
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_body = bytearray()
        response_body = bytearray()
        status = 0  # none sent yet
        held: Message | None = None  # the answer's start, sent along with its body
        recorded = False

        def record() -> None:
            nonlocal recorded
            recorded = True
            universe = self.universe
            universe.journal.record(
                universe.clock.now(),
                self.twin.name,
                scope.get(OPERATION_KEY, ""),
                scope["method"],
                scope["path"],
                scope["query_string"].decode("latin-1"),
                status or 500,
                round((time.perf_counter() - started) * 1000, 3),
                request_body,
                response_body,
                scope.get(ERROR_KEY, ""),
            )

        async def receive_and_keep() -> Message:
            message = await receive()
            if message["type"] == "http.request" and len(request_body) <= BODY_LIMIT:
                request_body.extend(message.get("body", b""))
            return message

        async def send_and_keep(message: Message) -> None:
            nonlocal status, held
            kind = message["type"]
            if kind == "http.response.start":
                status = message["status"]
                held = message
                return
            if kind == "http.response.body":
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
        except HTTPException as exc:
            if status:  # the answer is on its way already: nothing better can be sent
                raise
            response = route_response(scope, exc) or _plain(exc)
            await response(scope, receive, send_and_keep)
        except Exception as exc:
            response = failure_response(scope, self.twin, exc)
            if status:
                raise
            await response(scope, receive, send_and_keep)
        finally:
            if not recorded:
                record()


def _plain(exc: HTTPException) -> Response:
    """Starlette's own answer to an HTTP exception no twin renders."""
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)


class Endpoint:
    """A route's app that calls its async endpoint and sends the answer: what Starlette's
    ``request_response`` does, without its layer for exception handlers, which a twin's routes
    do not register (the front answers every exception)."""

    def __init__(self, endpoint: Callable) -> None:
        self.endpoint = endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.endpoint(Request(scope, receive, send))
        await response(scope, receive, send)


def direct(routes: list[BaseRoute]) -> list[BaseRoute]:
    """``routes``, each route whose app is Starlette's wrapper of an async endpoint now calling
    it through ``Endpoint``; other routes (sync endpoints, ASGI apps, middleware) are kept."""
    for _, route in every_route(routes):
        wrapped = getattr(route.app, "__qualname__", "") == "request_response.<locals>.app"
        if wrapped and inspect.iscoroutinefunction(route.endpoint):
            route.app = Endpoint(route.endpoint)
    return routes
