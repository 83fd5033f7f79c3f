"""``admin.apps.*``: an org admin approving or restricting apps; a restricted app cannot be
installed (its consent page refuses), and ``admin.apps.uninstall`` removes it from the workspace.
Members ask for apps at ``POST /slack/_app_requests`` (``{"user", "app_id", "message"}``), the
twin's stand-in for the App Directory's request button; approving or restricting a request
settles it. ``admin.apps.activities.list`` reads the app's event deliveries."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.routing import Route

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.filing import Refused, filing_route
from darkfactory.twins.slack.methods.admin_users import team_of
from darkfactory.twins.slack.methods.apps import remove_from_workspace
from darkfactory.twins.slack.pagination import page
from darkfactory.twins.slack.state import SlackState


def _app(call: SlackCall) -> sqlite3.Row:
    """The app named by ``app_id``, or by the member's request ``request_id``, which the
    decision settles."""
    if call.get("request_id"):
        request = _request(call)
        call.state.db.execute("DELETE FROM slack_app_requests WHERE id = ?", (request["id"],))
        return call.state.db.one("SELECT * FROM slack_apps WHERE id = ?", (request["app_id"],))
    row = call.state.db.one(
        "SELECT * FROM slack_apps WHERE id = ?", (call.require("app_id", "invalid_app_id"),)
    )
    if row is None:
        raise SlackError("invalid_app_id")
    return row


def _resolve(call: SlackCall, resolution: str) -> dict:
    team_of(call)
    app = _app(call)
    call.state.db.execute(
        "INSERT INTO slack_app_resolutions(app_id, resolution, actor, date_updated) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(app_id) DO UPDATE SET resolution = excluded.resolution, "
        "actor = excluded.actor, date_updated = excluded.date_updated",
        (app["id"], resolution, call.user, call.state.now()),
    )
    return {}


def _listed(call: SlackCall, resolution: str, key: str) -> dict:
    team_of(call)
    rows = call.state.db.all(
        "SELECT a.*, r.actor, r.date_updated FROM slack_app_resolutions r "
        "JOIN slack_apps a ON a.id = r.app_id WHERE r.resolution = ? ORDER BY r.date_updated",
        (resolution,),
    )
    chunk, meta = page(call, rows, default_limit=100)
    return {key: [_entry(r) for r in chunk], "response_metadata": meta}


def _entry(row: sqlite3.Row) -> dict[str, Any]:
    scopes = [
        {"name": s, "description": "", "is_sensitive": False, "token_type": kind}
        for kind, column in (("bot", "scopes"), ("user", "user_scopes"))
        for s in json.loads(row[column])
    ]
    return {
        "app": {
            "id": row["id"],
            "name": row["name"],
            "description": "",
            "help_url": "",
            "privacy_policy_url": "",
            "app_homepage_url": "",
            "app_directory_url": "",
            "is_app_directory_approved": False,
            "is_internal": True,
            "additional_info": "",
        },
        "scopes": scopes,
        "date_updated": int(row["date_updated"]),
        "last_resolved_by": {"actor_id": row["actor"], "actor_type": "user"},
    }


@web_method("admin.apps.approve", scopes="admin.apps:write")
def approve(call: SlackCall) -> dict:
    return _resolve(call, "approved")


@web_method("admin.apps.restrict", scopes="admin.apps:write")
def restrict(call: SlackCall) -> dict:
    return _resolve(call, "restricted")


@web_method("admin.apps.clearResolution", scopes="admin.apps:write")
def clear_resolution(call: SlackCall) -> dict:
    team_of(call)
    app = _app(call)
    call.state.db.execute("DELETE FROM slack_app_resolutions WHERE app_id = ?", (app["id"],))
    return {}


@web_method("admin.apps.approved.list", scopes="admin.apps:read")
def approved_list(call: SlackCall) -> dict:
    return _listed(call, "approved", "approved_apps")


@web_method("admin.apps.restricted.list", scopes="admin.apps:read")
def restricted_list(call: SlackCall) -> dict:
    return _listed(call, "restricted", "restricted_apps")


@web_method("admin.apps.uninstall", scopes="admin.apps:write")
def uninstall(call: SlackCall) -> dict:
    teams = call.listing("team_ids")
    if not teams and not call.get("enterprise_id"):
        raise SlackError("invalid_arguments")
    if teams and call.state.team_id() not in teams:
        raise SlackError("team_not_found")
    app = _app(call)
    remove_from_workspace(call, app)
    call.state.log_integration(app["id"], call.user, "removed", reason="admin")
    return {}


# -- members' requests for apps -------------------------------------------------------------------
def ask(state: SlackState, body: dict) -> str:
    """File a member's request (``user``, ``app_id``, ``message``) for an app; returns its id."""
    user_id, app_id = str(body.get("user", "")), str(body.get("app_id", ""))
    if state.db.scalar("SELECT deleted FROM slack_users WHERE id = ?", (user_id,)) != 0:
        raise Refused("user_not_found")
    app = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (app_id,))
    if app is None:
        raise Refused("invalid_app_id")
    request_id = state.new_id("Ar")
    state.db.insert(
        "slack_app_requests",
        {
            "id": request_id,
            "app_id": app_id,
            "user_id": user_id,
            "team_id": state.team_id(),
            "message": str(body.get("message", "")),
            "scopes": json.dumps([*json.loads(app["scopes"]), *json.loads(app["user_scopes"])]),
            "date_created": state.now(),
        },
    )
    return request_id


def _request(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_app_requests WHERE id = ?",
        (call.require("request_id", "invalid_request_id"),),
    )
    if row is None:
        raise SlackError("invalid_request_id")
    return row


@web_method("admin.apps.requests.list", scopes="admin.apps:read")
def requests_list(call: SlackCall) -> dict:
    team_of(call)
    rows = call.state.db.all(
        "SELECT r.*, a.name AS app_name, u.name AS user_name, u.email FROM slack_app_requests r "
        "JOIN slack_apps a ON a.id = r.app_id JOIN slack_users u ON u.id = r.user_id "
        "ORDER BY r.date_created, r.id"
    )
    chunk, meta = page(call, rows, default_limit=100)
    team = call.state.team()
    return {
        "app_requests": [
            {
                "id": r["id"],
                "app": {"id": r["app_id"], "name": r["app_name"]},
                "user": {"id": r["user_id"], "name": r["user_name"], "email": r["email"]},
                "team": {"id": team["id"], "name": team["name"], "domain": team["domain"]},
                "scopes": [
                    {"name": s, "description": "", "is_sensitive": False, "token_type": "bot"}
                    for s in json.loads(r["scopes"])
                ],
                "message": r["message"],
                "date_created": int(r["date_created"]),
            }
            for r in chunk
        ],
        "response_metadata": meta,
    }


@web_method("admin.apps.requests.cancel", scopes="admin.apps:write")
def requests_cancel(call: SlackCall) -> dict:
    team_of(call)
    call.state.db.execute("DELETE FROM slack_app_requests WHERE id = ?", (_request(call)["id"],))
    return {}


def routes(state: SlackState) -> list[Route]:
    return [filing_route(state, "/_app_requests", ask, "request_id")]


# -- per-app configuration --------------------------------------------------------------------
WORKFLOW_AUTH_STRATEGIES = ("builder_choice", "end_user_only")


def _config(call: SlackCall, app_id: str) -> dict[str, Any]:
    row = call.state.db.one("SELECT * FROM slack_app_configs WHERE app_id = ?", (app_id,))
    restrictions = json.loads(row["domain_restrictions"]) if row else {}
    return {
        "app_id": app_id,
        "domain_restrictions": {
            "urls": restrictions.get("urls", []),
            "emails": restrictions.get("emails", []),
        },
        "workflow_auth_strategy": row["workflow_auth_strategy"] if row else "builder_choice",
    }


@web_method("admin.apps.config.lookup", scopes="admin.apps:read")
def config_lookup(call: SlackCall) -> dict:
    ids = call.listing("app_ids")
    if not ids:
        raise SlackError("invalid_arguments")
    for app_id in ids:
        if not call.state.db.one("SELECT 1 FROM slack_apps WHERE id = ?", (app_id,)):
            raise SlackError("invalid_app_id")
    return {"config": [_config(call, app_id) for app_id in ids]}


@web_method("admin.apps.config.set", scopes="admin.apps:write")
def config_set(call: SlackCall) -> dict:
    app = _app(call)
    current = _config(call, app["id"])
    restrictions = current["domain_restrictions"]
    if call.get("domain_restrictions") is not None:
        given = call.structured("domain_restrictions")
        if not isinstance(given, dict) or set(given) - {"urls", "emails"}:
            raise SlackError("invalid_arguments")
        if not all(isinstance(v, list) for v in given.values()):
            raise SlackError("invalid_arguments")
        restrictions = {**restrictions, **given}
    strategy = call.get("workflow_auth_strategy", current["workflow_auth_strategy"])
    if strategy not in WORKFLOW_AUTH_STRATEGIES:
        raise SlackError("invalid_workflow_auth_strategy")
    call.state.db.execute(
        "INSERT INTO slack_app_configs(app_id, domain_restrictions, workflow_auth_strategy) "
        "VALUES (?, ?, ?) ON CONFLICT(app_id) DO UPDATE SET "
        "domain_restrictions = excluded.domain_restrictions, "
        "workflow_auth_strategy = excluded.workflow_auth_strategy",
        (app["id"], json.dumps(restrictions), strategy),
    )
    return {}


# -- what apps did: their event deliveries ----------------------------------------------------
LEVELS = ("trace", "debug", "info", "warn", "error", "fatal")


@web_method("admin.apps.activities.list", scopes="admin.app_activities:read")
def activities_list(call: SlackCall) -> dict:
    team = call.state.team()
    if call.get("team_id") not in (None, team["id"]):
        raise SlackError("team_not_found")
    least = call.get("min_log_level", "info")
    direction = call.get("sort_direction", "desc")
    if least not in LEVELS or direction not in ("asc", "desc"):
        raise SlackError("invalid_arguments")
    if call.get("component_type") not in (None, "events_api") or call.get("source") not in (
        None,
        "slack",
    ):
        return {"activities": [], "response_metadata": {"next_cursor": ""}}
    sql, params = "SELECT * FROM slack_deliveries WHERE 1 = 1", []
    if call.get("app_id"):
        sql, params = sql + " AND app_id = ?", [call.get("app_id")]
    if call.get("log_event_type"):
        sql, params = sql + " AND event_type = ?", [*params, call.get("log_event_type")]
    for name, clause in (("min_date_created", "at >= ?"), ("max_date_created", "at <= ?")):
        micros = call.integer(name)
        if micros is not None:
            sql, params = f"{sql} AND {clause}", [*params, micros / 1_000_000]
    rows = call.state.db.all(f"{sql} ORDER BY at {direction.upper()}, id", params)
    entries = []
    for r in rows:
        failed = r["error"] is not None or (r["status"] or 0) >= 400
        level = "error" if failed else "info"
        if LEVELS.index(level) < LEVELS.index(least):
            continue
        entries.append(
            {
                "enterprise_id": team["enterprise_id"] or "",
                "team_id": team["id"],
                "app_id": r["app_id"],
                "date_created": int(r["at"] * 1_000_000),
                "source": "slack",
                "component_type": "events_api",
                "component_id": r["app_id"],
                "level": level,
                "event_type": r["event_type"],
                "trace_id": r["event_id"],
                "payload": {
                    "event_id": r["event_id"],
                    "attempt": r["attempt"],
                    "status_code": r["status"],
                    "transport": r["transport"],
                    **({"error": r["error"]} if r["error"] else {}),
                },
            }
        )
    chunk, meta = page(call, entries, default_limit=100)
    return {"activities": chunk, "response_metadata": meta}
