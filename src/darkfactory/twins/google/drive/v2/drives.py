"""Drive v2 ``drives.*`` and the older ``teamdrives.*``: v3's shared drives (``drive.drives``)
in v2's words: ``createdDate``, lists of ``items`` paged by ``maxResults``, ``insert`` and
``update`` for create and patch; a team drive names its capabilities ``...TeamDrive...``."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google import bodies, discovery
from darkfactory.twins.google.api import body
from darkfactory.twins.google.drive import drives
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call

SCHEMAS = discovery.document("drive", "v2")["schemas"]


def _capabilities(schema: str) -> set[str]:
    return set(SCHEMAS[schema]["properties"]["capabilities"]["properties"])


CAPABILITIES = {"Drive": _capabilities("Drive"), "TeamDrive": _capabilities("TeamDrive")}


def drive_json(v3: dict, schema: str) -> dict:
    """A v3 shared drive as v2's ``Drive`` or ``TeamDrive``."""
    properties = SCHEMAS[schema]["properties"]
    if schema == "TeamDrive":
        answer = drives.team_drive_json(v3, properties, CAPABILITIES[schema])
    else:
        answer = {k: v for k, v in v3.items() if k in properties}
        caps = v3["capabilities"]
        answer["capabilities"] = {k: v for k, v in caps.items() if k in CAPABILITIES[schema]}
    return answer | {"createdDate": v3["createdTime"]}


def _metadata(call: Call, schema: str) -> dict:
    """A v2 ``Drive`` (or ``TeamDrive``) body as v3's (the same fields, less the read-only
    ones)."""
    found = bodies.check(body(call), schema, "drive", "v2")
    return {k: v for k, v in found.items() if k in ("name", "hidden", *drives.SETTABLE)}


def _naming(name: str, schema: str) -> drives.Naming:
    # the path's {teamDriveId}, named as v3's helpers read it
    return drives.Naming(
        f"drive.v2.{name}",
        f"/drive/v2/{name}",
        schema,
        "items",
        "maxResults",
        lambda v3: drive_json(v3, schema),
        lambda call: _metadata(call, schema),
        wire.partial,
        create="insert",
        update_method="PUT",
        hideable=schema == "Drive",
    )


def routes() -> list[Route]:
    named = (("drives", "Drive"), ("teamdrives", "TeamDrive"))
    return [route for name, schema in named for route in drives.routes(_naming(name, schema))]
