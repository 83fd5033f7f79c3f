"""Jira's wire conventions: auth (email + API token, bearer), error envelope, rate-limit
headers, the ``/rest/api/2|3|latest`` route triplets, request bodies and paginated beans."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from darkfactory.twins.jira.errors import (
    JiraError,
    bad_request,
    forbidden,
    invalid_payload,
    unauthorized,
)
from darkfactory.twins.jira.shapes import Shapes
from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.operation import Call

API_VERSIONS = ("3", "2", "latest")
ADMIN_REQUIRED = (
    "You are not authorized to perform this action. Administrator privileges are required."
)
RATE_LIMIT = 100


# -- routes -------------------------------------------------------------------------------------
def rest(path: str, endpoint, method: str) -> list[Route]:
    """One endpoint under ``/rest/api/3``, ``/rest/api/2`` and ``/rest/api/latest``."""
    return [Route(f"/rest/api/{v}{path}", endpoint, methods=[method]) for v in API_VERSIONS]


def version(call: Call) -> str:
    """The REST version the client called: ``3``, or ``2`` (also for ``latest``)."""
    path = call.request.scope["path"]
    return "3" if "/rest/api/3/" in path or path.endswith("/rest/api/3") else "2"


def shapes(call: Call) -> Shapes:
    return Shapes(call.twin.state, call.twin.base_url, version(call))


# -- errors -------------------------------------------------------------------------------------
def render_error(request: Request, error: TwinError, retry_after: int = 0) -> Response:
    if isinstance(error, JiraError):
        body = error.body()
    else:
        body = {"errorMessages": [error.message], "errors": {}}
    response = JSONResponse(body, error.status)
    if error.status == 429:
        wait = max(int(retry_after), 1)
        reset = datetime.fromtimestamp(
            request.scope["darkfactory.twin"].universe.clock.now() + wait, UTC
        )
        response.headers.update(
            {
                "Retry-After": str(wait),
                "X-RateLimit-Limit": str(RATE_LIMIT),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "X-RateLimit-NearLimit": "true",
                "RateLimit-Reason": "jira-burst-based",
            }
        )
    return response


async def unknown_resource(scope: Scope, receive: Receive, send: Send) -> None:
    """What Jira's REST layer answers for a path no resource serves."""
    url = f"{scope['darkfactory.twin'].base_url}{scope['path'].removeprefix('/jira')}"
    body = {"errorMessages": [f"null for uri: {url}"], "errors": {}}
    await JSONResponse(body, 404)(scope, receive, send)


# -- auth ---------------------------------------------------------------------------------------
CALLER_KEY = "darkfactory.jira.caller"


def caller(call: Call) -> str | None:
    """The caller's accountId from ``Basic email:token`` or ``Bearer token``; None if anonymous.

    Credentials that are present but wrong are refused with 401, as Jira Cloud does. A request
    is authenticated once: what its first check found is kept in its scope for the others.
    """
    scope = call.request.scope
    if CALLER_KEY not in scope:
        scope[CALLER_KEY] = _authenticate(call)
    return scope[CALLER_KEY]


def _authenticate(call: Call) -> str | None:
    header = call.headers.get("authorization", "")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    tokens = call.universe.tokens
    state = call.twin.state
    if scheme.lower() == "basic":
        try:
            email, _, token = base64.b64decode(value).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise unauthorized() from None
        grant = tokens.lookup("jira", token)
        user = state.known("user", grant.principal) if grant else None
        if user is None or user["emailAddress"].lower() != email.lower():
            raise unauthorized()
    elif scheme.lower() == "bearer":
        grant = tokens.lookup("jira", value.strip())
        user = state.known("user", grant.principal) if grant else None
        if user is None:
            raise unauthorized()
    else:
        raise unauthorized()
    if not user["active"]:
        raise unauthorized()
    return user["accountId"]


def authenticated(call: Call) -> Call:
    """``call``, its caller found: what a read does on the event loop before its worker thread
    reads, where the tokens and users the loop has read are kept (a snapshot reads them again)."""
    caller(call)
    return call


def actor(call: Call) -> str:
    """The authenticated caller; anonymous callers get 401."""
    account_id = caller(call)
    if account_id is None:
        raise unauthorized()
    return account_id


def admin(call: Call) -> str:
    """The caller, who must hold the Administer Jira global permission."""
    account_id = actor(call)
    if not call.twin.state.is_admin(account_id):
        raise forbidden(ADMIN_REQUIRED)
    return account_id


# -- request bodies and query parameters ---------------------------------------------------------
def body(call: Call) -> dict:
    if not call.body:
        return {}
    if not isinstance(call.json, dict):
        raise invalid_payload()
    return call.json


def text(data: dict, name: str) -> str:
    """A string member of a request body ("" when absent); any other type is a bad payload."""
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid_payload()
    return value


def naming(data: dict) -> tuple[str | None, str | None]:
    """A scheme's new ``name`` and ``description`` from an update body: None for each not sent,
    so that it stays as it is."""
    return tuple(text(data, m) if m in data else None for m in ("name", "description"))


def flag(data: dict, name: str) -> bool:
    """A boolean member of a request body (False when absent); any other type is a bad payload."""
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise invalid_payload()
    return value


def _members(data: dict, name: str, fits) -> list:
    """The non-null items of a list in a request body ([] when absent); a value that is not a
    list, or an item that does not ``fit``, is a bad payload."""
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid_payload()
    items = [v for v in value if v is not None]
    if not all(fits(v) for v in items):
        raise invalid_payload()
    return items


def strings(data: dict, name: str) -> list[str]:
    """A list of strings in a request body (nulls dropped, [] when absent)."""
    return _members(data, name, lambda v: isinstance(v, str))


def objects(data: dict, name: str) -> list[dict]:
    """A list of JSON objects in a request body (nulls dropped, [] when absent)."""
    return _members(data, name, lambda v: isinstance(v, dict))


def ids(data: dict, name: str) -> list[str]:
    """A list of numeric ids in a request body, as text (nulls dropped, [] when absent)."""
    return [str(v) for v in _members(data, name, _numeric)]


def whole(data: dict, name: str) -> int | None:
    """A whole-number member of a request body (digits in a string too, as Jira reads them);
    None when absent, any other value is a bad payload."""
    value = data.get(name)
    if value is None:
        return None
    if not _numeric(value):
        raise invalid_payload()
    return int(value)


def _numeric(value: Any) -> bool:
    if isinstance(value, str):
        return value.isdigit()
    return isinstance(value, int) and not isinstance(value, bool)


def integer(call: Call, name: str, default: int, source: dict | None = None) -> int:
    raw = (source or call.query).get(name, default)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise bad_request(
            f"The value '{raw}' is not a valid integer for parameter '{name}'."
        ) from None


def listed(raw: Any) -> list[str]:
    """A comma-separated parameter (or a JSON list) as a list of non-empty strings."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else str(raw).split(",")
    return [str(i).strip() for i in items if str(i).strip()]


def values(call: Call, name: str) -> list[str]:
    """A query parameter as Atlassian documents its lists: repeated (``a=1&a=2``),
    comma-separated (``a=1,2``), or both."""
    return repeated(call.query, name)


def repeated(query, name: str) -> list[str]:
    """``values`` of the parsed query string ``query``."""
    return [item for raw in query.getlist(name) for item in listed(raw)]


def projects_by_scheme(call: Call, state, scheme_of) -> dict[str, list[str]]:
    """The projects of the ``projectId`` query (one at least), their ids grouped by the id of
    their scheme, ``scheme_of(project)``."""
    ids = values(call, "projectId")
    if not ids:
        raise bad_request("At least one 'projectId' must be given.")
    grouped: dict[str, list[str]] = {}
    for project_id in ids:
        project = state.project(project_id)
        grouped.setdefault(scheme_of(project), []).append(project["id"])
    return grouped


def bean(call: Call, items: list, key: str = "values", default_max: int = 50) -> dict:
    """Jira's paginated bean: ``startAt``, ``maxResults``, ``total``, ``isLast`` and the page."""
    start = max(integer(call, "startAt", 0), 0)
    size = max(integer(call, "maxResults", default_max), 0)
    chosen = items[start : start + size]
    return {
        "self": str(call.request.url),
        "maxResults": size,
        "startAt": start,
        "total": len(items),
        "isLast": start + len(chosen) >= len(items),
        key: chosen,
    }


def created(data: Any) -> JSONResponse:
    return JSONResponse(data, 201)


def no_content() -> Response:
    return Response(status_code=204)
