"""``directory.roleAssignments.*``: which user holds which administrator role, over the whole
customer or one organizational unit.

An assignment really grants: its holder may from then on make the calls its role's privileges
cover (see ``access``), and loses them when it is deleted. Assigning the super administrator
role makes a super administrator. Administrators read assignments; super administrators make
and delete them.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import admin_roles, orgunits, people
from darkfactory.twins.google.directory.access import administrator, super_admin
from darkfactory.twins.google.directory.wire import (
    body,
    check_customer,
    exists,
    invalid,
    not_found,
    page,
    required,
    tagged,
)
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def _assignment_json(row: dict) -> dict:
    answer = {
        "kind": "admin#directory#roleAssignment",
        "roleAssignmentId": row["id"],
        "roleId": row["role_id"],
        "assignedTo": row["assigned_to"],
        "assigneeType": "user",
        "scopeType": row["scope_type"],
    }
    if row["org_unit_id"]:
        answer["orgUnitId"] = row["org_unit_id"]
    return tagged(answer)


def _rows(call: Call, where: str = "", params: tuple = ()) -> list[dict]:
    rows = call.universe.store.all(
        f"SELECT * FROM google_directory_role_assignments {where} ORDER BY rowid", params
    )
    return [dict(r) for r in rows]


@operation("directory.roleAssignments.list")
def list_assignments(call: Call) -> dict:
    administrator(call)
    check_customer(call, call.path_params["customer"])
    rows = _rows(call)
    if call.query.get("userKey"):
        user = people.find(call.universe, call.query["userKey"])
        if user is None:
            raise invalid("userKey")
        rows = [r for r in rows if r["assigned_to"] == user["id"]]
    if call.query.get("roleId"):
        rows = [r for r in rows if r["role_id"] == call.query["roleId"]]
    return page(
        call,
        "admin#directory#roleAssignments",
        [_assignment_json(r) for r in rows],
        limit=(100, 200),
    )


def _found(call: Call) -> dict:
    check_customer(call, call.path_params["customer"])
    rows = _rows(call, "WHERE id = ?", (call.path_params["roleAssignmentId"],))
    if not rows:
        raise not_found("roleAssignmentId")
    return rows[0]


@operation("directory.roleAssignments.get")
def get(call: Call) -> dict:
    administrator(call)
    return _assignment_json(_found(call))


@operation("directory.roleAssignments.insert")
def insert(call: Call) -> dict:
    super_admin(call)
    check_customer(call, call.path_params["customer"])
    given = body(call, "RoleAssignment")
    for field in ("roleId", "assignedTo"):
        if not given.get(field):
            raise required(field)
    role = admin_roles.role(call.universe, str(given["roleId"]))
    if role is None:
        raise invalid("roleId")
    user = people.find(call.universe, given["assignedTo"])
    if user is None or user["id"] != given["assignedTo"]:
        raise invalid("assignedTo")
    scope = given.get("scopeType") or "CUSTOMER"
    unit_id = None
    if scope == "ORG_UNIT":
        unit = orgunits.unit(
            call.universe, "id:" + str(given.get("orgUnitId", "")).removeprefix("id:")
        )
        if unit is None:
            raise invalid("orgUnitId")
        unit_id = unit["id"]
    elif scope != "CUSTOMER":
        raise invalid("scopeType")
    taken = _rows(
        call,
        "WHERE role_id = ? AND assigned_to = ? AND org_unit_id IS ?",
        (role["id"], user["id"], unit_id),
    )
    if taken:
        raise exists()
    assignment = admin_roles.assign(call.universe, role["id"], user["id"], unit_id)
    return _assignment_json(assignment)


@operation("directory.roleAssignments.delete")
def delete(call: Call) -> Response:
    super_admin(call)
    row = _found(call)
    admin_roles.unassign(call.universe, row["id"])
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customer}/roleassignments"
    return [
        Route(base, list_assignments, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{roleAssignmentId}", get, methods=["GET"]),
        Route(base + "/{roleAssignmentId}", delete, methods=["DELETE"]),
    ]
