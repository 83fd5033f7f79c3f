"""Drive v2 ``apps.*``: the same apps as v3's (``drive.apps``), listed with v2's ``etag`` and
links."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import apps
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call, operation


@operation("drive.v2.apps.list")
def list_(call: Call) -> dict:
    principal = require(call)
    found, defaults = apps.listed(call, principal)
    answer = {
        "kind": "drive#appList",
        "etag": f'"{len(found)}"',
        "selfLink": wire.link(call, "apps"),
        "defaultAppIds": defaults,
        "items": found,
    }
    return wire.partial(call, answer, "AppList")


@operation("drive.v2.apps.get")
def get(call: Call) -> dict:
    return wire.partial(call, apps.one(call, require(call)), "App")


def routes() -> list[Route]:
    return [
        Route("/drive/v2/apps", list_, methods=["GET"]),
        Route("/drive/v2/apps/{appId}", get, methods=["GET"]),
    ]
