"""``directory.roles.*`` and ``directory.privileges.list``: administrator roles and the
privileges they are made of.

System roles (``_SEED_ADMIN_ROLE``, ``_GROUPS_ADMIN_ROLE``...) are fixed; custom roles are made
of the privileges ``privileges.list`` names and, once assigned (``roleAssignments``), let their
holders make the calls those privileges cover. Administrators read roles; super administrators
make, change and delete them. A role still assigned to someone cannot be deleted.
"""

from __future__ import annotations

import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import admin_roles
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


def _privilege_json(name: str) -> dict:
    return tagged(
        {
            "kind": "admin#directory#privilege",
            "serviceId": admin_roles.SERVICE_ID,
            "serviceName": admin_roles.SERVICE_NAME,
            "privilegeName": name,
            "isOuScopable": name in admin_roles.OU_SCOPABLE
            or any(name in admin_roles.TREE[p] for p in admin_roles.OU_SCOPABLE),
            "childPrivileges": [_privilege_json(c) for c in admin_roles.TREE.get(name, ())],
        }
    )


def role_json(row: dict) -> dict:
    privileges = [
        {"privilegeName": name, "serviceId": admin_roles.SERVICE_ID}
        for name in json.loads(row["privileges"])
    ]
    return tagged(
        {
            "kind": "admin#directory#role",
            "roleId": row["id"],
            "roleName": row["name"],
            "roleDescription": row["description"],
            "rolePrivileges": privileges,
            "isSystemRole": bool(row["system"]),
            "isSuperAdminRole": bool(row["super"]),
        }
    )


def _found(call: Call) -> dict:
    check_customer(call, call.path_params["customer"])
    row = admin_roles.role(call.universe, call.path_params["roleId"])
    if row is None:
        raise not_found("roleId")
    return row


@operation("directory.privileges.list")
def list_privileges(call: Call) -> dict:
    administrator(call)
    check_customer(call, call.path_params["customer"])
    items = [_privilege_json(name) for name in admin_roles.TREE]
    return tagged({"kind": "admin#directory#privileges", "items": items})


@operation("directory.roles.list")
def list_roles(call: Call) -> dict:
    administrator(call)
    check_customer(call, call.path_params["customer"])
    rows = call.universe.store.all("SELECT * FROM google_directory_roles ORDER BY rowid")
    return page(call, "admin#directory#roles", [role_json(dict(r)) for r in rows], limit=(100, 100))


@operation("directory.roles.get")
def get(call: Call) -> dict:
    administrator(call)
    return role_json(_found(call))


def _privileges(given: dict) -> list[str]:
    names = []
    for item in given.get("rolePrivileges") or []:
        name = item.get("privilegeName")
        if name not in admin_roles.PRIVILEGES:
            raise invalid(f"Invalid privilege: {name}")
        if item.get("serviceId") != admin_roles.SERVICE_ID:
            raise invalid(f"Invalid service id: {item.get('serviceId')}")
        names.append(name)
    if not names:
        raise required("rolePrivileges")
    return names


def _name_taken(call: Call, name: str, role_id: str = "") -> bool:
    return (
        call.universe.store.one(
            "SELECT 1 FROM google_directory_roles WHERE name = ? AND id != ?", (name, role_id)
        )
        is not None
    )


@operation("directory.roles.insert")
def insert(call: Call) -> dict:
    super_admin(call)
    check_customer(call, call.path_params["customer"])
    given = body(call, "Role")
    if not given.get("roleName"):
        raise required("roleName")
    privileges = _privileges(given)
    if _name_taken(call, given["roleName"]):
        raise exists()
    row = {
        "id": admin_roles.new_id(call.universe, "role"),
        "name": given["roleName"],
        "description": given.get("roleDescription") or "",
        "privileges": json.dumps(privileges),
    }
    call.universe.store.insert("google_directory_roles", row)
    return role_json(admin_roles.role(call.universe, row["id"]))


@operation("directory.roles.patch")
def patch(call: Call) -> dict:
    return _change(call)


@operation("directory.roles.update")
def update(call: Call) -> dict:
    return _change(call)


def _change(call: Call) -> dict:
    super_admin(call)
    row = _found(call)
    if row["system"]:
        raise invalid("Cannot modify a system role")
    given = body(call, "Role")
    name = given.get("roleName") or row["name"]
    if _name_taken(call, name, row["id"]):
        raise exists()
    privileges = _privileges(given) if "rolePrivileges" in given else json.loads(row["privileges"])
    call.universe.store.execute(
        "UPDATE google_directory_roles SET name = ?, description = ?, privileges = ? WHERE id = ?",
        (
            name,
            given.get("roleDescription", row["description"]) or "",
            json.dumps(privileges),
            row["id"],
        ),
    )
    return role_json(admin_roles.role(call.universe, row["id"]))


@operation("directory.roles.delete")
def delete(call: Call) -> Response:
    super_admin(call)
    row = _found(call)
    if row["system"]:
        raise invalid("Cannot delete a system role")
    assigned = call.universe.store.one(
        "SELECT 1 FROM google_directory_role_assignments WHERE role_id = ?", (row["id"],)
    )
    if assigned is not None:
        raise invalid("Cannot delete a role that is assigned")
    call.universe.store.execute("DELETE FROM google_directory_roles WHERE id = ?", (row["id"],))
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customer}/roles"
    return [
        Route(base, list_roles, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/ALL/privileges", list_privileges, methods=["GET"]),
        Route(base + "/{roleId}", get, methods=["GET"]),
        Route(base + "/{roleId}", patch, methods=["PATCH"]),
        Route(base + "/{roleId}", update, methods=["PUT"]),
        Route(base + "/{roleId}", delete, methods=["DELETE"]),
    ]
