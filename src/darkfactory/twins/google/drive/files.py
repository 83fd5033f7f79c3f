"""``files.*``: create, get, list, update, copy, delete, emptyTrash, generateIds, export.

Metadata requests arrive here; the same methods with media (``/upload/drive/v3/files``) arrive in
``media.py``; both end in ``writes.create_with`` / ``writes.update_with``, which hold the rules
of writing. Every read and write checks the caller's role (``items.visible``).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, integer
from darkfactory.twins.google.auth import own_drive, require
from darkfactory.twins.google.drive import download, labels, listing, native, wire
from darkfactory.twins.google.drive import export as exporting
from darkfactory.twins.google.drive.items import answer, described, visible
from darkfactory.twins.google.drive.roles import Access
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.drive.writes import (
    CREATABLE,
    check_writable,
    create_with,
    update_with,
)
from darkfactory.twins.google.errors import GoogleError, forbidden, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation


@operation("drive.files.create")
def create(call: Call) -> dict:
    principal = require(call)
    return answer(call, create_with(call, principal, body(call), None, None), principal)


def file_or_content(call: Call, shown: Callable[[Call, dict, Access], dict]) -> Response | dict:
    """The file in the path as ``shown`` answers it, or its content with ``alt=media``."""
    principal = require(call)
    access = call.twin.drive.access(principal)
    file = visible(call, principal, call.path_params["fileId"], access=access)
    if call.query.get("alt") == "media":
        return download.download(call, principal, file)
    return shown(call, file, access)


@operation("drive.files.get")
def get(call: Call) -> Response | dict:
    return file_or_content(call, _labelled)


def _labelled(call: Call, file: dict, access: Access) -> dict:
    return described(call, file, access, labels.label_info(call, file["id"]))


@operation("drive.files.list", reads=True, prepare=own_drive)
def list_(call: Call) -> dict:
    principal = require(call)
    return listing.files(call, principal)


@operation("drive.files.update")
def update(call: Call) -> dict:
    principal = require(call)
    file_id = update_with(call, principal, call.path_params["fileId"], body(call), None, None)
    return answer(call, file_id, principal)


@operation("drive.files.copy")
def copy(call: Call) -> dict:
    principal = require(call)
    made = copy_file(call, principal, call.path_params["fileId"], body(call))
    return answer(call, made, principal)


def copy_file(call: Call, principal: Principal, file_id: str, metadata: dict) -> str:
    """A copy of a file the caller may copy, with ``metadata`` (v3's) set on it; its id."""
    drive: DriveState = call.twin.drive
    access = drive.access(principal)
    source = visible(call, principal, file_id, "reader", access)
    caps = wire.capabilities(source, access.role(source["id"]), source["drive_id"] is not None)
    if not caps["canCopy"]:
        raise forbidden("This file cannot be copied by the user.", "cannotCopyFile")
    check_writable(metadata, CREATABLE)
    if not metadata.get("parents"):
        writable = [
            p
            for p in source["parents"]
            if access.role(p) in ("owner", "writer", "fileOrganizer", "organizer")
        ]
        metadata["parents"] = writable[:1]
    head = drive.head(source["id"])
    kind = native.of(source["mime_type"])
    content = None if kind else (head["content"] if head else b"")
    merged = {
        **source["extra"],
        **metadata,
        "mimeType": source["mime_type"],
        "name": metadata.get("name") or f"Copy of {source['name']}",
    }
    made = create_with(call, principal, merged, content, None)
    if kind is not None and kind.copy is not None:
        kind.copy(call.universe, source["id"], made)
    return made


@operation("drive.files.delete")
def delete(call: Call) -> Response:
    delete_file(call, require(call), call.path_params["fileId"])
    return Response(status_code=204)


def delete_file(call: Call, principal: Principal, file_id: str) -> None:
    """Delete a file (a folder with what is below it) for good, if the caller may."""
    drive: DriveState = call.twin.drive
    access = drive.access(principal)
    file = visible(call, principal, file_id, "reader", access)
    caps = wire.capabilities(file, access.role(file["id"]), file["drive_id"] is not None)
    if not caps["canDelete"]:
        raise GoogleError(
            403,
            "insufficientFilePermissions",
            "The user does not have sufficient permissions for this file.",
        )
    drive.delete_tree(file["id"])


@operation("drive.files.emptyTrash")
def empty_trash(call: Call) -> Response:
    empty_trash_of(call, require(call))
    return Response(status_code=204)


def empty_trash_of(call: Call, principal: Principal) -> None:
    """Delete for good what the caller trashed (or a shared drive's trash, for its organizer)."""
    drive: DriveState = call.twin.drive
    drive_id = call.query.get("driveId")
    if drive_id:
        if drive.role_of(principal, drive_id) != "organizer":
            raise not_found(f"Shared drive not found: {drive_id}", location="driveId")
        rows = drive.db.all(
            "SELECT id FROM google_drive_files WHERE drive_id = ? AND explicitly_trashed = 1",
            (drive_id,),
        )
    else:
        rows = drive.db.all(
            "SELECT f.id FROM google_drive_files f JOIN google_drive_permissions p "
            "ON p.item_id = f.id AND p.role = 'owner' WHERE p.email = ? AND f.trashed = 1",
            (principal.email,),
        )
    for row in rows:
        if drive.file(row["id"]) is not None:
            drive.delete_tree(row["id"])


@operation("drive.files.generateIds")
def generate_ids(call: Call) -> dict:
    principal = require(call)
    space, ids = generated_ids(call, principal, integer(call, "count", 10, 1, 1000))
    return {"kind": "drive#generatedIds", "space": space, "ids": ids}


def generated_ids(call: Call, principal: Principal, count: int) -> tuple[str, list[str]]:
    """``count`` new ids the caller may give files it creates, and the space they are for."""
    space = call.query.get("space", "drive")
    if space not in ("drive", "appDataFolder"):
        raise GoogleError(400, "invalid", f"Invalid space: {space}", location="space")
    if call.query.get("type", "files") not in ("files", "shortcuts"):
        raise GoogleError(400, "invalid", "Invalid value for: type", location="type")
    ids = [call.twin.drive.new_file_id() for _ in range(count)]
    for file_id in ids:
        call.universe.store.insert(
            "google_drive_generated_ids", {"id": file_id, "email": principal.email}
        )
    return space, ids


@operation("drive.files.export")
def export(call: Call) -> Response:
    return export_file(call, require(call))


def export_file(call: Call, principal: Principal) -> Response:
    """The named native file written in the requested ``mimeType``, if the caller may."""
    access = call.twin.drive.access(principal)
    file = visible(call, principal, call.path_params["fileId"], "reader", access)
    caps = wire.capabilities(file, access.role(file["id"]), file["drive_id"] is not None)
    if not caps["canDownload"]:
        raise forbidden("This file cannot be exported by the user.", "cannotExportFile")
    target = call.query.get("mimeType")
    if not target:
        raise GoogleError(400, "required", "Required parameter: mimeType", location="mimeType")
    return exporting.respond(call, file, target)


def routes() -> list[Route]:
    return [
        Route("/drive/v3/files", create, methods=["POST"]),
        Route("/drive/v3/files", list_, methods=["GET"]),
        Route("/drive/v3/files/trash", empty_trash, methods=["DELETE"]),
        Route("/drive/v3/files/generateIds", generate_ids, methods=["GET"]),
        Route("/drive/v3/files/{fileId}", get, methods=["GET"]),
        Route("/drive/v3/files/{fileId}", update, methods=["PATCH"]),
        Route("/drive/v3/files/{fileId}", delete, methods=["DELETE"]),
        Route("/drive/v3/files/{fileId}/copy", copy, methods=["POST"]),
        Route("/drive/v3/files/{fileId}/export", export, methods=["GET"]),
    ]
