"""SCIM endpoints: Users and Groups with filters and paging, create, read, PUT, PATCH, DELETE."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import METHODS, SlackCall
from darkfactory.twins.slack.scim.accounts import create_account, update_account, user_row
from darkfactory.twins.slack.scim.resources import (
    SCHEMAS,
    ScimError,
    group_resource,
    matches,
    user_resource,
)
from darkfactory.twins.slack.state import PEOPLE, SlackState

MAX_COUNT = 1000


def _state(call: Call) -> SlackState:
    if _version(call) not in SCHEMAS:
        raise ScimError("not_found", 404)
    header = call.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    grant = call.universe.tokens.lookup("slack", token) if token else None
    if grant is None:
        raise ScimError("invalid_authentication", 401)
    if not grant.has("admin"):
        raise ScimError("permission_denied", 403)
    return call.twin.state


def _body(call: Call) -> dict[str, Any]:
    if not isinstance(call.json, dict):
        raise ScimError("invalid_json: the body must be a JSON object", 400)
    return call.json


def _version(call: Call) -> str:
    return call.path_params["version"]


def _page(call: Call, resources: list[dict[str, Any]]) -> Response:
    try:
        start = max(1, int(call.query.get("startIndex", 1)))
        count = min(MAX_COUNT, max(0, int(call.query.get("count", 100))))
    except ValueError:
        raise ScimError("invalid_pagination: startIndex and count are integers", 400) from None
    found = [r for r in resources if matches(r, call.query.get("filter"))]
    chunk = found[start - 1 : start - 1 + count]
    return JSONResponse(
        {
            "schemas": SCHEMAS[_version(call)]["list"],
            "totalResults": len(found),
            "itemsPerPage": len(chunk),
            "startIndex": start,
            "Resources": chunk,
        }
    )


@operation("scim.Users.list")
def list_users(call: Call) -> Response:
    state = _state(call)
    rows = state.db.all(f"SELECT * FROM slack_users WHERE {PEOPLE} ORDER BY rowid")
    return _page(call, [user_resource(state, r, _version(call)) for r in rows])


@operation("scim.Users.read")
def read_user(call: Call) -> Response:
    state = _state(call)
    return JSONResponse(
        user_resource(state, user_row(state, call.path_params["id"]), _version(call))
    )


@operation("scim.Users.create")
def create_user(call: Call) -> Response:
    state = _state(call)
    row = user_row(state, create_account(state, _body(call)))
    announce(call, "team_join", row["id"])
    return JSONResponse(user_resource(state, row, _version(call)), 201)


def _replace_or_patch(call: Call) -> Response:
    state = _state(call)
    user_id = call.path_params["id"]
    user_row(state, user_id)
    update_account(state, user_id, _body(call))
    announce(call, "user_change", user_id)
    return JSONResponse(user_resource(state, user_row(state, user_id), _version(call)))


replace_user = operation("scim.Users.replace")(_replace_or_patch)
patch_user = operation("scim.Users.patch")(_replace_or_patch)


@operation("scim.Users.delete")
def delete_user(call: Call) -> Response:
    state = _state(call)
    update_account(state, call.path_params["id"], {"active": False})
    announce(call, "user_change", call.path_params["id"])
    return Response(status_code=204)


@operation("scim.Groups.list")
def list_groups(call: Call) -> Response:
    state = _state(call)
    rows = state.db.all("SELECT * FROM slack_usergroups WHERE date_delete = 0 ORDER BY name")
    return _page(call, [group_resource(state, r, _version(call)) for r in rows])


def _group_row(state: SlackState, group_id: str):
    row = state.db.one(
        "SELECT * FROM slack_usergroups WHERE id = ? AND date_delete = 0", (group_id,)
    )
    if row is None:
        raise ScimError("group_not_found", 404)
    return row


@operation("scim.Groups.read")
def read_group(call: Call) -> Response:
    state = _state(call)
    return JSONResponse(
        group_resource(state, _group_row(state, call.path_params["id"]), _version(call))
    )


def _members(state: SlackState, body: dict[str, Any]) -> list[str] | None:
    if "members" not in body:
        return None
    ids = [m.get("value") for m in body["members"] if isinstance(m, dict)]
    for user_id in ids:
        user_row(state, str(user_id))
    return [str(i) for i in ids]


def _set_members(state: SlackState, group_id: str, members: list[str], add_only: bool) -> None:
    if not add_only:
        state.db.execute("DELETE FROM slack_usergroup_members WHERE usergroup_id = ?", (group_id,))
    for user_id in members:
        state.db.execute(
            "INSERT OR IGNORE INTO slack_usergroup_members(usergroup_id, user_id) VALUES (?, ?)",
            (group_id, user_id),
        )


@operation("scim.Groups.create")
def create_group(call: Call) -> Response:
    state = _state(call)
    body = _body(call)
    name = body.get("displayName")
    if not isinstance(name, str) or not name:
        raise ScimError("missing_required_fields: displayName", 400)
    if state.db.one("SELECT 1 FROM slack_usergroups WHERE name = ? AND date_delete = 0", (name,)):
        raise ScimError("group_name_taken", 409)
    group_id = state.new_id("S")
    now = state.now()
    creator = call.universe.tokens.lookup(
        "slack", call.headers["authorization"][7:].strip()
    ).principal
    state.db.insert(
        "slack_usergroups",
        {
            "id": group_id,
            "name": name,
            "handle": name.lower().replace(" ", "-"),
            "description": "",
            "created_by": creator,
            "updated_by": creator,
            "date_create": now,
            "date_update": now,
        },
    )
    _set_members(state, group_id, _members(state, body) or [], add_only=False)
    return JSONResponse(group_resource(state, _group_row(state, group_id), _version(call)), 201)


def _change_group(call: Call, add_only: bool) -> Response:
    state = _state(call)
    row = _group_row(state, call.path_params["id"])
    body = _body(call)
    if isinstance(body.get("displayName"), str) and body["displayName"]:
        state.db.execute(
            "UPDATE slack_usergroups SET name = ?, date_update = ? WHERE id = ?",
            (body["displayName"], state.now(), row["id"]),
        )
    members = _members(state, body)
    if members is not None:
        removed = [
            str(m.get("value"))
            for m in body["members"]
            if isinstance(m, dict) and m.get("operation") == "delete"
        ]
        _set_members(state, row["id"], [m for m in members if m not in removed], add_only)
        for user_id in removed:
            state.db.execute(
                "DELETE FROM slack_usergroup_members WHERE usergroup_id = ? AND user_id = ?",
                (row["id"], user_id),
            )
    return JSONResponse(group_resource(state, _group_row(state, row["id"]), _version(call)))


replace_group = operation("scim.Groups.replace")(lambda call: _change_group(call, False))
patch_group = operation("scim.Groups.patch")(lambda call: _change_group(call, True))


@operation("scim.Groups.delete")
def delete_group(call: Call) -> Response:
    state = _state(call)
    row = _group_row(state, call.path_params["id"])
    state.db.execute(
        "UPDATE slack_usergroups SET date_delete = ? WHERE id = ?", (state.now(), row["id"])
    )
    return Response(status_code=204)


def announce(call: Call, kind: str, user_id: str) -> None:
    """The event a SCIM change sends apps (``team_join``, ``user_change``), as Slack sends it.

    ``call.twin`` must be the Slack twin; another twin acting on Slack's behalf passes a copy
    of its own call with the twin swapped, so delivery still waits for its commit.
    """
    user = call.twin.state.user_object(user_row(call.twin.state, user_id))
    events.emit(SlackCall(call, METHODS["users.info"], None), {"type": kind, "user": user})


def routes() -> list[Route]:
    base = "/scim/{version:str}"
    table: list[tuple[str, Callable, list[str]]] = [
        ("/Users", list_users, ["GET"]),
        ("/Users", create_user, ["POST"]),
        ("/Users/{id}", read_user, ["GET"]),
        ("/Users/{id}", replace_user, ["PUT"]),
        ("/Users/{id}", patch_user, ["PATCH"]),
        ("/Users/{id}", delete_user, ["DELETE"]),
        ("/Groups", list_groups, ["GET"]),
        ("/Groups", create_group, ["POST"]),
        ("/Groups/{id}", read_group, ["GET"]),
        ("/Groups/{id}", replace_group, ["PUT"]),
        ("/Groups/{id}", patch_group, ["PATCH"]),
        ("/Groups/{id}", delete_group, ["DELETE"]),
    ]
    return [Route(base + path, endpoint, methods=methods) for path, endpoint, methods in table]
