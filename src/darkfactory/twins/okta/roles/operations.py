"""Admin role assignments of users, groups and client apps (``/oauth2/v1/clients/{id}/roles``).

Standard roles only (``SUPER_ADMIN``, ``ORG_ADMIN``, ``APP_ADMIN`` ...). What a role permits is
``permissions``; only a super admin may grant or revoke ``SUPER_ADMIN``.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import admit, authorize, body, timestamp
from darkfactory.twins.okta.errors import OktaError
from darkfactory.twins.okta.roles.permissions import STANDARD_ROLES
from darkfactory.twins.okta.state import state_of


def role_json(call: Call, row) -> dict:
    kind = {"USER": "users", "GROUP": "groups", "CLIENT": "apps"}[row["principal_type"]]
    return {
        "id": row["id"],
        "label": STANDARD_ROLES[row["type"]],
        "type": row["type"],
        "status": "ACTIVE",
        "created": timestamp(row["created"]),
        "lastUpdated": timestamp(row["last_updated"]),
        "assignmentType": row["principal_type"],
        "_links": {
            "assignee": {"href": f"{call.twin.base_url}/api/v1/{kind}/{row['principal_id']}"}
        },
    }


def _principal(call: Call) -> tuple[str, str]:
    if "userId" in call.path_params:
        return "USER", state_of(call).user(call.path_params["userId"])["id"]
    if "clientId" in call.path_params:
        return "CLIENT", state_of(call).app(call.path_params["clientId"])["id"]
    return "GROUP", state_of(call).group(call.path_params["groupId"])["id"]


def _role_id(call: Call) -> str:
    return call.path_params.get("roleId") or call.path_params["roleAssignmentId"]


def _assign(name: str, status: int):
    @operation(name)
    def handler(call: Call) -> JSONResponse:
        actor = authorize(call, "okta.roles.manage")
        principal_type, principal_id = _principal(call)
        role_type = str(body(call).get("type") or "")
        admit(call, "okta.roles.manage", role_granted=role_type)
        if principal_type == "GROUP" and state_of(call).group(principal_id)["type"] == "BUILT_IN":
            raise OktaError(
                "E0000001", 400, "Api validation failed: Roles cannot be granted to built-in groups"
            )
        row = state_of(call).assign_role(principal_type, principal_id, role_type, actor)
        return JSONResponse(role_json(call, row), status)

    return handler


def _list(name: str):
    @operation(name)
    def handler(call: Call) -> list:
        authorize(call, "okta.roles.read")
        principal_type, principal_id = _principal(call)
        rows = state_of(call).role_assignments(
            principal_type, principal_id, via_groups=principal_type == "USER"
        )
        return [role_json(call, r) for r in rows]

    return handler


def _get(name: str):
    @operation(name)
    def handler(call: Call) -> dict:
        authorize(call, "okta.roles.read")
        row = state_of(call).role_assignment(*_principal(call), _role_id(call))
        return role_json(call, row)

    return handler


def _unassign(name: str):
    @operation(name)
    def handler(call: Call) -> Response:
        actor = authorize(call, "okta.roles.manage")
        principal_type, principal_id = _principal(call)
        row = state_of(call).role_assignment(principal_type, principal_id, _role_id(call))
        admit(call, "okta.roles.manage", role_granted=row["type"])
        state_of(call).unassign_role(principal_type, principal_id, row["id"], actor)
        return Response(status_code=204)

    return handler


@operation("listUsersWithRoleAssignments")
def list_users_with_role_assignments(call: Call) -> dict:
    authorize(call, "okta.roles.read")
    rows = call.universe.store.all(
        "SELECT DISTINCT principal_id FROM okta_role_assignments WHERE principal_type = 'USER'"
        " ORDER BY principal_id"
    )
    base = f"{call.twin.base_url}/api/v1/users"
    return {
        "value": [
            {
                "id": r["principal_id"],
                "orn": f"orn:okta:directory:{call.twin.name}:users:{r['principal_id']}",
                "_links": {
                    "self": {"href": f"{base}/{r['principal_id']}"},
                    "roles": {"href": f"{base}/{r['principal_id']}/roles"},
                },
            }
            for r in rows
        ],
        "_links": {},
    }


def routes() -> list[Route]:
    user, group = "/api/v1/users/{userId}/roles", "/api/v1/groups/{groupId}/roles"
    client = "/oauth2/v1/clients/{clientId}/roles"
    return [
        Route(user, _assign("assignRoleToUser", 201), methods=["POST"]),
        Route(user, _list("listAssignedRolesForUser"), methods=["GET"]),
        Route(f"{user}/{{roleId}}", _get("getUserAssignedRole"), methods=["GET"]),
        Route(f"{user}/{{roleId}}", _unassign("unassignRoleFromUser"), methods=["DELETE"]),
        Route(group, _assign("assignRoleToGroup", 200), methods=["POST"]),
        Route(group, _list("listGroupAssignedRoles"), methods=["GET"]),
        Route(f"{group}/{{roleId}}", _get("getGroupAssignedRole"), methods=["GET"]),
        Route(f"{group}/{{roleId}}", _unassign("unassignRoleFromGroup"), methods=["DELETE"]),
        Route(client, _assign("assignRoleToClient", 200), methods=["POST"]),
        Route(client, _list("listRolesForClient"), methods=["GET"]),
        Route(f"{client}/{{roleAssignmentId}}", _get("retrieveClientRole"), methods=["GET"]),
        Route(
            f"{client}/{{roleAssignmentId}}", _unassign("deleteRoleFromClient"), methods=["DELETE"]
        ),
        Route("/api/v1/iam/assignees/users", list_users_with_role_assignments, methods=["GET"]),
    ]
