"""The item a Drive request names: found, checked against the caller's role, and answered.

``visible`` is the gate every ``fileId`` passes: Drive's 404 for what the caller cannot see
(including shared-drive items when the client did not say ``supportsAllDrives``), 403 for a
role too low; ``answer`` renders a file as the request's ``fields`` ask.
"""

from __future__ import annotations

from darkfactory.twins.google.api import flag
from darkfactory.twins.google.drive import wire
from darkfactory.twins.google.drive.roles import Access
from darkfactory.twins.google.drive.state import APP_DATA_SCOPE, DriveState
from darkfactory.twins.google.errors import GoogleError, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call


def supports_all_drives(call: Call) -> bool:
    return flag(call, "supportsAllDrives") or flag(call, "supportsTeamDrives")


def visible(
    call: Call,
    principal: Principal,
    file_id: str,
    role: str = "reader",
    access: Access | None = None,
) -> dict:
    """The file if the caller holds ``role`` and may see its drive; Drive's 404/403 otherwise."""
    drive: DriveState = call.twin.drive
    if file_id == "root":
        file_id = drive.root_of(principal.email)
    elif file_id == "appDataFolder":
        if APP_DATA_SCOPE not in principal.scopes:
            raise GoogleError(
                403,
                "insufficientScopes",
                "The granted scopes do not give access to all of the requested spaces.",
            )
        file_id = drive.app_data_folder(principal)
    found = drive.require(principal, file_id, role, access)
    if found["drive_id"] and not supports_all_drives(call):
        raise not_found(f"File not found: {file_id}.", location="fileId")
    return found


def answer(call: Call, file_id: str, principal: Principal, extra: dict | None = None) -> dict:
    """The file as the request's ``fields`` ask, with ``extra`` fields drawn elsewhere."""
    drive: DriveState = call.twin.drive
    return described(call, drive.file(file_id), drive.access(principal), extra)


def described(call: Call, file: dict, access: Access, extra: dict | None = None) -> dict:
    """``answer`` for a file already read, as ``access`` sees it."""
    shown = wire.file_json(call, file, access, wire.wanted(call, "File"))
    return wire.partial(call, shown | (extra or {}), "File")
