"""Okta's wire format: SSWS auth, JSON shapes, error envelope, ``Link`` pagination, rate headers.

Every answer under ``/okta`` carries ``X-Rate-Limit-Limit/Remaining/Reset`` and ``Date`` (the SDK
needs both to back off on a 429). Lists answer one page with a ``Link`` header whose ``next`` URL
carries the ``after`` cursor (the SDK's ``PaginationHelper.extract_next_cursor`` reads it).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from darkfactory.twins.kit.fallback import route_response
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.routing import Router
from darkfactory.twins.kit.tokens import Grant
from darkfactory.twins.okta.errors import OAuthError, OktaError
from darkfactory.twins.okta.iam import state as iam_state
from darkfactory.twins.okta.roles import permissions

RATE_LIMIT = 600
ERROR_LINK = "https://developer.okta.com/docs/reference/error-codes/"


def timestamp(epoch: float | None) -> str | None:
    """Okta's timestamps: ``2024-01-02T03:04:05.000Z``."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def error_body(error: OktaError | Any, error_id: str) -> dict:
    causes = error.detail.get("causes", []) if hasattr(error, "detail") else []
    return {
        "errorCode": error.code,
        "errorSummary": error.message,
        "errorLink": error.code,
        "errorId": error_id,
        "errorCauses": [{"errorSummary": c} for c in causes],
    }


def render_error(universe, error, retry_after: int = 0) -> Response:
    if isinstance(error, OAuthError):
        return JSONResponse({"error": error.code, "error_description": error.message}, error.status)
    error_id = "oae" + universe.ids.derive(
        f"okta.error.{universe.clock.now()}",
        19,
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno",
    )
    response = JSONResponse(error_body(error, error_id), error.status)
    if retry_after:
        now = universe.clock.now()
        response.headers["X-Rate-Limit-Remaining"] = "0"
        response.headers["X-Rate-Limit-Reset"] = str(int(now) + retry_after)
    return response


def cors_origins(store) -> set[str]:
    """The origins browsers may call the API from: ACTIVE trusted origins with the CORS scope."""
    rows = store.all(
        "SELECT document FROM okta_resources WHERE kind = 'TrustedOrigin' AND status = 'ACTIVE'"
    )
    documents = [json.loads(r["document"]) for r in rows]
    return {d["origin"] for d in documents if any(s.get("type") == "CORS" for s in d["scopes"])}


def _preflight(origin: str) -> Response:
    return Response(
        status_code=200,
        headers={
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Credentials": "true",
            "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
            "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
            "Vary": "Origin",
        },
    )


class RateLimitHeaders:
    """Adds Okta's rate-limit headers and ``Date`` to every answer that lacks them, and CORS
    headers when the request's ``Origin`` is a trusted CORS origin (answering its preflight)."""

    def __init__(self, app: ASGIApp, universe) -> None:
        self.app = app
        self.universe = universe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        origin = Headers(scope=scope).get("origin", "").lower()
        trusted = bool(origin) and origin in cors_origins(self.universe.store)
        if trusted and scope["method"] == "OPTIONS":
            await _preflight(origin)(scope, receive, send)
            return

        async def stamp(message: Message) -> None:
            if message["type"] == "http.response.start":
                now = self.universe.clock.now()
                stamps = {
                    "Date": formatdate(now, usegmt=True),
                    "X-Rate-Limit-Limit": str(RATE_LIMIT),
                    "X-Rate-Limit-Remaining": str(RATE_LIMIT - 1),
                    "X-Rate-Limit-Reset": str(int(now) + 60),
                }
                if trusted:
                    stamps["Access-Control-Allow-Origin"] = origin
                    stamps["Access-Control-Allow-Credentials"] = "true"
                    stamps["Vary"] = "Origin"
                headers = list(message.get("headers", []))
                present = {name.decode().lower() for name, _ in headers}
                headers += [
                    (name.encode(), value.encode())
                    for name, value in stamps.items()
                    if name.lower() not in present
                ]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, stamp)
        except HTTPException as exc:  # Okta's envelope and headers for unknown routes too
            response = route_response(scope, exc)
            if response is None:
                raise
            await response(scope, receive, stamp)


def mount(universe, routes: list[BaseRoute]) -> list[BaseRoute]:
    return [Mount("", app=RateLimitHeaders(Router(routes=routes), universe))]


# -- resources ---------------------------------------------------------------------------------
# The lifecycle and credential operations each status allows, as Okta links them on one user.
USER_LINKS = {
    "STAGED": ("activate", "deactivate"),
    "PROVISIONED": ("resetPassword", "deactivate"),
    "ACTIVE": (
        "suspend",
        "resetPassword",
        "expirePassword",
        "changePassword",
        "changeRecoveryQuestion",
        "deactivate",
    ),
    "RECOVERY": ("suspend", "resetPassword", "expirePassword", "deactivate"),
    "PASSWORD_EXPIRED": ("suspend", "resetPassword", "changePassword", "deactivate"),
    "LOCKED_OUT": ("unlock", "resetPassword", "deactivate"),
    "SUSPENDED": ("unsuspend", "deactivate"),
    "DEPROVISIONED": ("activate",),
}
USER_LINK_PATHS = {
    "activate": "lifecycle/activate",
    "deactivate": "lifecycle/deactivate",
    "suspend": "lifecycle/suspend",
    "unsuspend": "lifecycle/unsuspend",
    "unlock": "lifecycle/unlock",
    "resetPassword": "lifecycle/reset_password",
    "expirePassword": "lifecycle/expire_password",
    "changePassword": "credentials/change_password",
    "changeRecoveryQuestion": "credentials/change_recovery_question",
}


def user_links(call: Call, user: dict, full: bool) -> dict:
    """A user's ``_links``: ``self`` alone in a list; for one user also its schema, its type and
    the operations its status allows."""
    base = f"{call.twin.base_url}/api/v1"
    href = f"{base}/users/{user['id']}"
    links: dict = {"self": {"href": href}}
    if not full:
        return links
    for name in USER_LINKS.get(user["status"], ()):
        links[name] = {"href": f"{href}/{USER_LINK_PATHS[name]}", "method": "POST"}
    links["schema"] = {"href": f"{base}/meta/schemas/user/default"}
    links["type"] = {"href": f"{base}/meta/types/user/{user_type_id(call)}"}
    return links


DEFAULT_USER_TYPE = "okta.default_user_type"  # the setting holding its id


def user_type_id(call: Call) -> str:
    """The id of the org's default user type."""
    return call.universe.store.setting(DEFAULT_USER_TYPE)


def user_json(call: Call, user: dict, full: bool = True) -> dict:
    """A user as Okta answers it, with its HAL ``_links`` (``full``: one user, not a list)."""
    return {
        "id": user["id"],
        "status": user["status"],
        "created": timestamp(user["created"]),
        "activated": timestamp(user["activated"]),
        "statusChanged": timestamp(user["status_changed"]),
        "lastLogin": timestamp(user["last_login"]),
        "lastUpdated": timestamp(user["last_updated"]),
        "passwordChanged": timestamp(user["password_changed"]),
        "type": {"id": user_type_id(call)},
        "profile": user["profile"],
        "credentials": credentials_json(call, user),
        "_links": user_links(call, user, full),
    }


def credentials_json(call: Call, user: dict) -> dict:
    """A user's credentials as Okta shows them: which exist, never their values; the primary
    email (and a secondary one) with whether it is verified."""
    credentials: dict = {"provider": {"type": "OKTA", "name": "OKTA"}}
    if user["password"]:
        credentials["password"] = {}
    question = call.universe.store.scalar(
        "SELECT recovery_question FROM okta_credentials WHERE user_id = ?", (user["id"],)
    )
    if question:
        credentials["recovery_question"] = {"question": question}
    verified = "VERIFIED" if user["status"] not in ("STAGED", "PROVISIONED") else "NOT_VERIFIED"
    profile = user["profile"]
    credentials["emails"] = [
        {"value": profile[field], "status": status, "type": kind}
        for field, kind, status in (
            ("email", "PRIMARY", verified),
            ("secondEmail", "SECONDARY", "NOT_VERIFIED"),
        )
        if profile.get(field)
    ]
    return credentials


def group_json(call: Call, group: dict) -> dict:
    href = f"{call.twin.base_url}/api/v1/groups/{group['id']}"
    return {
        "id": group["id"],
        "created": timestamp(group["created"]),
        "lastUpdated": timestamp(group["last_updated"]),
        "lastMembershipUpdated": timestamp(group["last_membership_updated"]),
        "objectClass": ["okta:user_group"],
        "type": group["type"],
        "profile": group["profile"],
        "_links": {"self": {"href": href}, "users": {"href": f"{href}/users"}},
    }


def event_json(row) -> dict:
    return {
        "uuid": row["uuid"],
        "published": timestamp(row["published"]),
        "eventType": row["event_type"],
        "version": "0",
        "severity": row["severity"],
        "legacyEventType": None,
        "displayMessage": row["display_message"],
        "actor": json.loads(row["actor"]),
        "client": {"ipAddress": "127.0.0.1", "userAgent": {"rawUserAgent": "UNKNOWN"}},
        "outcome": {"result": row["outcome"], "reason": None},
        "target": json.loads(row["target"]),
        "transaction": {"type": "WEB", "id": row["uuid"], "detail": {}},
        "debugContext": {"debugData": {}},
        "authenticationContext": {},
        "securityContext": {},
        "request": {"ipChain": []},
    }


# -- auth ---------------------------------------------------------------------------------------
def grant_of(call: Call) -> Grant:
    """The caller's grant from ``Authorization: SSWS <token>`` or ``Bearer <token>`` (the SDK
    sends both without the space)."""
    header = call.headers.get("authorization", "")
    token = ""
    if header[:4].upper() == "SSWS":
        token = header[4:].strip()
    elif header[:6].lower() == "bearer":
        token = header[6:].strip()
    grant = call.universe.tokens.lookup("okta", token) if token else None
    if grant is not None and grant.kind == "oauth" and grant.meta.get("server") != "org":
        grant = None  # custom authorization servers' tokens are not for the management API
    if grant is None or grant.kind == "refresh":
        raise OktaError("E0000011", 401, "Invalid token provided")
    return grant


def is_client(grant: Grant) -> bool:
    """Whether an OAuth grant's subject is its client app (``client_credentials``), not a user."""
    return grant.kind == "oauth" and grant.principal == grant.meta.get("client_id")


def roles_of(call: Call, grant: Grant) -> set[str]:
    """The admin roles a grant acts with: a role-bound API token's one role, a service app's
    granted roles, or its user's roles (directly or through groups)."""
    if grant.meta.get("role"):
        return {grant.meta["role"]}
    kind = "CLIENT" if is_client(grant) else "USER"
    return permissions.roles_of(call.universe.store, grant.principal, kind)


TARGET = re.compile(r"^/api/v1/(users|groups)(?:/([^/]+))?")


def target_of(call: Call) -> tuple[str, str | None] | None:
    """The user or group a call acts on (``None`` as id: the collection), for custom roles'
    resource sets; ``None`` for calls on other resources."""
    path = call.request.url.path.removeprefix(f"/{call.twin.name}")
    match = TARGET.match(path)
    if match is None:
        return None
    family, key = match.groups()
    if family == "users" and key == "me":
        return family, grant_of(call).principal
    if family == "users" and key:
        found = call.universe.store.scalar(
            "SELECT id FROM okta_users WHERE id = ? OR login = ?", (key, key)
        )
        return family, found or key
    return family, key


def admit(call: Call, scope: str, role_granted: str | None = None) -> Grant:
    """Authenticate the caller and decide whether it may run this operation under ``scope``
    (``permissions.decide``); no side effects, so it can run before any."""
    grant = grant_of(call)
    scopes = grant.scopes if grant.kind == "oauth" else None
    custom = []
    if not grant.meta.get("role") and not is_client(grant):
        custom = iam_state.grants(call.universe.store, grant.principal)
    target = target_of(call) if custom else None
    roles = roles_of(call, grant)
    if not permissions.decide(roles, scopes, scope, call.operation, role_granted, custom, target):
        raise OktaError(
            "E0000006", 403, "You do not have permission to perform the requested action"
        )
    return grant


def authorize(call: Call, scope: str) -> dict:
    """``admit`` the caller, arrange event delivery after the write; returns the log actor."""
    grant = admit(call, scope)
    call.twin.deliver_events_after(call)
    return {
        "id": grant.principal,
        "type": "PublicClientApp" if is_client(grant) else "User",
        "alternateId": grant.meta.get("login", grant.principal),
        "displayName": grant.meta.get("name", grant.principal),
    }


# -- request bodies, pagination -----------------------------------------------------------------
def body(call: Call) -> dict:
    if call.body and not isinstance(call.json, dict):
        raise OktaError("E0000003", 400, "The request body was not well-formed.")
    return call.json or {}


def flag(call: Call, name: str, default: bool) -> bool:
    value = call.query.get(name)
    return default if value is None else value.lower() == "true"


def page(
    call: Call,
    items: list[dict],
    default_limit: int = 200,
    max_limit: int = 200,
    key: str = "id",
    polling: bool = False,
) -> Response:
    """One page of ``items`` after the ``after`` cursor (an item's ``key``), with ``Link``s.

    A ``polling`` list (the System Log without ``until``) always links a next page: the cursor
    of its last event, so a client can keep asking for what happened since.
    """
    try:
        limit = min(max(int(call.query.get("limit", default_limit)), 1), max_limit)
    except ValueError as error:
        raise OktaError("E0000001", 400, "Api validation failed: limit") from error
    after = call.query.get("after")
    if after:
        keys = [item[key] for item in items]
        items = items[keys.index(after) + 1 :] if after in keys else []
    chosen = items[:limit]
    base = f"{call.twin.base_url}{call.request.url.path.removeprefix('/' + call.twin.name)}"
    params = {k: v for k, v in call.query.items() if k != "after"}
    links = [f'<{base}?{urlencode(params)}>; rel="self"' if params else f'<{base}>; rel="self"']
    cursor = chosen[-1][key] if chosen else after
    if len(items) > limit or (polling and cursor):
        nxt = urlencode({**params, "limit": limit, "after": cursor})
        links.append(f'<{base}?{nxt}>; rel="next"')
    return JSONResponse(chosen, headers={"Link": ", ".join(links)})
