"""Drive v2 ``permissions.*``: v3's sharing rules (``drive.permissions``) in v2's words.

v2 names the grantee's address or domain ``value``, gives ``commenter`` as a ``reader`` with
that ``additionalRoles`` entry, and link-only sharing as ``withLink``; ``getIdForEmail`` tells
the id a permission for an address has.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import paging, permissions
from darkfactory.twins.google.drive import wire as v3_wire
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call, operation


def grant_in(v2: dict) -> dict:
    """A v2 ``Permission`` body as v3's."""
    grant = {k: v2[k] for k in ("type", "role", "id") if k in v2}
    if "commenter" in (v2.get("additionalRoles") or []) and v2.get("role") == "reader":
        grant["role"] = "commenter"
    value = v2.get("value") or v2.get("emailAddress") or v2.get("domain")
    if value and v2.get("type") in ("user", "group"):
        grant["emailAddress"] = value
    if value and v2.get("type") == "domain":
        grant["domain"] = value
    if v2.get("withLink") is not None:
        grant["allowFileDiscovery"] = not v2["withLink"]
    if v2.get("expirationDate"):
        grant["expirationTime"] = v2["expirationDate"]
    return grant


def _shown(call: Call, permission: dict, item: dict) -> dict:
    in_drive = item["drive_id"] is not None
    return wire.permission_json(
        call, v3_wire.permission_json(call, permission, in_drive), item["id"]
    )


def _answer(call: Call, item: dict, permission_id: str) -> dict:
    found = permissions.find(call.twin.drive, item["id"], permission_id)
    return wire.partial(call, _shown(call, found, item), "Permission")


@operation("drive.v2.permissions.insert")
def insert(call: Call) -> dict:
    principal = require(call)
    grant = grant_in(body(call, "Permission"))
    item, permission_id = permissions.grant_on(call, principal, call.path_params["fileId"], grant)
    return _answer(call, item, permission_id)


@operation("drive.v2.permissions.list")
def list_(call: Call) -> dict:
    principal = require(call)
    item, _ = permissions.target(call, principal, call.path_params["fileId"])
    found = call.twin.drive.permissions_of(item["id"])
    chosen, token = paging.page(call, found, 100, 100, "maxResults")
    answer = {
        "kind": "drive#permissionList",
        "selfLink": wire.link(call, f"files/{item['id']}/permissions"),
        "items": [_shown(call, p, item) for p in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "PermissionList")


@operation("drive.v2.permissions.get")
def get(call: Call) -> dict:
    principal = require(call)
    item, _ = permissions.target(call, principal, call.path_params["fileId"])
    return _answer(call, item, call.path_params["permissionId"])


def _change(call: Call) -> dict:
    principal = require(call)
    file_id, permission_id = call.path_params["fileId"], call.path_params["permissionId"]
    asked = grant_in(body(call, "Permission"))
    change = {k: asked[k] for k in ("role", "expirationTime") if k in asked}
    item = permissions.change_on(call, principal, file_id, permission_id, change)
    return _answer(call, item, permission_id)


patch = operation("drive.v2.permissions.patch")(_change)
update = operation("drive.v2.permissions.update")(_change)


@operation("drive.v2.permissions.delete")
def delete(call: Call) -> Response:
    principal = require(call)
    file_id, permission_id = call.path_params["fileId"], call.path_params["permissionId"]
    permissions.revoke_on(call, principal, file_id, permission_id)
    return Response(status_code=204)


@operation("drive.v2.permissions.getIdForEmail")
def get_id_for_email(call: Call) -> dict:
    require(call)
    email = call.path_params["email"]
    return {
        "kind": "drive#permissionId",
        "id": permissions.id_for(call, "user", email, None, False),
    }


def routes() -> list[Route]:
    base = "/drive/v2/files/{fileId}/permissions"
    return [
        Route(base, insert, methods=["POST"]),
        Route(base, list_, methods=["GET"]),
        Route(base + "/{permissionId}", get, methods=["GET"]),
        Route(base + "/{permissionId}", patch, methods=["PATCH"]),
        Route(base + "/{permissionId}", update, methods=["PUT"]),
        Route(base + "/{permissionId}", delete, methods=["DELETE"]),
        Route("/drive/v2/permissionIds/{email}", get_id_for_email, methods=["GET"]),
    ]
