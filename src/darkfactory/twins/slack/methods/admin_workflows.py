"""``admin.workflows.*``: the workflows apps declare, their collaborators, who may run them,
and unpublishing them."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.app_components import declared, parameters
from darkfactory.twins.slack.pagination import page

MAX_IDS = 50


def _workflows(call: SlackCall) -> dict[str, dict[str, Any]]:
    """Every declared workflow with its collaborators and whether it is still published."""
    found = {}
    for flow in declared(call.state, "workflows", "Wf"):
        row = call.state.db.one(
            "SELECT * FROM slack_workflow_admin WHERE workflow_id = ?", (flow["id"],)
        )
        flow["collaborators"] = json.loads(row["collaborators"]) if row else [flow["owner"]]
        flow["published"] = not (row and row["unpublished"])
        found[flow["id"]] = flow
    return found


def _chosen(call: SlackCall, name: str = "workflow_ids") -> list[dict[str, Any]]:
    ids = call.listing(name)
    if not ids or len(ids) > MAX_IDS:
        raise SlackError("invalid_arguments")
    known = _workflows(call)
    missing = [i for i in ids if i not in known]
    if missing:
        raise SlackError("invalid_workflow_ids", invalid_workflow_ids=missing)
    return [known[i] for i in ids]


def _save(call: SlackCall, flow: dict[str, Any]) -> None:
    call.state.db.execute(
        "INSERT INTO slack_workflow_admin(workflow_id, collaborators, unpublished) VALUES "
        "(?, ?, ?) ON CONFLICT(workflow_id) DO UPDATE SET collaborators = "
        "excluded.collaborators, unpublished = excluded.unpublished",
        (flow["id"], json.dumps(flow["collaborators"]), int(not flow["published"])),
    )


def _shown(call: SlackCall, flow: dict[str, Any]) -> dict[str, Any]:
    spec = flow["spec"]
    return {
        "id": flow["id"],
        "callback_id": flow["callback_id"],
        "title": spec.get("title", flow["callback_id"]),
        "description": spec.get("description", ""),
        "app_id": flow["app_id"],
        "team_id": call.state.team_id(),
        "collaborators": flow["collaborators"],
        "is_published": flow["published"],
        "source": "code",
        "input_parameters": {p["name"]: p for p in parameters(spec, "input_parameters")},
        "steps": [
            {
                "id": str(i),
                "function_id": step.get("function_id", ""),
                "inputs": step.get("inputs", {}),
            }
            for i, step in enumerate(spec.get("steps") or [])
            if isinstance(step, dict)
        ],
        "trigger_ids": [],
        "date_updated": flow["created"],
    }


@web_method("admin.workflows.search", scopes="admin.workflows:read")
def search(call: SlackCall) -> dict:
    query = str(call.get("query", "")).lower()
    wanted = set(call.listing("collaborator_ids"))
    if call.get("source") not in (None, "code", "workflow_builder"):
        raise SlackError("invalid_arguments")
    status = call.get("publish_status", "published")
    found = [
        f
        for f in _workflows(call).values()
        if (
            query in str(f["spec"].get("title", "")).lower()
            or query in str(f["spec"].get("description", "")).lower()
        )
        and (not call.get("app_id") or f["app_id"] == call.get("app_id"))
        and wanted <= set(f["collaborators"])
        and (not call.flag("no_collaborators") or not f["collaborators"])
        and (status == "all" or f["published"] == (status == "published"))
        and call.get("source") in (None, "code")
    ]
    if call.get("sort_dir") == "desc":
        found.reverse()
    chunk, meta = page(call, found, default_limit=20)
    return {
        "workflows": [_shown(call, f) for f in chunk],
        "total_found": len(found),
        "response_metadata": meta,
    }


def _collaborators(call: SlackCall) -> list[str]:
    people = call.listing("collaborator_ids")
    if not people or len(people) > MAX_IDS:
        raise SlackError("invalid_arguments")
    for user_id in people:
        if call.state.user(user_id)["deleted"]:
            raise SlackError("user_not_found")
    return people


@web_method("admin.workflows.collaborators.add", scopes="admin.workflows:write")
def collaborators_add(call: SlackCall) -> dict:
    people = _collaborators(call)
    for flow in _chosen(call):
        flow["collaborators"] = list(dict.fromkeys(flow["collaborators"] + people))
        _save(call, flow)
    return {}


@web_method("admin.workflows.collaborators.remove", scopes="admin.workflows:write")
def collaborators_remove(call: SlackCall) -> dict:
    people = set(_collaborators(call))
    for flow in _chosen(call):
        flow["collaborators"] = [c for c in flow["collaborators"] if c not in people]
        _save(call, flow)
    return {}


@web_method("admin.workflows.permissions.lookup", scopes="admin.workflows:read")
def permissions_lookup(call: SlackCall) -> dict:
    return {
        "permissions": {
            flow["id"]: {
                "complete": True,
                "who_can_run": {"permission_type": "everyone", "user_ids": []},
            }
            for flow in _chosen(call)
        }
    }


@web_method("admin.workflows.unpublish", scopes="admin.workflows:write")
def unpublish(call: SlackCall) -> dict:
    for flow in _chosen(call):
        flow["published"] = False
        _save(call, flow)
    return {}
