"""Running one API operation: faults first, then the handler inside a store transaction.

A fault the twin applies midway through its answer (a stream that breaks off) is handed to the
handler as ``call.trip`` instead of being answered up front.

A handler is a plain synchronous function of a ``Call``; the wrapper reads the request body before
the transaction starts, so no ``await`` ever happens while the database is being written, and
closes the files of a form body once the handler has answered. Work that must happen after the
write (delivering events, streaming) goes into ``call.after``.

An operation declared with ``reads=True`` only reads: its handler runs on its twin's worker thread
in one committed snapshot (``readers``), off the event loop, and renders its answer there too.
Whatever such an operation must still write (a sign-in's last-seen time, a rate-limit count) is
done first by ``prepare``, on the event loop in a write transaction of its own; faults, the body's
check and the journal stay on the event loop as for every operation.

Handing a read to the worker and its answer back costs about 0.2 ms of context switches, more
than a read over a handful of rows costs. An operation may say, with ``light(subject)`` asked on
the event loop once ``prepare`` has run, that this read is bounded to be that cheap (its twin
holds only a few of the rows it could read): it then runs on the event loop, in a transaction of
its own as any operation does.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response

from darkfactory.twins.kit import form_body, json_body
from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.responses import JSONResponse
from darkfactory.twins.kit.vendor_schemas import SCHEMA_KEY

if TYPE_CHECKING:
    from darkfactory.twins.kit.faults import Trip
    from darkfactory.twins.kit.twin import Twin
    from darkfactory.twins.kit.universe import Universe

OPERATION_KEY = "darkfactory.operation"
TWIN_KEY = "darkfactory.twin"
# The call whose handler is running, for work one twin does on another's behalf (provisioning).
current_call: ContextVar[Call | None] = ContextVar("current_call", default=None)


@dataclass
class Call:
    """One request to one operation, with its body already read."""

    request: Request
    twin: Twin
    operation: str
    body: bytes
    form: FormData | None
    json: Any
    after: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    body_error: str | None = None  # why a declared form body could not be read
    too_deep: bool = False  # a JSON body nested past json_body.MAX_DEPTH (``json`` is None)
    trip: Trip | None = None  # a fault the handler applies inside its answer

    @property
    def universe(self) -> Universe:
        return self.twin.universe

    @property
    def path_params(self) -> dict[str, Any]:
        return self.request.path_params

    @property
    def query(self):
        return self.request.query_params

    @property
    def headers(self):
        return self.request.headers


def universe_of(request: Request) -> Universe:
    return request.scope[TWIN_KEY].universe


async def read_call(request: Request, operation: str) -> Call:
    """Read the body of ``request`` into a Call; a body that cannot be parsed is left as None."""
    twin: Twin = request.scope[TWIN_KEY]
    request.scope[OPERATION_KEY] = operation
    body = await request.body()
    ctype = request.headers.get("content-type", "")
    form = payload = None
    body_error = None
    too_deep = False
    if ctype.startswith("application/x-www-form-urlencoded"):
        try:
            form = form_body.parse(body)
        except ValueError as exc:
            body_error = f"unreadable form body: {exc}"
    elif ctype.startswith("multipart/form-data"):
        try:
            form = await request.form()
        except (MultiPartException, HTTPException, ValueError) as exc:
            body_error = f"unreadable form body: {exc}"
    elif body and "json" in ctype:
        try:
            payload = json_body.parse(body)
        except json_body.TooDeep:
            too_deep = True
        except ValueError:
            payload = None
    return Call(
        request, twin, operation, body, form, payload, body_error=body_error, too_deep=too_deep
    )


def body_violations(call: Call) -> list[str]:
    """What the body breaks: its nesting, or the types of the operation's vendor schema."""
    if call.too_deep:
        return [str(json_body.TooDeep())]
    schema = call.request.scope.get(SCHEMA_KEY, {}).get(call.request.method)
    if schema is None or call.json is None:
        return []
    return schema.violations(call.json)


async def run(
    call: Call,
    handler: Callable[[Any], Any],
    reads: bool = False,
    prepare: Callable[[Call], Any] | None = None,
    light: Callable[[Any], bool] | None = None,
) -> Response:
    """Faults, then the body's check, then ``handler(call)`` in a transaction (or in a snapshot on
    a worker thread, when the operation ``reads`` only and ``light`` does not find this read
    light), then ``call.after`` work once committed. With ``prepare``, the handler is given
    ``prepare(call)`` instead of the call."""
    twin = call.twin
    universe = twin.universe
    faults = universe.faults.matching(twin.name, call.operation)
    trip = await universe.faults.check(faults) if faults else None
    if trip is not None:
        if not twin.fails_midway(call, trip):
            return twin.render_fault(call.request, trip)
        call.trip = trip
    try:
        violations = body_violations(call)
        if violations:
            raise twin.invalid_body(call, violations)
        token = current_call.set(call)
        try:
            if reads:
                subject = call
                if prepare is not None:
                    with universe.store.transaction():
                        subject = prepare(call)
                if light is not None and light(subject):
                    with universe.store.transaction():
                        response = _respond(handler, subject)
                else:
                    response = await universe.readers.run(twin.name, _respond, handler, subject)
            else:
                with universe.store.transaction():
                    response = _respond(handler, call if prepare is None else prepare(call))
        finally:
            current_call.reset(token)
    except TwinError as error:
        return twin.render_error(call.request, error)
    if call.after:
        response.background = BackgroundTask(_run_all, list(call.after))
    return response


def _respond(handler: Callable[[Any], Any], subject: Any) -> Response:
    result = handler(subject)
    return result if isinstance(result, Response) else JSONResponse(result)


async def _run_all(tasks: list[Callable[[], Awaitable[None]]]) -> None:
    for task in tasks:
        await task()


def operation(
    name: str,
    reads: bool = False,
    prepare: Callable[[Call], Any] | None = None,
    light: Callable[[Any], bool] | None = None,
) -> Callable[[Callable[[Call], Any]], Callable[[Request], Awaitable]]:
    """Turn ``handler(call)`` into a Starlette endpoint for the operation called ``name``;
    ``reads`` declares that the handler only reads, so that it runs off the event loop, after
    ``prepare(call)`` has written what it must first, unless ``light`` finds it light enough to
    run on the loop (see ``run``)."""

    def decorate(handler: Callable[[Call], Any]) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            call = await read_call(request, name)
            try:
                return await run(call, handler, reads, prepare, light)
            finally:
                if call.form is not None:
                    await call.form.close()  # the uploaded files' temporary storage

        endpoint.operation = name  # type: ignore[attr-defined]
        endpoint.reads = reads  # type: ignore[attr-defined]
        return endpoint

    return decorate
