"""Drive v2 ``drives.*``: v3's shared drives (``drive.drives``) in v2's words: ``createdDate``,
lists of ``items`` paged by ``maxResults``, ``insert`` and ``update`` for create and patch."""

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

CAPABILITIES = discovery.document("drive", "v2")["schemas"]["Drive"]["properties"]["capabilities"]


def drive_json(v3: dict) -> dict:
    answer = {k: v for k, v in v3.items() if k not in ("createdTime", "capabilities")}
    caps = {k: v for k, v in v3["capabilities"].items() if k in CAPABILITIES["properties"]}
    return answer | {"createdDate": v3["createdTime"], "capabilities": caps}


def _answer(call: Call, principal: Principal, drive_id: str) -> dict:
    return wire.partial(call, drive_json(drives.shown(call, principal, drive_id)), "Drive")


def _metadata(call: Call) -> dict:
    """A v2 ``Drive`` body as v3's (the same fields, less the read-only ones)."""
    found = bodies.check(body(call), "Drive", "drive", "v2")
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


def routes() -> list[Route]:
    return [
        Route("/drive/v2/drives", insert, methods=["POST"]),
        Route("/drive/v2/drives", list_, methods=["GET"]),
        Route("/drive/v2/drives/{driveId}", get, methods=["GET"]),
        Route("/drive/v2/drives/{driveId}", update, methods=["PUT"]),
        Route("/drive/v2/drives/{driveId}", delete, methods=["DELETE"]),
        Route("/drive/v2/drives/{driveId}/hide", hide, methods=["POST"]),
        Route("/drive/v2/drives/{driveId}/unhide", unhide, methods=["POST"]),
    ]
