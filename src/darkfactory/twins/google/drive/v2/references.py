"""Drive v2 ``children.*`` and ``parents.*``: a folder's items and an item's folders, as
references (``{"kind": "drive#childReference", "id"}``, ``drive#parentReference``).

Both are views of the same parent links v3 moves with ``addParents``/``removeParents``, and go
through the same rules (``drive.writes``): an item has one parent, so adding a second is
refused unless ``enforceSingleParent=true`` moves it instead.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, flag
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import listing, writes
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.v2 import search, wire
from darkfactory.twins.google.errors import not_found, required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation


def child_json(call: Call, folder_id: str, child_id: str) -> dict:
    return {
        "kind": "drive#childReference",
        "id": child_id,
        "selfLink": wire.link(call, f"files/{folder_id}/children/{child_id}"),
        "childLink": wire.link(call, f"files/{child_id}"),
    }


def _reference_id(call: Call, schema: str) -> str:
    """The ``id`` a ``ChildReference`` or ``ParentReference`` body names; 400 without one."""
    found = body(call, schema).get("id")
    if not found:
        raise required("id", "Required")
    return found


def _link(call: Call, principal: Principal, file_id: str, parent_id: str) -> None:
    """Put ``file_id`` in folder ``parent_id`` (out of its others with enforceSingleParent)."""
    file = visible(call, principal, file_id)
    removing = ",".join(file["parents"]) if flag(call, "enforceSingleParent") else ""
    writes.update_with(call, principal, file["id"], {}, None, None, (parent_id, removing))


def _unlink(call: Call, principal: Principal, file_id: str, parent_id: str) -> None:
    writes.update_with(call, principal, file_id, {}, None, None, ("", parent_id))


def _in_folder(call: Call, principal: Principal, folder_id: str, child_id: str) -> dict:
    """The child if the caller sees it in the folder; v2's 404 otherwise."""
    folder = visible(call, principal, folder_id)
    child = visible(call, principal, child_id)
    if folder["id"] not in child["parents"]:
        raise not_found(f"File not found: {child_id}.", location="fileId")
    return child


@operation("drive.v2.children.list")
def list_children(call: Call) -> dict:
    principal = require(call)
    folder = visible(call, principal, call.path_params["folderId"])
    q = f"'{folder['id']}' in parents"
    if call.query.get("q", "").strip():
        q += f" and ({search.query(call.query['q'])})"
    order = search.order(call.query.get("orderBy", ""))
    chosen, token, _ = listing.matching(call, principal, q, order, "maxResults")
    answer = {
        "kind": "drive#childList",
        "etag": f'"{folder["version"]}"',
        "selfLink": wire.link(call, f"files/{folder['id']}/children"),
        "items": [child_json(call, folder["id"], f["id"]) for f in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "ChildList")


@operation("drive.v2.children.get")
def get_child(call: Call) -> dict:
    principal = require(call)
    folder_id = call.path_params["folderId"]
    child = _in_folder(call, principal, folder_id, call.path_params["childId"])
    folder = visible(call, principal, folder_id)
    return wire.partial(call, child_json(call, folder["id"], child["id"]), "ChildReference")


@operation("drive.v2.children.insert")
def insert_child(call: Call) -> dict:
    principal = require(call)
    folder = visible(call, principal, call.path_params["folderId"])
    child_id = _reference_id(call, "ChildReference")
    _link(call, principal, child_id, folder["id"])
    return wire.partial(call, child_json(call, folder["id"], child_id), "ChildReference")


@operation("drive.v2.children.delete")
def delete_child(call: Call) -> Response:
    principal = require(call)
    child = _in_folder(call, principal, call.path_params["folderId"], call.path_params["childId"])
    folder = visible(call, principal, call.path_params["folderId"])
    _unlink(call, principal, child["id"], folder["id"])
    return Response(status_code=204)


def _parent(call: Call, principal: Principal, file: dict, parent_id: str) -> dict:
    root = call.twin.drive.root_of(principal.email)
    return wire.parent_json(call, file["id"], parent_id, root)


@operation("drive.v2.parents.list")
def list_parents(call: Call) -> dict:
    principal = require(call)
    file = visible(call, principal, call.path_params["fileId"])
    answer = {
        "kind": "drive#parentList",
        "etag": f'"{file["version"]}"',
        "selfLink": wire.link(call, f"files/{file['id']}/parents"),
        "items": [_parent(call, principal, file, p) for p in file["parents"]],
    }
    return wire.partial(call, answer, "ParentList")


@operation("drive.v2.parents.get")
def get_parent(call: Call) -> dict:
    principal = require(call)
    file = visible(call, principal, call.path_params["fileId"])
    parent_id = call.path_params["parentId"]
    if parent_id not in file["parents"]:
        raise not_found(f"File not found: {parent_id}.", location="fileId")
    return wire.partial(call, _parent(call, principal, file, parent_id), "ParentReference")


@operation("drive.v2.parents.insert")
def insert_parent(call: Call) -> dict:
    principal = require(call)
    parent_id = _reference_id(call, "ParentReference")
    _link(call, principal, call.path_params["fileId"], parent_id)
    file = visible(call, principal, call.path_params["fileId"])
    return wire.partial(
        call, _parent(call, principal, file, file["parents"][-1]), "ParentReference"
    )


@operation("drive.v2.parents.delete")
def delete_parent(call: Call) -> Response:
    principal = require(call)
    file = visible(call, principal, call.path_params["fileId"])
    if call.path_params["parentId"] not in file["parents"]:
        raise not_found(f"File not found: {call.path_params['parentId']}.", location="fileId")
    _unlink(call, principal, file["id"], call.path_params["parentId"])
    return Response(status_code=204)


def routes() -> list[Route]:
    children = "/drive/v2/files/{folderId}/children"
    parents = "/drive/v2/files/{fileId}/parents"
    return [
        Route(children, list_children, methods=["GET"]),
        Route(children, insert_child, methods=["POST"]),
        Route(children + "/{childId}", get_child, methods=["GET"]),
        Route(children + "/{childId}", delete_child, methods=["DELETE"]),
        Route(parents, list_parents, methods=["GET"]),
        Route(parents, insert_parent, methods=["POST"]),
        Route(parents + "/{parentId}", get_parent, methods=["GET"]),
        Route(parents + "/{parentId}", delete_parent, methods=["DELETE"]),
    ]
