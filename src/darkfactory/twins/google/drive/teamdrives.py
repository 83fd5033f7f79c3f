"""``teamdrives.*``: v3's deprecated name for shared drives, served from the same shared drives
as ``drives.*`` in the older ``TeamDrive`` shape (``...TeamDrive...`` capabilities, lists of
``teamDrives``)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google import discovery
from darkfactory.twins.google.api import body
from darkfactory.twins.google.drive import drives, wire
from darkfactory.twins.kit.operation import Call

TEAM_DRIVE = discovery.document("drive", "v3")["schemas"]["TeamDrive"]["properties"]
CAPABILITIES = TEAM_DRIVE["capabilities"]["properties"]


def _shaped(shown: dict) -> dict:
    return drives.team_drive_json(shown, TEAM_DRIVE, CAPABILITIES)


def _metadata(call: Call) -> dict:
    given = body(call, "TeamDrive")
    return {k: v for k, v in given.items() if k in ("name", *drives.SETTABLE)}


# the path's {teamDriveId}, named as the shared drives' helpers read it
TEAMDRIVES = drives.Naming(
    "drive.teamdrives",
    "/drive/v3/teamdrives",
    "TeamDrive",
    "teamDrives",
    "pageSize",
    _shaped,
    _metadata,
    wire.partial,
    hideable=False,
)


def routes() -> list[Route]:
    return drives.routes(TEAMDRIVES)
