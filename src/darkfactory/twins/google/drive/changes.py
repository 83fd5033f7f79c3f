"""``changes.getStartPageToken`` and ``changes.list``: what changed since a token, as each
caller may see it.

The change log keeps every write; a page shows the latest change per file among those after
the token. A file the caller can no longer see (deleted, or unshared from them) appears as
``removed: true`` without its resource, only to those who could see it before.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.routing import Route

from darkfactory.twins.google.api import flag, integer, timestamp
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import wire
from darkfactory.twins.google.drive.listing import spaces
from darkfactory.twins.google.drive.roles import Access
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError, invalid_parameter, required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation

Render = Callable[[Call, dict, Access], dict]


def next_token(drive: DriveState) -> int:
    """The change number the next write will log (the start page token of "from now")."""
    return int(drive.db.scalar("SELECT COALESCE(MAX(id), 0) FROM google_drive_changes")) + 1


@operation("drive.changes.getStartPageToken")
def get_start_page_token(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    drive_id = call.query.get("driveId") or call.query.get("teamDriveId")
    if drive_id and drive.role_of(principal, drive_id) is None:
        raise GoogleError(
            404, "notFound", f"Shared drive not found: {drive_id}", location="driveId"
        )
    return {"kind": "drive#startPageToken", "startPageToken": str(next_token(drive))}


def seen_as(drive: DriveState, row, access: Access) -> str | None:
    """How a logged change shows to ``access.principal``: ``"file"`` (they see the file),
    ``"removed"`` (they saw it and no longer do) or None (none of theirs)."""
    file = drive.file(row["file_id"]) if row["file_id"] else None
    if file is not None and access.role(file["id"]) is not None:
        return "file"
    audience = [e.lower() for e in json.loads(row["audience"] or "[]")]
    return "removed" if access.principal.email.lower() in audience else None


def _change(
    call: Call, row, access: Access, wanted_spaces: list[str], render: Render = wire.file_json
) -> dict | None:
    """The change as the caller sees it (its file drawn by ``render``), or None if it is none
    of theirs."""
    drive: DriveState = call.twin.drive
    seen = seen_as(drive, row, access)
    me = access.principal.email.lower()
    wanted_drive = call.query.get("driveId") or call.query.get("teamDriveId")
    all_drives = flag(call, "includeItemsFromAllDrives") or flag(call, "includeTeamDriveItems")
    if wanted_drive and row["drive_id"] != wanted_drive:
        return None
    if row["drive_id"] and not (wanted_drive or all_drives):
        return None
    answer = {
        "kind": "drive#change",
        "type": "file",
        "changeType": "file",
        "time": timestamp(row["time"]),
        "fileId": row["file_id"],
    }
    if row["drive_id"]:
        answer |= {"driveId": row["drive_id"], "teamDriveId": row["drive_id"]}
    if seen == "file" and drive.file(row["file_id"])["space"] not in wanted_spaces:
        return None
    if seen == "file":
        if flag(call, "restrictToMyDrive") and drive.root_of(me) not in drive.ancestors(
            row["file_id"]
        ):
            return None
        file = drive.file(row["file_id"])
        return answer | {"removed": False, "file": render(call, file, access)}
    if seen is None or not flag(call, "includeRemoved", True):
        return None
    return answer | {"removed": True}


@operation("drive.changes.list")
def list_(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    token = call.query.get("pageToken")
    if not token:
        raise required("pageToken")
    size = integer(call, "pageSize", 100, 1, 1000)
    ordered = since(call, principal, token, "pageToken")
    answer: dict = {"kind": "drive#changeList", "changes": [c for _, c in ordered[:size]]}
    if len(ordered) > size:
        answer["nextPageToken"] = str(ordered[size][0])
    else:
        answer["newStartPageToken"] = str(next_token(drive))
    return wire.partial(call, answer, "ChangeList")


def since(
    call: Call, principal: Principal, token: str, name: str, render: Render = wire.file_json
) -> list[tuple[int, dict]]:
    """The latest change of each file the caller sees, from change number ``token`` (the
    parameter ``name``) on, with their numbers, oldest first."""
    drive: DriveState = call.twin.drive
    if not token.isdigit() or int(token) < 1:
        raise invalid_parameter(name, "Invalid Value")
    access = drive.access(principal)
    rows = drive.db.all(
        "SELECT * FROM google_drive_changes WHERE id >= ? ORDER BY id", (int(token),)
    )
    latest: dict[str, tuple[int, dict]] = {}
    wanted_spaces = spaces(call, principal)
    for row in rows:
        change = _change(call, row, access, wanted_spaces, render)
        if change is not None:
            latest.pop(row["file_id"], None)
            latest[row["file_id"]] = (row["id"], change)
    return sorted(latest.values(), key=lambda pair: pair[0])


def one(call: Call, principal: Principal, number: str, render: Render) -> dict:
    """Logged change ``number`` as the caller sees it; Drive's 404 if there is no such change
    or it is none of theirs."""
    drive: DriveState = call.twin.drive
    row = None
    if number.isdigit():
        row = drive.db.one("SELECT * FROM google_drive_changes WHERE id = ?", (int(number),))
    change = None
    if row is not None:
        change = _change(call, row, drive.access(principal), spaces(call, principal), render)
    if change is None:
        raise GoogleError(404, "notFound", f"Change ID not found: {number}", location="changeId")
    return change


def routes() -> list[Route]:
    return [
        Route("/drive/v3/changes/startPageToken", get_start_page_token, methods=["GET"]),
        Route("/drive/v3/changes", list_, methods=["GET"]),
    ]
