"""The admin gate: the control plane, the web UI and the twins' setup routes take the admin token.

Guarded are ``/_universe/...``, ``/ui/...`` and a twin's own setup routes, the paths under its
mount whose first segment starts with ``_`` (``/slack/_apps``, ``/okta/_outbox``, ...). The token
is accepted as ``Authorization: Bearer <token>``, or from the cookie that a browser is given on
opening any guarded page with ``?token=<token>`` once (the start-up banner prints that link).
Everything else, the twins' APIs, answers to the twins' own credentials. A universe made with
``open_access`` (``universe up --open``) lets everyone in, for local demos.
"""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe

COOKIE = "darkfactory_admin"
QUERY = "token"


def admin_headers(token: str | None) -> dict[str, str]:
    """How a client presents the admin ``token`` (no header when there is none)."""
    return {"Authorization": f"Bearer {token}"} if token else {}


def guarded(path: str, twins: set[str]) -> bool:
    """Whether ``path`` is the control plane, the web UI, or one twin's setup route."""
    parts = path.lstrip("/").split("/", 2)
    if parts[0] in ("_universe", "ui"):
        return True
    return parts[0] in twins and len(parts) > 1 and parts[1].startswith("_")


def presented(scope: Scope) -> tuple[str | None, str | None]:
    """The token a request presents, and how: ``bearer``, ``cookie`` or ``query``."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip(), "bearer"
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    if query.get(QUERY):
        return query[QUERY], "query"
    cookie = SimpleCookie(headers.get("cookie", ""))
    if COOKIE in cookie:
        return cookie[COOKIE].value, "cookie"
    return None, None


class AdminGate:
    """ASGI middleware in front of the universe's app that refuses guarded paths without the
    admin token: 401 with ``WWW-Authenticate: Bearer``, before anything behind it runs."""

    def __init__(self, app: ASGIApp, universe: Universe) -> None:
        self.app = app
        self.universe = universe
        self.twins = set(universe.twins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] not in ("http", "websocket")
            or self.universe.open_access
            or not guarded(scope["path"], self.twins)
        ):
            await self.app(scope, receive, send)
            return
        token, how = presented(scope)
        if token is None or not hmac.compare_digest(token, self.universe.admin_token):
            await self._refuse(scope, receive, send, token is not None)
            return
        if how == "query" and scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            await self._remember(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, wrong: bool) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 4401})
            return
        message = "the admin token is wrong" if wrong else "the admin token is required"
        response = JSONResponse(
            {"error": "unauthorized", "message": message},
            401,
            headers={"WWW-Authenticate": 'Bearer realm="darkfactory universe"'},
        )
        await response(scope, receive, send)

    async def _remember(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A browser that opened a link with ``?token=``: keep the token in a cookie and show the
        same page without it, so the token stays out of history and referrers."""
        query = [
            (k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1")) if k != QUERY
        ]
        location = scope["path"] + (f"?{urlencode(query)}" if query else "")
        response = RedirectResponse(location, 303)
        response.set_cookie(
            COOKIE, self.universe.admin_token, httponly=True, samesite="strict", path="/"
        )
        await response(scope, receive, send)
