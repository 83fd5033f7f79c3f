"""``admin.functions.*``: the custom functions apps declare, and who may use each."""

from __future__ import annotations

import json

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.app_components import declared, parameters
from darkfactory.twins.slack.pagination import page

VISIBILITIES = ("everyone", "app_collaborators", "named_entities", "no_one")


def _functions(call: SlackCall) -> dict[str, dict]:
    return {f["id"]: f for f in declared(call.state, "functions", "Fn")}


@web_method("admin.functions.list", scopes="admin.workflows:read")
def functions_list(call: SlackCall) -> dict:
    apps = call.listing("app_ids")
    if not apps:
        raise SlackError("invalid_arguments")
    if call.get("team_id") not in (None, call.state.team_id()):
        raise SlackError("team_not_found")
    found = [f for f in _functions(call).values() if f["app_id"] in apps]
    chunk, meta = page(call, found, default_limit=100)
    return {
        "functions": [
            {
                "id": f["id"],
                "callback_id": f["callback_id"],
                "title": f["spec"].get("title", f["callback_id"]),
                "description": f["spec"].get("description", ""),
                "type": "app",
                "input_parameters": parameters(f["spec"], "input_parameters"),
                "output_parameters": parameters(f["spec"], "output_parameters"),
                "app_id": f["app_id"],
                "date_created": f["created"],
                "date_updated": f["created"],
                "date_deleted": 0,
            }
            for f in chunk
        ],
        "response_metadata": meta,
    }


@web_method("admin.functions.permissions.lookup", scopes="admin.workflows:read")
def permissions_lookup(call: SlackCall) -> dict:
    ids = call.listing("function_ids")
    if not ids:
        raise SlackError("invalid_arguments")
    known = _functions(call)
    permissions = {}
    for function_id in ids:
        if function_id not in known:
            raise SlackError("function_not_found")
        row = call.state.db.one(
            "SELECT * FROM slack_function_permissions WHERE function_id = ?", (function_id,)
        )
        shown: dict = {"distribution_type": row["visibility"] if row else "app_collaborators"}
        if row and row["visibility"] == "named_entities":
            shown["users"] = [{"user_id": u} for u in json.loads(row["user_ids"])]
        permissions[function_id] = shown
    return {"permissions": permissions}


@web_method("admin.functions.permissions.set", scopes="admin.workflows:write")
def permissions_set(call: SlackCall) -> dict:
    function_id = call.require("function_id", "function_not_found")
    if function_id not in _functions(call):
        raise SlackError("function_not_found")
    visibility = call.require("visibility")
    if visibility not in VISIBILITIES:
        raise SlackError("invalid_visibility")
    users = call.listing("user_ids")
    if visibility == "named_entities" and not users:
        raise SlackError("invalid_arguments")
    for user_id in users:
        call.state.user(user_id)
    call.state.db.execute(
        "INSERT INTO slack_function_permissions(function_id, visibility, user_ids) VALUES "
        "(?, ?, ?) ON CONFLICT(function_id) DO UPDATE SET visibility = excluded.visibility, "
        "user_ids = excluded.user_ids",
        (function_id, visibility, json.dumps(users if visibility == "named_entities" else [])),
    )
    return {}
