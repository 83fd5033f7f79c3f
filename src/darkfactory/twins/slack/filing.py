"""Setup routes where a member files a request for an admin to decide (an invite, an app):
a JSON body in, the request's id out, or the reason it was refused."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.slack.state import SlackState


class Refused(ValueError):
    """Why a request cannot be filed (the error code)."""


def filing_route(
    state: SlackState, path: str, file: Callable[[SlackState, dict], str], key: str
) -> Route:
    """``POST path``: ``file(state, body)`` in a transaction; answers ``{"ok", key: id}``."""

    async def filed(request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"{}")
            if not isinstance(body, dict):
                raise TypeError(body)
            with state.db.transaction():
                filed_id = file(state, body)
        except Refused as refused:
            return JSONResponse({"ok": False, "error": str(refused)}, 400)
        except (ValueError, TypeError):
            return JSONResponse({"ok": False, "error": "invalid_body"}, 400)
        return JSONResponse({"ok": True, key: filed_id}, 201)

    return Route(path, filed, methods=["POST"])
