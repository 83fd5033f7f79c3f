"""Middleware around provider calls: an onion, first registered = outermost.

A ``Middleware`` may override any of its four hooks (sync/async, complete/stream); each hook gets
the request and ``call_next`` and returns what ``call_next`` returns (a Response, or an iterator
of StreamEvents it may observe or transform). A plain function ``fn(request, call_next)`` is
accepted too: a sync one wraps ``complete()``, an ``async def`` one wraps ``acomplete()``.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any

from darkfactory.llm.types import Request, Response, StreamEvent

Next = Callable[[Request], Any]


class Middleware:
    def complete(self, request: Request, call_next: Callable[[Request], Response]) -> Response:
        return call_next(request)

    async def acomplete(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        return await call_next(request)

    def stream(
        self, request: Request, call_next: Callable[[Request], Iterator[StreamEvent]]
    ) -> Iterator[StreamEvent]:
        return call_next(request)

    def astream(
        self, request: Request, call_next: Callable[[Request], AsyncIterator[StreamEvent]]
    ) -> AsyncIterator[StreamEvent]:
        return call_next(request)


class FunctionMiddleware(Middleware):
    """The spec's ``fn(request, next)`` form."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        if inspect.iscoroutinefunction(fn):
            self.acomplete = fn  # type: ignore[method-assign]
        else:
            self.complete = fn  # type: ignore[method-assign]


def as_middleware(item: Middleware | Callable[..., Any]) -> Middleware:
    return item if isinstance(item, Middleware) else FunctionMiddleware(item)


def chain(middleware: Sequence[Middleware], hook: str, final: Next) -> Next:
    """``final`` wrapped so that ``middleware[0]`` sees the request first and the answer last."""
    call = final
    for layer in reversed(middleware):
        call = _bind(getattr(layer, hook), call)
    return call


def _bind(hook: Callable[[Request, Next], Any], call_next: Next) -> Next:
    return lambda request: hook(request, call_next)
