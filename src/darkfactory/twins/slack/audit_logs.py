"""The Audit Logs API at ``/slack/audit/v1/`` (``schemas``, ``actions``, ``logs``) and its record.

``AuditLogsClient(token=..., base_url=<universe>/slack/audit/v1/)`` reads it unchanged. Events are
written as the twin's own Web API calls succeed (``api.OBSERVERS``): sign-ins, channels created
and archived, apps installed, approved and removed, people created, deactivated and given roles,
sessions reset. Reading them takes a user token of an org owner granted ``auditlogs:read``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.ids import HEX
from darkfactory.twins.kit.operation import read_call, run
from darkfactory.twins.slack import api
from darkfactory.twins.slack.api import SlackCall, SlackError
from darkfactory.twins.slack.pagination import decode, encode
from darkfactory.twins.slack.state import SlackState

SCOPE = "auditlogs:read"
MAX_LIMIT = 9999

SCHEMAS = [
    {"type": "workspace", "workspace": {"id": "string", "name": "string", "domain": "string"}},
    {"type": "enterprise", "enterprise": {"id": "string", "name": "string", "domain": "string"}},
    {"type": "user", "user": {"id": "string", "name": "string", "email": "string"}},
    {
        "type": "channel",
        "channel": {
            "id": "string",
            "name": "string",
            "privacy": "string",
            "is_shared": "bool",
            "is_org_shared": "bool",
        },
    },
    {
        "type": "app",
        "app": {
            "id": "string",
            "name": "string",
            "is_distributed": "bool",
            "is_directory_approved": "bool",
            "scopes": "array",
        },
    },
]

ACTIONS = {
    "workspace_or_org": ["emoji_added", "emoji_removed"],
    "user": [
        "user_login",
        "user_created",
        "user_deactivated",
        "role_change_to_admin",
        "role_change_to_owner",
        "role_change_to_user",
        "user_session_reset_by_admin",
        "user_session_invalidated",
    ],
    "channel": [
        "public_channel_created",
        "private_channel_created",
        "public_channel_archive",
        "private_channel_archive",
        "public_channel_unarchive",
        "private_channel_unarchive",
    ],
    "app": ["app_installed", "app_approved", "app_restricted", "app_uninstalled"],
}


# -- writing ----------------------------------------------------------------------------------
def user_entity(state: SlackState, user_id: str) -> dict[str, Any]:
    row = state.db.one("SELECT name, real_name, email FROM slack_users WHERE id = ?", (user_id,))
    name = (row["real_name"] or row["name"]) if row else ""
    return {"type": "user", "user": {"id": user_id, "name": name, "email": row and row["email"]}}


def channel_entity(state: SlackState, channel_id: str) -> dict[str, Any] | None:
    row = state.db.one("SELECT name, kind FROM slack_channels WHERE id = ?", (channel_id,))
    if row is None:
        return None
    privacy = "public" if row["kind"] == "public" else "private"
    return {
        "type": "channel",
        "channel": {
            "id": channel_id,
            "name": row["name"],
            "privacy": privacy,
            "is_shared": False,
            "is_org_shared": False,
        },
    }


def app_entity(state: SlackState, app_id: str) -> dict[str, Any] | None:
    row = state.db.one("SELECT name, scopes FROM slack_apps WHERE id = ?", (app_id,))
    if row is None:
        return None
    return {
        "type": "app",
        "app": {
            "id": app_id,
            "name": row["name"],
            "is_distributed": False,
            "is_directory_approved": False,
            "scopes": json.loads(row["scopes"]),
        },
    }


def workspace_entity(state: SlackState) -> dict[str, Any]:
    team = state.team()
    return {
        "type": "workspace",
        "workspace": {"id": team["id"], "name": team["name"], "domain": team["domain"]},
    }


def record(call: SlackCall, action: str, actor: str, entity: dict[str, Any] | None) -> None:
    """Write one audit event: ``actor`` (a user id) did ``action`` to ``entity``."""
    if entity is None:
        return
    state = call.state
    team = state.team()
    client = call.call.request.client
    seq = (state.db.scalar("SELECT MAX(seq) FROM slack_audit_events") or 0) + 1
    hexed = call.universe.ids.token("slack.audit", 32, HEX)
    event_id = "-".join((hexed[:8], hexed[8:12], hexed[12:16], hexed[16:20], hexed[20:]))
    kind = entity["type"]
    context = {
        "location": {
            "type": "workspace",
            "id": team["id"],
            "name": team["name"],
            "domain": team["domain"],
        },
        "ua": call.call.headers.get("user-agent", ""),
        "ip_address": client.host if client else "",
    }
    state.db.insert(
        "slack_audit_events",
        {
            "id": event_id,
            "seq": seq,
            "date_create": state.now(),
            "action": action,
            "actor_id": actor,
            "entity_id": entity[kind]["id"],
            "entity": json.dumps(entity),
            "context": json.dumps(context),
        },
    )


def _channel_event(verb: str) -> Callable[[SlackCall, dict], None]:
    def observe(call: SlackCall, result: dict) -> None:
        channel_id = (
            (result.get("channel") or {}).get("id")
            or result.get("channel_id")
            or call.get("channel_id")
            or call.get("channel")
        )
        entity = channel_entity(call.state, str(channel_id))
        if entity is not None:
            privacy = entity["channel"]["privacy"]
            record(call, f"{privacy}_channel_{verb}", call.user, entity)

    return observe


def _bulk_archived(call: SlackCall, result: dict) -> None:
    refused = {entry["channel_id"] for entry in result.get("not_added", [])}
    for channel_id in call.listing("channel_ids"):
        entity = None if channel_id in refused else channel_entity(call.state, channel_id)
        if entity is not None:
            privacy = entity["channel"]["privacy"]
            record(call, f"{privacy}_channel_archive", call.user, entity)


def _user_event(action: str, by_email: bool = False) -> Callable[[SlackCall, dict], None]:
    def observe(call: SlackCall, result: dict) -> None:
        user_id = call.get("user_id")
        if by_email:
            user_id = call.state.db.scalar(
                "SELECT id FROM slack_users WHERE lower(email) = ?",
                (str(call.get("email", "")).strip().lower(),),
            )
        if user_id:
            record(call, action, call.user, user_entity(call.state, user_id))

    return observe


def _app_event(action: str) -> Callable[[SlackCall, dict], None]:
    def observe(call: SlackCall, result: dict) -> None:
        app_id = call.get("app_id") or (call.grant.meta.get("app_id") if call.grant else None)
        if app_id:
            record(call, action, call.user, app_entity(call.state, app_id))

    return observe


def _installed(call: SlackCall, result: dict) -> None:
    if "authed_user" in result:  # a code traded at install, not a token refreshed
        actor = result["authed_user"]["id"]
        record(call, "app_installed", actor, app_entity(call.state, result["app_id"]))


def _signed_in(call: SlackCall, result: dict) -> None:
    grant = call.universe.tokens.lookup("slack", result["access_token"])
    if grant is not None:
        record(call, "user_login", grant.principal, user_entity(call.state, grant.principal))


def _emoji(action: str) -> Callable[[SlackCall, dict], None]:
    def observe(call: SlackCall, result: dict) -> None:
        record(call, action, call.user, workspace_entity(call.state))

    return observe


AUDITED: dict[str, Callable[[SlackCall, dict], None]] = {
    "openid.connect.token": _signed_in,
    "oauth.v2.access": _installed,
    "conversations.create": _channel_event("created"),
    "admin.conversations.create": _channel_event("created"),
    "conversations.archive": _channel_event("archive"),
    "admin.conversations.archive": _channel_event("archive"),
    "admin.conversations.bulkArchive": _bulk_archived,
    "conversations.unarchive": _channel_event("unarchive"),
    "admin.conversations.unarchive": _channel_event("unarchive"),
    "admin.users.invite": _user_event("user_created", by_email=True),
    "admin.users.remove": _user_event("user_deactivated"),
    "admin.users.setAdmin": _user_event("role_change_to_admin"),
    "admin.users.setOwner": _user_event("role_change_to_owner"),
    "admin.users.setRegular": _user_event("role_change_to_user"),
    "admin.users.session.reset": _user_event("user_session_reset_by_admin"),
    "admin.apps.approve": _app_event("app_approved"),
    "admin.apps.restrict": _app_event("app_restricted"),
    "admin.apps.uninstall": _app_event("app_uninstalled"),
    "apps.uninstall": _app_event("app_uninstalled"),
    "admin.emoji.add": _emoji("emoji_added"),
    "admin.emoji.remove": _emoji("emoji_removed"),
}


def observe(call: SlackCall, result: dict[str, Any]) -> None:
    audited = AUDITED.get(call.method.name)
    if audited is not None:
        audited(call, result)


api.OBSERVERS.append(observe)


# -- reading ----------------------------------------------------------------------------------
def _owner(call) -> None:
    """The caller must be an org owner whose user token carries ``auditlogs:read``."""
    grant = api.authenticate(call, api.bearer_token(call), status=401)
    if grant.kind not in ("user", "org_admin"):
        raise SlackError("not_allowed_token_type", 403)
    if not grant.has(SCOPE):
        raise SlackError("missing_scope", 403, needed=SCOPE, provided=",".join(grant.scopes))
    if not call.twin.state.db.scalar(
        "SELECT is_owner FROM slack_users WHERE id = ?", (grant.principal,)
    ):
        raise SlackError("not_an_owner", 403)


def _number(call, name: str) -> int | None:
    value = call.query.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise SlackError("invalid_arguments", 400) from None


def _entry(row: sqlite3.Row, state: SlackState) -> dict[str, Any]:
    return {
        "id": row["id"],
        "date_create": int(row["date_create"]),
        "action": row["action"],
        "actor": user_entity(state, row["actor_id"]),
        "entity": json.loads(row["entity"]),
        "context": json.loads(row["context"]),
    }


def _logs(call) -> dict[str, Any]:
    _owner(call)
    sql, params = "SELECT * FROM slack_audit_events WHERE 1 = 1", []
    for name, clause in (
        ("oldest", "CAST(date_create AS INTEGER) >= ?"),
        ("latest", "CAST(date_create AS INTEGER) <= ?"),
    ):
        value = _number(call, name)
        if value is not None:
            sql += f" AND {clause}"
            params.append(value)
    for name, column in (("action", "action"), ("actor", "actor_id"), ("entity", "entity_id")):
        value = call.query.get(name)
        if value:
            values = [v.strip() for v in value.split(",") if v.strip()]
            sql += f" AND {column} IN ({', '.join('?' for _ in values)})"
            params.extend(values)
    try:
        start = decode(call.query["cursor"]) if call.query.get("cursor") else 0
    except SlackError:
        raise SlackError("invalid_cursor", 400) from None
    limit = min(max(_number(call, "limit") or 100, 1), MAX_LIMIT)
    rows = call.twin.state.db.all(
        f"{sql} ORDER BY seq DESC LIMIT ? OFFSET ?", (*params, limit + 1, start)
    )
    more = len(rows) > limit
    return {
        "entries": [_entry(r, call.twin.state) for r in rows[:limit]],
        "response_metadata": {"next_cursor": encode(start + limit) if more else ""},
    }


def _endpoint(name: str, handler: Callable[[Any], dict[str, Any]]):
    async def endpoint(request: Request) -> Response:
        call = await read_call(request, f"audit.{name}")
        return await run(call, lambda c: JSONResponse(handler(c)))

    return endpoint


def routes() -> list[Route]:
    return [
        Route("/audit/v1/schemas", _endpoint("schemas", lambda c: {"schemas": SCHEMAS})),
        Route("/audit/v1/actions", _endpoint("actions", lambda c: {"actions": ACTIONS})),
        Route("/audit/v1/logs", _endpoint("logs", _logs)),
    ]
