"""``teamdrives.*``: v3's deprecated name for shared drives, served from the same shared drives
as ``drives.*`` in the older ``TeamDrive`` shape (``...TeamDrive...`` capabilities, lists of
``teamDrives``)."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google import discovery
from darkfactory.twins.google.api import body
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import drives, wire
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation

TEAM_DRIVE = discovery.document("drive", "v3")["schemas"]["TeamDrive"]["properties"]
CAPABILITIES = TEAM_DRIVE["capabilities"]["properties"]


def _shaped(shown: dict) -> dict:
    return drives.team_drive_json(shown, TEAM_DRIVE, CAPABILITIES)


def _answer(call: Call, principal: Principal, drive_id: str) -> dict:
    return wire.partial(call, _shaped(drives.shown(call, principal, drive_id)), "TeamDrive")


def _metadata(call: Call) -> dict:
    given = body(call, "TeamDrive")
    return {k: v for k, v in given.items() if k in ("name", *drives.SETTABLE)}


@operation("drive.teamdrives.create")
def create(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.create_drive(call, principal, _metadata(call)))


@operation("drive.teamdrives.get")
def get(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.get_drive(call, principal))


@operation("drive.teamdrives.list")
def list_(call: Call) -> dict:
    principal = require(call)
    chosen, token = drives.listed(call, principal, "pageSize")
    answer = {"kind": "drive#teamDriveList", "teamDrives": [_shaped(d) for d in chosen]}
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "TeamDriveList")


@operation("drive.teamdrives.update")
def update(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.update_drive(call, principal, _metadata(call)))


@operation("drive.teamdrives.delete")
def delete(call: Call) -> Response:
    drives.delete_drive(call, require(call))
    return Response(status_code=204)


def routes() -> list[Route]:
    # the path's {teamDriveId}, named as the shared drives' helpers read it
    return [
        Route("/drive/v3/teamdrives", create, methods=["POST"]),
        Route("/drive/v3/teamdrives", list_, methods=["GET"]),
        Route("/drive/v3/teamdrives/{driveId}", get, methods=["GET"]),
        Route("/drive/v3/teamdrives/{driveId}", update, methods=["PATCH"]),
        Route("/drive/v3/teamdrives/{driveId}", delete, methods=["DELETE"]),
    ]
