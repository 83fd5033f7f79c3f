"""A twin's last answers: anything unexpected under its mount is a 500 in the vendor's envelope.

The exception is logged with its traceback and left in the scope (``ERROR_KEY``) for the journal;
the client gets ``twin.internal_error()`` rendered by ``twin.render_error``, never plain text.
A path no route serves, or a method a route does not take, is answered likewise with
``twin.route_error`` (404 and 405 in the vendor's envelope), never Starlette's plain text. The
twin's front (``front``) gives these answers; Okta's own middleware gives its route errors too.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from darkfactory.twins.kit.operation import TWIN_KEY

if TYPE_CHECKING:
    from darkfactory.twins.kit.twin import Twin

ERROR_KEY = "darkfactory.error"
log = logging.getLogger("darkfactory.twins")


def failure_response(scope: Scope, twin: Twin, exc: Exception) -> Response:
    """The twin's answer to an exception escaping its handler: logged with its traceback, which
    is left in the scope for the journal, and answered as the twin's internal error."""
    log.exception("%s: %s %s failed", twin.name, scope["method"], scope["path"])
    scope[ERROR_KEY] = "".join(traceback.format_exception(exc))
    return twin.render_error(Request(scope), twin.internal_error())


def route_response(scope: Scope, exc: HTTPException) -> Response | None:
    """The twin's own answer to a path none of its routes serves (404) or a method the route
    does not take (405), with the ``Allow`` header; None for any other HTTP exception."""
    if exc.status_code not in (404, 405):
        return None
    twin: Twin = scope[TWIN_KEY]
    request = Request(scope)
    path = request.url.path.removeprefix(f"/{twin.name}")  # as the vendor's own host sees it
    response = twin.render_error(request, twin.route_error(request.method, path, exc.status_code))
    if exc.status_code == 405 and exc.headers and "Allow" in exc.headers:
        response.headers["Allow"] = exc.headers["Allow"]
    return response
