"""Drive v2 ``drives.*`` and the older ``teamdrives.*``: v3's shared drives (``drive.drives``)
in v2's words: ``createdDate``, lists of ``items`` paged by ``maxResults``, ``insert`` and
``update`` for create and patch; a team drive names its capabilities ``...TeamDrive...``."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google import bodies, discovery
from darkfactory.twins.google.api import body
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import drives
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation

SCHEMAS = discovery.document("drive", "v2")["schemas"]


def _capabilities(schema: str) -> set[str]:
    return set(SCHEMAS[schema]["properties"]["capabilities"]["properties"])


CAPABILITIES = {"Drive": _capabilities("Drive"), "TeamDrive": _capabilities("TeamDrive")}


def drive_json(v3: dict, schema: str = "Drive") -> dict:
    """A v3 shared drive as v2's ``Drive`` or ``TeamDrive``."""
    properties = SCHEMAS[schema]["properties"]
    if schema == "TeamDrive":
        answer = drives.team_drive_json(v3, properties, CAPABILITIES[schema])
    else:
        answer = {k: v for k, v in v3.items() if k in properties}
        caps = v3["capabilities"]
        answer["capabilities"] = {k: v for k, v in caps.items() if k in CAPABILITIES[schema]}
    return answer | {"createdDate": v3["createdTime"]}


def _answer(call: Call, principal: Principal, drive_id: str, schema: str = "Drive") -> dict:
    shown = drive_json(drives.shown(call, principal, drive_id), schema)
    return wire.partial(call, shown, schema)


def _metadata(call: Call, schema: str = "Drive") -> dict:
    """A v2 ``Drive`` (or ``TeamDrive``) body as v3's (the same fields, less the read-only
    ones)."""
    found = bodies.check(body(call), schema, "drive", "v2")
    return {k: v for k, v in found.items() if k in ("name", "hidden", *drives.SETTABLE)}


@operation("drive.v2.drives.insert")
def insert(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.create_drive(call, principal, _metadata(call)))


@operation("drive.v2.drives.get")
def get(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.get_drive(call, principal))


@operation("drive.v2.drives.list")
def list_(call: Call) -> dict:
    principal = require(call)
    chosen, token = drives.listed(call, principal, "maxResults")
    answer = {"kind": "drive#driveList", "items": [drive_json(d) for d in chosen]}
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "DriveList")


@operation("drive.v2.drives.update")
def update(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.update_drive(call, principal, _metadata(call)))


@operation("drive.v2.drives.delete")
def delete(call: Call) -> Response:
    drives.delete_drive(call, require(call))
    return Response(status_code=204)


@operation("drive.v2.drives.hide")
def hide(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.set_hidden(call, principal, True))


@operation("drive.v2.drives.unhide")
def unhide(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.set_hidden(call, principal, False))


@operation("drive.v2.teamdrives.insert")
def insert_team_drive(call: Call) -> dict:
    principal = require(call)
    made = drives.create_drive(call, principal, _metadata(call, "TeamDrive"))
    return _answer(call, principal, made, "TeamDrive")


@operation("drive.v2.teamdrives.get")
def get_team_drive(call: Call) -> dict:
    principal = require(call)
    return _answer(call, principal, drives.get_drive(call, principal), "TeamDrive")


@operation("drive.v2.teamdrives.list")
def list_team_drives(call: Call) -> dict:
    principal = require(call)
    chosen, token = drives.listed(call, principal, "maxResults")
    answer = {"kind": "drive#teamDriveList", "items": [drive_json(d, "TeamDrive") for d in chosen]}
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "TeamDriveList")


@operation("drive.v2.teamdrives.update")
def update_team_drive(call: Call) -> dict:
    principal = require(call)
    changed = drives.update_drive(call, principal, _metadata(call, "TeamDrive"))
    return _answer(call, principal, changed, "TeamDrive")


@operation("drive.v2.teamdrives.delete")
def delete_team_drive(call: Call) -> Response:
    drives.delete_drive(call, require(call))
    return Response(status_code=204)


def routes() -> list[Route]:
    return [
        Route("/drive/v2/drives", insert, methods=["POST"]),
        Route("/drive/v2/drives", list_, methods=["GET"]),
        Route("/drive/v2/drives/{driveId}", get, methods=["GET"]),
        Route("/drive/v2/drives/{driveId}", update, methods=["PUT"]),
        Route("/drive/v2/drives/{driveId}", delete, methods=["DELETE"]),
        Route("/drive/v2/drives/{driveId}/hide", hide, methods=["POST"]),
        Route("/drive/v2/drives/{driveId}/unhide", unhide, methods=["POST"]),
        # the path's {teamDriveId}, named as v3's helpers read it
        Route("/drive/v2/teamdrives", insert_team_drive, methods=["POST"]),
        Route("/drive/v2/teamdrives", list_team_drives, methods=["GET"]),
        Route("/drive/v2/teamdrives/{driveId}", get_team_drive, methods=["GET"]),
        Route("/drive/v2/teamdrives/{driveId}", update_team_drive, methods=["PUT"]),
        Route("/drive/v2/teamdrives/{driveId}", delete_team_drive, methods=["DELETE"]),
    ]
