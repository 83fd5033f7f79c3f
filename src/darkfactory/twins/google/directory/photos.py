"""``directory.users.photos.*``: a user's thumbnail photo, given as web-safe base64 data.

Reading needs ``USERS_RETRIEVE``; setting or removing it, ``USERS_UPDATE`` over the user's unit.
"""

from __future__ import annotations

import base64
import binascii

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory.users import subject
from darkfactory.twins.google.directory.wire import (
    body,
    invalid,
    not_found,
    required,
    tagged,
)
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_photos (
    email TEXT PRIMARY KEY COLLATE NOCASE, mime TEXT NOT NULL, width INTEGER NOT NULL,
    height INTEGER NOT NULL, data TEXT NOT NULL
);
"""
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "BMP": "image/bmp"}


def _photo_json(account: dict, row: dict) -> dict:
    return tagged(
        {
            "kind": "admin#directory#user#photo",
            "id": account["id"],
            "primaryEmail": account["email"],
            "mimeType": row["mime"],
            "width": row["width"],
            "height": row["height"],
            "photoData": row["data"],
        }
    )


@operation("directory.users.photos.get")
def get(call: Call) -> dict:
    account = subject(call, "USERS_RETRIEVE")
    row = call.universe.store.one(
        "SELECT * FROM google_directory_photos WHERE email = ?", (account["email"],)
    )
    if row is None:
        raise not_found("photo")
    return _photo_json(account, dict(row))


def _set(call: Call) -> dict:
    account = subject(call, "USERS_UPDATE")
    given = body(call, "UserPhoto")
    data = given.get("photoData")
    if not data:
        raise required("photoData")
    try:
        base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        raise invalid("photoData") from None
    mime = MIME_TYPES.get(str(given.get("mimeType", "JPEG")).upper(), "image/jpeg")
    row = {
        "email": account["email"],
        "mime": mime,
        "width": given.get("width") or 96,
        "height": given.get("height") or 96,
        "data": data,
    }
    store = call.universe.store
    store.execute("DELETE FROM google_directory_photos WHERE email = ?", (account["email"],))
    store.insert("google_directory_photos", row)
    return _photo_json(account, row)


patch = operation("directory.users.photos.patch")(_set)
update = operation("directory.users.photos.update")(_set)


@operation("directory.users.photos.delete")
def delete(call: Call) -> Response:
    account = subject(call, "USERS_UPDATE")
    gone = call.universe.store.execute(
        "DELETE FROM google_directory_photos WHERE email = ?", (account["email"],)
    )
    if not gone.rowcount:
        raise not_found("photo")
    return Response(status_code=204)


def routes() -> list[Route]:
    path = "/admin/directory/v1/users/{userKey}/photos/thumbnail"
    return [
        Route(path, get, methods=["GET"]),
        Route(path, patch, methods=["PATCH"]),
        Route(path, update, methods=["PUT"]),
        Route(path, delete, methods=["DELETE"]),
    ]
