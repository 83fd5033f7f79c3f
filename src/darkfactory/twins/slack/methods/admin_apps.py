"""``admin.apps.*``: an org admin approving or restricting apps; a restricted app cannot be
installed (its consent page refuses), and ``admin.apps.uninstall`` removes it from the workspace."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.admin_users import team_of
from darkfactory.twins.slack.methods.apps import remove_from_workspace
from darkfactory.twins.slack.pagination import page


def _app(call: SlackCall) -> sqlite3.Row:
    if call.get("request_id"):
        raise SlackError("invalid_request_id")
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
    if teams and call.state.team()["id"] not in teams:
        raise SlackError("team_not_found")
    app = _app(call)
    remove_from_workspace(call, app)
    call.state.log_integration(app["id"], call.user, "removed", reason="admin")
    return {}
