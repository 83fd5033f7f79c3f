"""``drives.*``: shared drives. A shared drive is a root folder owned by the organisation: its
id is the parent of its top-level items, and its members are permissions on that id (managed
with ``permissions.*`` and ``supportsAllDrives=true``). The creator starts as organizer. Hiding
a shared drive hides it for the caller only. ``routes`` serves the same operations in each API's
words for them (a ``Naming``): v3's ``drives`` here, ``teamdrives`` and v2's beside.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, flag
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import paging, wire
from darkfactory.twins.google.drive.query import Subject, compile_query
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError, forbidden, required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation

SETTABLE = ("themeId", "colorRgb", "restrictions", "backgroundImageFile")


def _not_found(drive_id: str) -> GoogleError:
    return GoogleError(404, "notFound", f"Shared drive not found: {drive_id}", location="driveId")


def _as_admin(call: Call, principal: Principal) -> bool:
    if not flag(call, "useDomainAdminAccess"):
        return False
    account = call.twin.state.account(principal.email)
    if not account or not account["admin"]:
        raise forbidden("The user does not have sufficient permissions for this request.")
    return True


def _drive(call: Call, principal: Principal, role: str | None = None) -> tuple[dict, str | None]:
    """The shared drive in the path and the caller's role on it (``organizer`` as admin)."""
    drive: DriveState = call.twin.drive
    drive_id = call.path_params["driveId"]
    found = drive.shared_drive(drive_id)
    held = drive.role_of(principal, drive_id) if found else None
    if found is not None and _as_admin(call, principal):
        held = "organizer"
    if found is None or held is None:
        raise _not_found(drive_id)
    if role == "organizer" and held != "organizer":
        raise GoogleError(
            403,
            "insufficientFilePermissions",
            "The user does not have sufficient permissions for this file.",
        )
    return found, held


def shown(call: Call, principal: Principal, drive_id: str) -> dict:
    """The shared drive as v3 describes it to the caller."""
    drive: DriveState = call.twin.drive
    role = drive.role_of(principal, drive_id)
    if role is None and flag(call, "useDomainAdminAccess"):
        role = "organizer"
    return wire.drive_json(call, _seen_by(drive, drive.shared_drive(drive_id), principal), role)


def team_drive_json(shown: dict, properties: dict, capabilities: dict) -> dict:
    """A shared drive (as ``shown``) in the older ``TeamDrive`` shape whose schema lists
    ``properties`` and ``capabilities``: each ``...Drive...`` capability also named
    ``...TeamDrive...``."""
    answer = {k: v for k, v in shown.items() if k in properties}
    named = {k.replace("Drive", "TeamDrive"): v for k, v in shown["capabilities"].items()}
    mixed = {**shown["capabilities"], **named}
    answer["capabilities"] = {k: v for k, v in mixed.items() if k in capabilities}
    return answer | {"kind": "drive#teamDrive"}


def create_drive(call: Call, principal: Principal, metadata: dict) -> str:
    """A new shared drive (v3's ``metadata``) with the caller as organizer; its id."""
    drive: DriveState = call.twin.drive
    request_id = call.query.get("requestId")
    if not request_id:
        raise required("requestId")
    if drive.db.scalar("SELECT 1 FROM google_drive_drives WHERE request_id = ?", (request_id,)):
        raise GoogleError(409, "duplicate", "A shared drive with this request ID already exists.")
    extra = {k: metadata[k] for k in SETTABLE if k in metadata}
    name = metadata.get("name") or "Untitled"
    drive_id = drive.create_shared_drive(principal, name, request_id, extra)
    if metadata.get("hidden"):
        _hide(drive, drive_id, principal, True)
    return drive_id


def get_drive(call: Call, principal: Principal) -> str:
    """The id of the shared drive in the path, if the caller may see it."""
    found, _ = _drive(call, principal)
    return found["id"]


def listed(call: Call, principal: Principal, size_param: str) -> tuple[list[dict], str | None]:
    """One page of the shared drives the caller may list (as v3 describes them), matching
    ``q``, and the next page's token."""
    drive: DriveState = call.twin.drive
    admin = _as_admin(call, principal)
    q = call.query.get("q", "")
    predicate = compile_query(q) if q.strip() else None
    found = []
    for row in drive.db.all("SELECT id FROM google_drive_drives ORDER BY rowid"):
        shared = _seen_by(drive, drive.shared_drive(row["id"]), principal)
        if not admin and drive.role_of(principal, row["id"]) is None:
            continue
        subject = Subject(
            name=shared["name"],
            times={"createdTime": shared["created"]},
            flags={"hidden": bool(shared["hidden"])},
        )
        if predicate is None or predicate(subject):
            found.append(shared)
    chosen, token = paging.page(call, found, 10, 100, size_param)
    return [
        wire.drive_json(call, d, "organizer" if admin else drive.role_of(principal, d["id"]))
        for d in chosen
    ], token


def update_drive(call: Call, principal: Principal, change: dict) -> str:
    """Rename or restyle the shared drive in the path (organizers only); its id."""
    drive: DriveState = call.twin.drive
    found, _ = _drive(call, principal, "organizer")
    extra = {**found["extra"], **{k: change[k] for k in SETTABLE if k in change}}
    if isinstance(change.get("restrictions"), dict):  # a patch: unnamed restrictions stay
        extra["restrictions"] = {**found["extra"].get("restrictions", {}), **change["restrictions"]}
    drive.db.execute(
        "UPDATE google_drive_drives SET name = ?, extra = ? WHERE id = ?",
        (change.get("name") or found["name"], json.dumps(extra), found["id"]),
    )
    return found["id"]


def delete_drive(call: Call, principal: Principal) -> None:
    """Delete the shared drive in the path: organizers, when empty (or as admin with
    ``allowItemDeletion``)."""
    drive: DriveState = call.twin.drive
    found, _ = _drive(call, principal, "organizer")
    items = drive.db.all("SELECT id FROM google_drive_files WHERE drive_id = ?", (found["id"],))
    if items and not (flag(call, "allowItemDeletion") and _as_admin(call, principal)):
        raise GoogleError(
            403,
            "cannotDeleteResourceWithChildren",
            "The shared drive cannot be deleted because it contains one or more items.",
        )
    for item in items:
        if drive.file(item["id"]) is not None:
            drive.delete_tree(item["id"])
    drive.db.execute("DELETE FROM google_drive_permissions WHERE item_id = ?", (found["id"],))
    drive.db.execute("DELETE FROM google_drive_drives WHERE id = ?", (found["id"],))


def _seen_by(drive: DriveState, shared: dict, principal: Principal) -> dict:
    """The shared drive with ``hidden`` as the principal set it (hiding is per user)."""
    hidden = drive.db.scalar(
        "SELECT 1 FROM google_drive_hidden_drives WHERE drive_id = ? AND email = ?",
        (shared["id"], principal.email),
    )
    return {**shared, "hidden": bool(hidden)}


def _hide(drive: DriveState, drive_id: str, principal: Principal, hidden: bool) -> None:
    drive.db.execute(
        "DELETE FROM google_drive_hidden_drives WHERE drive_id = ? AND email = ?",
        (drive_id, principal.email),
    )
    if hidden:
        drive.db.insert(
            "google_drive_hidden_drives", {"drive_id": drive_id, "email": principal.email}
        )


def set_hidden(call: Call, principal: Principal, hidden: bool) -> str:
    """Hide or show the shared drive in the path for the caller; its id."""
    found, _ = _drive(call, principal)
    _hide(call.twin.drive, found["id"], principal, hidden)
    return found["id"]


@dataclass(frozen=True)
class Naming:
    """One API's words for shared drives: the operations' family and path, the resource's
    schema, how a shared drive is shown and read, and the parameter that sizes a page."""

    family: str  # the operations' names before the verb: ``drive.drives``
    path: str
    schema: str  # ``Drive`` or ``TeamDrive``; its list is ``<schema>List``
    items: str  # the list's key for its shared drives
    size_param: str
    shaped: Callable[[dict], dict]  # a shared drive as v3 shows it, in this naming's shape
    metadata: Callable[[Call], dict]  # the request's body as v3's metadata
    partial: Callable[[Call, dict, str], dict]  # an answer cut to the request's ``fields``
    create: str = "create"
    update_method: str = "PATCH"
    hideable: bool = True


DRIVES = Naming(
    "drive.drives",
    "/drive/v3/drives",
    "Drive",
    "drives",
    "pageSize",
    lambda shown: shown,
    lambda call: body(call, "Drive"),
    wire.partial,
)


def routes(naming: Naming = DRIVES) -> list[Route]:
    """The operations on shared drives in ``naming``'s words."""
    family, schema = naming.family, naming.schema

    def answer(call: Call, principal: Principal, drive_id: str) -> dict:
        return naming.partial(call, naming.shaped(shown(call, principal, drive_id)), schema)

    @operation(f"{family}.{naming.create}")
    def create(call: Call) -> dict:
        principal = require(call)
        return answer(call, principal, create_drive(call, principal, naming.metadata(call)))

    @operation(f"{family}.get")
    def get(call: Call) -> dict:
        principal = require(call)
        return answer(call, principal, get_drive(call, principal))

    @operation(f"{family}.list")
    def list_(call: Call) -> dict:
        principal = require(call)
        chosen, token = listed(call, principal, naming.size_param)
        kind = f"drive#{schema[0].lower()}{schema[1:]}List"
        found = {"kind": kind, naming.items: [naming.shaped(d) for d in chosen]}
        if token:
            found["nextPageToken"] = token
        return naming.partial(call, found, f"{schema}List")

    @operation(f"{family}.update")
    def update(call: Call) -> dict:
        principal = require(call)
        return answer(call, principal, update_drive(call, principal, naming.metadata(call)))

    @operation(f"{family}.delete")
    def delete(call: Call) -> Response:
        delete_drive(call, require(call))
        return Response(status_code=204)

    def hiding(verb: str, hidden: bool) -> Route:
        @operation(f"{family}.{verb}")
        def handler(call: Call) -> dict:
            principal = require(call)
            return answer(call, principal, set_hidden(call, principal, hidden))

        return Route(f"{naming.path}/{{driveId}}/{verb}", handler, methods=["POST"])

    one = f"{naming.path}/{{driveId}}"
    made = [
        Route(naming.path, create, methods=["POST"]),
        Route(naming.path, list_, methods=["GET"]),
        Route(one, get, methods=["GET"]),
        Route(one, update, methods=[naming.update_method]),
        Route(one, delete, methods=["DELETE"]),
    ]
    return made + ([hiding("hide", True), hiding("unhide", False)] if naming.hideable else [])
