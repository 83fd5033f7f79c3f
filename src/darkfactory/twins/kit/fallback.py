"""A twin's last answer: anything unexpected under its mount is a 500 in the vendor's envelope.

The exception is logged with its traceback and left in the scope (``ERROR_KEY``) for the journal;
the client gets ``twin.internal_error()`` rendered by ``twin.render_error``, never plain text.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from darkfactory.twins.kit.twin import Twin

ERROR_KEY = "darkfactory.error"
log = logging.getLogger("darkfactory.twins")


class Fallback:
    """Wraps one twin's mounted app; see the module docstring."""

    def __init__(self, app: ASGIApp, twin: Twin) -> None:
        self.app = app
        self.twin = twin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_and_watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        except HTTPException:  # a path no route matches: the app above answers it
            raise
        except Exception as exc:
            log.exception("%s: %s %s failed", self.twin.name, scope["method"], scope["path"])
            scope[ERROR_KEY] = "".join(traceback.format_exception(exc))
            if started:  # the answer is on its way already: nothing better can be sent
                raise
            response = self.twin.render_error(Request(scope), self.twin.internal_error())
            await response(scope, receive, send)
