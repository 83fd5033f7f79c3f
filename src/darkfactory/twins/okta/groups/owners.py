"""Group owners: ``/api/v1/groups/{groupId}/owners``, the users or groups who own an Okta group.

Only groups mastered in Okta (``OKTA_GROUP``) have owners. An owner that no longer exists drops
out of the list.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, page, timestamp
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of


def _group(call: Call) -> dict:
    group = state_of(call).group(call.path_params["groupId"])
    if group["type"] != "OKTA_GROUP":
        raise validation("groupId", "Only groups mastered in Okta can have owners.")
    return group


def _owner_name(call: Call, owner_type: str, owner_id: str) -> str | None:
    state = state_of(call)
    if owner_type == "USER":
        user = state.find_user(owner_id)
        return None if user is None else state.user_target(user["id"])["displayName"]
    row = call.universe.store.one("SELECT id FROM okta_groups WHERE id = ?", (owner_id,))
    return None if row is None else state.group(owner_id)["profile"].get("name", "")


def owner_json(call: Call, row, name: str) -> dict:
    return {
        "id": row["owner_id"],
        "type": row["type"],
        "displayName": name,
        "originType": "OKTA_DIRECTORY",
        "originId": None,
        "resolved": True,
        "lastUpdated": timestamp(row["last_updated"]),
    }


@operation("assignGroupOwner")
def assign_group_owner(call: Call) -> JSONResponse:
    authorize(call, "okta.groups.manage")
    group, payload = _group(call), body(call)
    owner_type, owner_id = payload.get("type"), str(payload.get("id") or "")
    if owner_type not in ("USER", "GROUP"):
        raise validation("type", "type: must be USER or GROUP")
    if _owner_name(call, owner_type, owner_id) is None:
        raise not_found(owner_id, "User" if owner_type == "USER" else "UserGroup")
    if owner_type == "USER":
        owner_id = state_of(call).user(owner_id)["id"]
    store = call.universe.store
    if store.one(
        "SELECT 1 FROM okta_group_owners WHERE group_id = ? AND owner_id = ?",
        (group["id"], owner_id),
    ):
        raise validation("id", "id: The owner is already assigned to this group.")
    store.execute(
        "INSERT INTO okta_group_owners(group_id, owner_id, type, last_updated) VALUES (?, ?, ?, ?)",
        (group["id"], owner_id, owner_type, call.universe.clock.now()),
    )
    row = store.one(
        "SELECT * FROM okta_group_owners WHERE group_id = ? AND owner_id = ?",
        (group["id"], owner_id),
    )
    return JSONResponse(owner_json(call, row, _owner_name(call, owner_type, owner_id)), 201)


@operation("listGroupOwners")
def list_group_owners(call: Call) -> Response:
    authorize(call, "okta.groups.read")
    group = _group(call)
    rows = call.universe.store.all(
        "SELECT * FROM okta_group_owners WHERE group_id = ? ORDER BY rowid", (group["id"],)
    )
    named = [(r, _owner_name(call, r["type"], r["owner_id"])) for r in rows]
    return page(call, [owner_json(call, r, n) for r, n in named if n is not None], 1000, 1000)


@operation("deleteGroupOwner")
def delete_group_owner(call: Call) -> Response:
    authorize(call, "okta.groups.manage")
    group, owner_id = _group(call), call.path_params["ownerId"]
    removed = call.universe.store.execute(
        "DELETE FROM okta_group_owners WHERE group_id = ? AND owner_id = ?", (group["id"], owner_id)
    ).rowcount
    if not removed:
        raise not_found(owner_id, "GroupOwner")
    return Response(status_code=204)


def routes() -> list[Route]:
    owners = "/api/v1/groups/{groupId}/owners"
    return [
        Route(owners, assign_group_owner, methods=["POST"]),
        Route(owners, list_group_owners, methods=["GET"]),
        Route(f"{owners}/{{ownerId}}", delete_group_owner, methods=["DELETE"]),
    ]
