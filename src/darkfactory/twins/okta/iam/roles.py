"""Custom IAM roles: ``/api/v1/iam/roles`` and their permissions (``okta.users.manage`` ...).

A role does nothing until a resource set binding grants it (``resource_sets``); what its
permissions then allow is decided by ``roles.permissions.custom_permits``.
"""

from __future__ import annotations

import re

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import OktaError, not_found, validation
from darkfactory.twins.okta.iam import common
from darkfactory.twins.okta.iam.state import ROLE, bound_role_ids

KIND = common.kind(ROLE, "/api/v1/iam/roles", "cr0")
LABEL = re.compile(r"^okta(\.[A-Za-z]+){2,}$")


def _permission_label(label: str) -> str:
    if not isinstance(label, str) or not LABEL.match(label):
        raise validation("permissions", f"permissions: Invalid permission {label!r}")
    return label


def _unbound(call: Call, role: dict) -> None:
    if role["id"] in bound_role_ids(call.universe.store):
        raise OktaError(
            "E0000001",
            400,
            "Api validation failed: role",
            ["The role is bound to a resource set; delete its bindings first"],
        )


FAMILY = common.Family(KIND, "Role", "roleIdOrLabel", "roles", ("permissions",), _unbound)


def permission_json(call: Call, role: dict, label: str) -> dict:
    href = common.href(call, KIND, role)
    entry = role["document"]["permissions"][label]
    shown = {"label": label, **common.stamps(entry)}
    if entry.get("conditions"):
        shown["conditions"] = entry["conditions"]
    return {
        **shown,
        "_links": {"self": {"href": f"{href}/permissions/{label}"}, "role": {"href": href}},
    }


@operation("createRole")
def create_role(call: Call) -> dict:
    actor = authorize(call, f"{common.SCOPE}.manage")
    payload = body(call)
    stored = common.labelled(call, KIND, payload, None)
    labels = payload.get("permissions")
    if not labels or not isinstance(labels, list):
        raise validation("permissions", "permissions: The field cannot be left blank")
    now = call.universe.clock.now()
    entry = {"created": now, "updated": now}
    stored["permissions"] = {_permission_label(label): dict(entry) for label in labels}
    return common.shown(call, FAMILY, resources.add(call, KIND, stored, actor))


# -- permissions --------------------------------------------------------------------------------
def _permission(call: Call, role: dict) -> str:
    label = call.path_params["permissionType"]
    if label not in role["document"]["permissions"]:
        raise not_found(label, "Permission")
    return label


def _change_permissions(call: Call, change) -> dict:
    """Apply ``change(role, permissions, now)`` to a role's permissions and store the role."""
    actor = authorize(call, f"{common.SCOPE}.manage")
    role = common.find(call, KIND, "roleIdOrLabel")
    permissions = role["document"]["permissions"]
    change(role, permissions, call.universe.clock.now())
    resources.store(call, KIND, role, {**role["document"], "permissions": permissions}, actor)
    return resources.document(call, KIND, role["id"])


@operation("listRolePermissions")
def list_role_permissions(call: Call) -> dict:
    authorize(call, f"{common.SCOPE}.read")
    role = common.find(call, KIND, "roleIdOrLabel")
    return {
        "permissions": [permission_json(call, role, p) for p in role["document"]["permissions"]]
    }


@operation("getRolePermission")
def get_role_permission(call: Call) -> dict:
    authorize(call, f"{common.SCOPE}.read")
    role = common.find(call, KIND, "roleIdOrLabel")
    return permission_json(call, role, _permission(call, role))


@operation("createRolePermission")
def create_role_permission(call: Call) -> Response:
    label = _permission_label(call.path_params["permissionType"])
    conditions = body(call).get("conditions")

    def add(role: dict, permissions: dict, now: float) -> None:
        if label in permissions:
            raise validation("permissionType", f"{label}: The role already has this permission")
        permissions[label] = {"created": now, "updated": now, "conditions": conditions}

    _change_permissions(call, add)
    return Response(status_code=204)


@operation("replaceRolePermission")
def replace_role_permission(call: Call) -> dict:
    conditions = body(call).get("conditions")

    def replace(role: dict, permissions: dict, now: float) -> None:
        entry = permissions[_permission(call, role)]
        entry.update(updated=now, conditions=conditions)

    role = _change_permissions(call, replace)
    return permission_json(call, role, call.path_params["permissionType"])


@operation("deleteRolePermission")
def delete_role_permission(call: Call) -> Response:
    def remove(role: dict, permissions: dict, now: float) -> None:
        del permissions[_permission(call, role)]

    _change_permissions(call, remove)
    return Response(status_code=204)


def routes() -> list[Route]:
    one = f"{KIND.path}/{{roleIdOrLabel}}"
    permission = f"{one}/permissions/{{permissionType}}"
    table = [
        (f"{one}/permissions", "GET", list_role_permissions),
        (permission, "GET", get_role_permission),
        (permission, "POST", create_role_permission),
        (permission, "PUT", replace_role_permission),
        (permission, "DELETE", delete_role_permission),
    ]
    return common.routes(FAMILY, create_role, table)
