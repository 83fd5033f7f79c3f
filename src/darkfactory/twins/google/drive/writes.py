"""Writing files: the rules ``files.create``/``files.update`` share with their upload forms.

One parent per item, parents must be folders the caller can write, shared-drive items need
``supportsAllDrives``, ids chosen by a client must come from ``generateIds``, trashing cascades to
a folder's contents, and only writable fields may be set. ``files.py`` (metadata) and
``media.py`` (uploads) both end in ``create_with`` / ``update_with``.
"""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.google import bodies
from darkfactory.twins.google.api import parse_timestamp
from darkfactory.twins.google.drive import native, wire
from darkfactory.twins.google.drive.items import supports_all_drives, visible
from darkfactory.twins.google.drive.roles import Access
from darkfactory.twins.google.drive.state import FOLDER, NATIVE_PREFIX, DriveState
from darkfactory.twins.google.errors import GoogleError, bad_request, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call

EXTRA_KEYS = (
    "description",
    "starred",
    "properties",
    "appProperties",
    "folderColorRgb",
    "originalFilename",
    "writersCanShare",
    "copyRequiresWriterPermission",
)
WRITABLE = {
    "name",
    "mimeType",
    "trashed",
    "modifiedTime",
    "viewedByMeTime",
    *EXTRA_KEYS,
    "contentHints",
    "contentRestrictions",
    "inheritedPermissionsDisabled",
}
CREATABLE = WRITABLE | {"id", "parents", "createdTime"}


def check_writable(metadata: dict, allowed: set[str]) -> None:
    unknown = set(metadata) - allowed - {"kind"}
    if unknown:
        raise GoogleError(
            403,
            "fieldNotWritable",
            "The resource body includes fields which are not directly writable.",
        )


def _parent(
    call: Call, principal: Principal, parent_id: str, access: Access
) -> tuple[str, str | None]:
    """A parent the caller may add children to: ``(id, shared drive id or None)``."""
    drive: DriveState = call.twin.drive
    shared = drive.shared_drive(parent_id)
    if shared is not None:
        if not supports_all_drives(call) or access.role(parent_id) is None:
            raise not_found(f"File not found: {parent_id}.", location="fileId")
        if access.role(parent_id) not in ("writer", "fileOrganizer", "organizer"):
            raise GoogleError(
                403,
                "insufficientFilePermissions",
                "The user does not have sufficient permissions for this file.",
            )
        return parent_id, parent_id
    folder = visible(call, principal, parent_id, "reader", access)
    if folder["mime_type"] != FOLDER:
        raise bad_request("The specified parent is not a folder.", "invalidParent")
    drive.require(principal, folder["id"], "writer", access)
    return folder["id"], folder["drive_id"]


def _extra(metadata: dict, current: dict | None = None) -> dict:
    extra = dict(current or {})
    for key in EXTRA_KEYS:
        if key not in metadata:
            continue
        if key in ("properties", "appProperties") and isinstance(metadata[key], dict):
            merged = {**extra.get(key, {}), **metadata[key]}
            extra[key] = {k: str(v) for k, v in merged.items() if v is not None}
        else:
            extra[key] = metadata[key]
    return extra


def _take_generated_id(call: Call, principal: Principal, file_id: str) -> str:
    store = call.universe.store
    if call.twin.drive.file(file_id) is not None:
        raise GoogleError(409, "fileIdInUse", "A file already exists with the provided ID.")
    taken = store.execute(
        "DELETE FROM google_drive_generated_ids WHERE id = ? AND email = ?",
        (file_id, principal.email),
    )
    if not taken.rowcount:
        raise bad_request("The provided file ID is not usable.", "fileIdNotUsable")
    return file_id


def create_with(
    call: Call, principal: Principal, metadata: dict, content: bytes | None, media_type: str | None
) -> str:
    """``files.create``: a new file from ``metadata`` (and uploaded ``content``); its id."""
    drive: DriveState = call.twin.drive
    metadata = bodies.check(metadata, "File", "drive", "v3")
    check_writable(metadata, CREATABLE)
    access = drive.access(principal)
    parents = metadata.get("parents") or []
    if not isinstance(parents, list) or len(parents) > 1:
        raise GoogleError(
            403, "cannotAddParent", "Increasing the number of parents is not allowed."
        )
    placed = [_parent(call, principal, p, access) for p in parents]
    drive_id = placed[0][1] if placed else None
    mime = metadata.get("mimeType") or media_type or "application/octet-stream"
    native_import = None
    if content is not None and mime.startswith(NATIVE_PREFIX):
        native_import = native.of(mime)
        if native_import is None or native_import.load is None or mime == FOLDER:
            raise bad_request("The requested conversion is not supported.", "badRequest")
    file_id = metadata.get("id")
    if file_id:
        file_id = _take_generated_id(call, principal, file_id)
    if mime.startswith(NATIVE_PREFIX):
        content, blob = None, content
    else:
        content, blob = content if content is not None else b"", None
    created = drive.create_file(
        principal,
        name=metadata.get("name") or "Untitled",
        mime_type=mime,
        parents=[p for p, _ in placed] or None,
        content=content,
        extra=_extra(metadata),
        drive_id=drive_id,
        file_id=file_id,
    )
    if native_import is not None:
        native_import.load(call.universe, created["id"], blob, media_type or "")
    times = {
        k: parse_timestamp(metadata[k]) for k in ("createdTime", "modifiedTime") if metadata.get(k)
    }
    if times:
        call.universe.store.execute(
            "UPDATE google_drive_files SET created = ?, modified = ? WHERE id = ?",
            (
                times.get("createdTime", created["created"]),
                times.get("modifiedTime", created["modified"]),
                created["id"],
            ),
        )
    return created["id"]


def update_with(
    call: Call,
    principal: Principal,
    file_id: str,
    metadata: dict,
    content: bytes | None,
    media_type: str | None,
    moves: tuple[str, str] | None = None,
) -> str:
    """``files.update``: metadata changes, moves (``addParents``/``removeParents``, or
    ``moves`` as such a pair of comma-separated ids), content.

    All but the caller's own marks (``starred``, ``viewedByMeTime``) need the writer role."""
    drive: DriveState = call.twin.drive
    metadata = bodies.check(metadata, "File", "drive", "v3")
    check_writable(metadata, WRITABLE)
    access = drive.access(principal)
    if moves is None:
        moves = (call.query.get("addParents", ""), call.query.get("removeParents", ""))
    moving = any(moves)
    personal = {"starred", "viewedByMeTime", "kind"}
    needs_write = content is not None or moving or set(metadata) - personal
    file = visible(call, principal, file_id, "writer" if needs_write else "reader", access)
    caps = wire.capabilities(file, access.role(file["id"]), file["drive_id"] is not None)
    if "trashed" in metadata and bool(metadata["trashed"]) != bool(file["trashed"]):
        if not caps["canTrash"]:
            raise GoogleError(
                403,
                "insufficientFilePermissions",
                "The user does not have sufficient permissions for this file.",
            )
        _set_trashed(drive, file, principal, bool(metadata["trashed"]))
    for key in ("writersCanShare", "copyRequiresWriterPermission"):
        if key in metadata and access.role(file["id"]) not in (
            "owner",
            "organizer",
            "fileOrganizer",
        ):
            raise GoogleError(
                403,
                "insufficientFilePermissions",
                "The user does not have sufficient permissions for this file.",
            )
    _move(call, principal, file, access, moves)
    columns: dict[str, Any] = {"extra": json.dumps(_extra(metadata, file["extra"]))}
    if metadata.get("name"):
        columns["name"] = metadata["name"]
    mime = metadata.get("mimeType") or (media_type if content is not None else None)
    if mime and mime != file["mime_type"]:
        if file["mime_type"].startswith(NATIVE_PREFIX) or mime.startswith(NATIVE_PREFIX):
            raise bad_request("The requested conversion is not supported.", "badRequest")
        columns["mime_type"] = mime
    if content is not None and file["mime_type"].startswith(NATIVE_PREFIX):
        kind = native.of(file["mime_type"])
        if mime != file["mime_type"] or kind is None or kind.load is None:
            raise bad_request("The requested conversion is not supported.", "badRequest")
        kind.load(call.universe, file["id"], content, media_type or "")
    elif content is not None:
        drive.add_revision(
            file["id"], principal.email, mime or file["mime_type"], content, metadata
        )
    drive.touch(file["id"], principal, **columns)
    if metadata.get("modifiedTime"):
        call.universe.store.execute(
            "UPDATE google_drive_files SET modified = ? WHERE id = ?",
            (parse_timestamp(metadata["modifiedTime"]), file["id"]),
        )
    return file["id"]


def _move(
    call: Call, principal: Principal, file: dict, access: Access, moves: tuple[str, str]
) -> None:
    drive: DriveState = call.twin.drive
    adding = [p for p in moves[0].split(",") if p]
    removing = [p for p in moves[1].split(",") if p]
    if not adding and not removing:
        return
    parents = [p for p in file["parents"] if p not in removing]
    for parent_id in adding:
        parent_id = drive.root_of(principal.email) if parent_id == "root" else parent_id
        parent_id, drive_id = _parent(call, principal, parent_id, access)
        if drive_id != file["drive_id"]:
            raise GoogleError(
                403,
                "cannotMoveItemBetweenDrives",
                "Moving items between My Drive and shared drives is not supported.",
            )
        if parent_id == file["id"] or file["id"] in drive.ancestors(parent_id):
            raise bad_request(
                "A folder cannot be moved into itself or its descendants.", "invalidParent"
            )
        if parent_id not in parents:
            parents.append(parent_id)
    if len(parents) > 1:
        raise GoogleError(
            403, "cannotAddParent", "Increasing the number of parents is not allowed."
        )
    if file["drive_id"] and not parents:
        raise GoogleError(
            403, "teamDrivesParentLimit", "A shared drive item must have exactly one parent."
        )
    call.universe.store.execute("DELETE FROM google_drive_parents WHERE file_id = ?", (file["id"],))
    for parent_id in parents:
        call.universe.store.insert(
            "google_drive_parents", {"file_id": file["id"], "parent_id": parent_id}
        )


def _set_trashed(drive: DriveState, file: dict, principal: Principal, trashed: bool) -> None:
    """Trash or restore an item; a folder's contents follow it (implicitly trashed)."""
    now = drive.now()
    if trashed:
        drive.db.execute(
            "UPDATE google_drive_files SET trashed = 1, explicitly_trashed = 1, trashed_by = ?, "
            "trashed_time = ? WHERE id = ?",
            (principal.email, now, file["id"]),
        )
    else:
        drive.db.execute(
            "UPDATE google_drive_files SET trashed = 0, explicitly_trashed = 0, trashed_by = NULL,"
            " trashed_time = NULL WHERE id = ?",
            (file["id"],),
        )
    for child in drive.descendants(file["id"]):
        drive.db.execute(
            "UPDATE google_drive_files SET trashed = ?, trashed_time = ? WHERE id = ? "
            "AND explicitly_trashed = 0",
            (int(trashed), now if trashed else None, child),
        )
        drive.record_change(child)
