"""``files.download`` and ``operations.get``: a download prepared as a long-running operation.

``files.download`` checks that the caller may download the file (or the revision, or the export
format, asked) and answers a finished operation whose ``downloadUri`` fetches the content with
the caller's token: ``alt=media`` for a blob (a revision's for ``revisionId``), ``export`` in
``mimeType`` (PDF by default) for a Docs or Sheets file. ``mimeType`` suits Docs Editors files
alone, ``revisionId`` blobs alone. ``operations.get`` reads the operation back for 24 hours, to
its maker only.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import revisions, wire
from darkfactory.twins.google.drive.formats import EXPORTS, PDF
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.google.drive.state import NATIVE_PREFIX, DriveState
from darkfactory.twins.google.errors import GoogleError, forbidden, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation

LIFETIME = 24 * 3600
RESPONSE_TYPE = "type.googleapis.com/google.apps.drive.v3.DownloadFileResponse"


def _invalid(message: str, location: str) -> GoogleError:
    return GoogleError(400, "invalid", message, location=location)


def _download_uri(call: Call, principal: Principal, file: dict) -> str:
    """Where the content the request asks for is fetched, once the caller may have it."""
    drive: DriveState = call.twin.drive
    base = f"{call.twin.client_url}drive/v3/files/{file['id']}"
    mime_type, revision_id = call.query.get("mimeType"), call.query.get("revisionId")
    if file["mime_type"].startswith(NATIVE_PREFIX):
        formats = EXPORTS.get(file["mime_type"])
        if not formats:
            raise forbidden(
                "Only files with binary content can be downloaded.", "fileNotDownloadable"
            )
        if revision_id:
            raise _invalid("Downloading a revision of this file is not supported.", "revisionId")
        target = mime_type or PDF
        if target not in formats:
            raise _invalid(f"Unsupported export MIME type: {target}", "mimeType")
        return f"{base}/export?{urlencode({'mimeType': target})}"
    if mime_type:
        raise _invalid("mimeType can only be set for Google Workspace documents.", "mimeType")
    role = drive.role_of(principal, file["id"])
    if file["copy_requires_writer"] and not at_least(role, "writer"):
        raise forbidden(
            "The user does not have permission to download this file.", "cannotDownloadFile"
        )
    if not revision_id:
        return f"{base}?alt=media"
    if not at_least(role, "writer"):
        raise forbidden(
            "The user does not have sufficient permissions for this file.",
            "insufficientFilePermissions",
        )
    revision = revisions.revision_of(drive, file, revision_id)
    return f"{base}/revisions/{revision['id']}?alt=media"


def _operation_json(row) -> dict:
    return {
        "name": row["name"],
        "done": True,
        "response": {
            "@type": RESPONSE_TYPE,
            "downloadUri": row["download_uri"],
            "partialDownloadAllowed": False,
        },
    }


@operation("drive.files.download")
def download(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = visible(call, principal, call.path_params["fileId"])
    row = {
        "name": call.universe.ids.token("google.operation", 32, MIXED_ALNUM),
        "email": principal.email,
        "download_uri": _download_uri(call, principal, file),
        "created": drive.now(),
    }
    drive.db.insert("google_drive_operations", row)
    return wire.partial(call, _operation_json(row), "Operation")


@operation("drive.operations.get")
def get(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    name = call.path_params["name"]
    row = drive.db.one("SELECT * FROM google_drive_operations WHERE name = ?", (name,))
    fresh = row is not None and drive.now() - row["created"] < LIFETIME
    if not fresh or row["email"].lower() != principal.email.lower():
        raise not_found(f"Operation not found: {name}", location="name")
    return wire.partial(call, _operation_json(row), "Operation")


def routes() -> list[Route]:
    return [
        Route("/drive/v3/files/{fileId}/download", download, methods=["POST"]),
        Route("/drive/v3/operations/{name:path}", get, methods=["GET"]),
    ]
