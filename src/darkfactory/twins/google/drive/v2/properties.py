"""Drive v2 ``properties.*``: a file's key-value properties, each ``PUBLIC`` (v3's
``properties``) or ``PRIVATE`` to the app (v3's ``appProperties``; the default visibility).

Reading needs a reader of the file, writing a writer, as ``drive.writes`` rules for v3.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import writes
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.google.errors import invalid_parameter, not_found, required
from darkfactory.twins.kit.operation import Call, operation

SOURCES = {"PUBLIC": "properties", "PRIVATE": "appProperties"}


def _visibility(value: str | None) -> str:
    chosen = value or "PRIVATE"
    if chosen not in SOURCES:
        raise invalid_parameter("visibility", f"Invalid value for visibility: {chosen}")
    return chosen


def property_json(call: Call, file_id: str, key: str, value: str, visibility: str) -> dict:
    return {
        "kind": "drive#property",
        "etag": f'"{key}/{visibility}"',
        "selfLink": wire.link(call, f"files/{file_id}/properties/{key}?visibility={visibility}"),
        "key": key,
        "value": value,
        "visibility": visibility,
    }


def _found(call: Call, file: dict, key: str, visibility: str) -> dict:
    value = file["extra"].get(SOURCES[visibility], {}).get(key)
    if value is None:
        raise not_found(f"Property not found: key = {key} and visibility = {visibility}")
    return property_json(call, file["id"], key, value, visibility)


def _write(call: Call, key: str, value: str | None, visibility: str) -> dict:
    """Set (or with ``value`` None, remove) one property; the file after."""
    principal = require(call)
    metadata = {SOURCES[visibility]: {key: value}}
    file_id = writes.update_with(call, principal, call.path_params["fileId"], metadata, None, None)
    return call.twin.drive.file(file_id)


@operation("drive.v2.properties.list")
def list_(call: Call) -> dict:
    file = visible(call, require(call), call.path_params["fileId"])
    items = [
        property_json(call, file["id"], key, value, visibility)
        for visibility, source in SOURCES.items()
        for key, value in file["extra"].get(source, {}).items()
    ]
    answer = {
        "kind": "drive#propertyList",
        "etag": f'"{file["version"]}"',
        "selfLink": wire.link(call, f"files/{file['id']}/properties"),
        "items": items,
    }
    return wire.partial(call, answer, "PropertyList")


@operation("drive.v2.properties.get")
def get(call: Call) -> dict:
    file = visible(call, require(call), call.path_params["fileId"])
    visibility = _visibility(call.query.get("visibility"))
    found = _found(call, file, call.path_params["propertyKey"], visibility)
    return wire.partial(call, found, "Property")


@operation("drive.v2.properties.insert")
def insert(call: Call) -> dict:
    given = body(call, "Property")
    if not given.get("key"):
        raise required("key", "Required")
    visibility = _visibility(given.get("visibility"))
    file = _write(call, given["key"], str(given.get("value") or ""), visibility)
    return wire.partial(call, _found(call, file, given["key"], visibility), "Property")


def _change(call: Call) -> dict:
    given = body(call, "Property")
    key = call.path_params["propertyKey"]
    visibility = _visibility(call.query.get("visibility"))
    _found(call, visible(call, require(call), call.path_params["fileId"]), key, visibility)
    file = _write(call, key, str(given.get("value") or ""), visibility)
    return wire.partial(call, _found(call, file, key, visibility), "Property")


patch = operation("drive.v2.properties.patch")(_change)
update = operation("drive.v2.properties.update")(_change)


@operation("drive.v2.properties.delete")
def delete(call: Call) -> Response:
    key = call.path_params["propertyKey"]
    visibility = _visibility(call.query.get("visibility"))
    _found(call, visible(call, require(call), call.path_params["fileId"]), key, visibility)
    _write(call, key, None, visibility)
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/drive/v2/files/{fileId}/properties"
    return [
        Route(base, list_, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{propertyKey}", get, methods=["GET"]),
        Route(base + "/{propertyKey}", patch, methods=["PATCH"]),
        Route(base + "/{propertyKey}", update, methods=["PUT"]),
        Route(base + "/{propertyKey}", delete, methods=["DELETE"]),
    ]
