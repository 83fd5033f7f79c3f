"""Users' linked objects: ``/api/v1/users/{userIdOrLogin}/linkedObjects/...``.

A user has at most one primary per relationship (its ``manager``); asking for the associated
name (``subordinates``) lists every user whose primary it is. Only a primary link is removed.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.linked_objects import definition
from darkfactory.twins.okta.state import state_of


def _user_link(call: Call, user_id: str) -> dict:
    return {"_links": {"self": {"href": f"{call.twin.base_url}/api/v1/users/{user_id}"}}}


def _primary(call: Call, name: str):
    row = definition(call, name)
    if row["primary_name"] != name:
        raise validation(
            "relationshipName", f"relationshipName: {name} is not a primary relationship name"
        )
    return row


@operation("assignLinkedObjectValueForPrimary")
def assign_linked_object_value_for_primary(call: Call) -> Response:
    authorize(call, "okta.users.manage")
    state = state_of(call)
    associated = state.user(call.path_params["userIdOrLogin"])
    primary = state.user(call.path_params["primaryUserId"])
    row = _primary(call, call.path_params["primaryRelationshipName"])
    if primary["id"] == associated["id"]:
        raise validation("primaryUserId", "primaryUserId: A user cannot be linked to itself")
    call.universe.store.execute(
        "INSERT INTO okta_user_links(primary_name, associated_user_id, primary_user_id)"
        " VALUES (?, ?, ?) ON CONFLICT(primary_name, associated_user_id)"
        " DO UPDATE SET primary_user_id = excluded.primary_user_id",
        (row["primary_name"], associated["id"], primary["id"]),
    )
    return Response(status_code=204)


@operation("listLinkedObjectsForUser")
def list_linked_objects_for_user(call: Call) -> list:
    authorize(call, "okta.users.read")
    user = state_of(call).user(call.path_params["userIdOrLogin"])
    name = call.path_params["relationshipName"]
    row = definition(call, name)
    store = call.universe.store
    if row["primary_name"] == name:
        links = store.all(
            "SELECT primary_user_id AS id FROM okta_user_links"
            " WHERE primary_name = ? AND associated_user_id = ?",
            (name, user["id"]),
        )
    else:
        links = store.all(
            "SELECT associated_user_id AS id FROM okta_user_links l"
            " JOIN okta_users u ON u.id = l.associated_user_id"
            " WHERE primary_name = ? AND primary_user_id = ? ORDER BY u.rowid",
            (row["primary_name"], user["id"]),
        )
    return [_user_link(call, r["id"]) for r in links]


@operation("deleteLinkedObjectForUser")
def delete_linked_object_for_user(call: Call) -> Response:
    authorize(call, "okta.users.manage")
    user = state_of(call).user(call.path_params["userIdOrLogin"])
    row = _primary(call, call.path_params["relationshipName"])
    call.universe.store.execute(
        "DELETE FROM okta_user_links WHERE primary_name = ? AND associated_user_id = ?",
        (row["primary_name"], user["id"]),
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    links = "/api/v1/users/{userIdOrLogin}/linkedObjects"
    return [
        Route(
            f"{links}/{{primaryRelationshipName}}/{{primaryUserId}}",
            assign_linked_object_value_for_primary,
            methods=["PUT"],
        ),
        Route(f"{links}/{{relationshipName}}", list_linked_objects_for_user, methods=["GET"]),
        Route(f"{links}/{{relationshipName}}", delete_linked_object_for_user, methods=["DELETE"]),
    ]
