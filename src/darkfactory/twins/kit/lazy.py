"""An ASGI app built on its first request, so a universe pays only for the twins it serves.

Building a twin's routes compiles hundreds of path patterns; a trial's universe is served by a
fresh app, and most trials call one or two twins. ``Lazy(build)`` calls ``build()`` when the
first request reaches it (on the server's event loop, so only once) and hands every request to
what it built.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send


class Lazy:
    """The app ``build()`` returns, built when first needed."""

    def __init__(self, build: Callable[[], ASGIApp]) -> None:
        self.build = build
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.app is None:
            self.app = self.build()
        await self.app(scope, receive, send)
