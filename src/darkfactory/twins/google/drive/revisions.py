"""``revisions.*``: a file's content history. Every upload of a blob file keeps a revision
(``alt=media`` downloads one); native files keep theirs through their own API. Reading
revisions needs ``canReadRevisions`` (writers and up), as in Drive.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import download, paging, wire
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.state import NATIVE_PREFIX, DriveState
from darkfactory.twins.google.errors import GoogleError, bad_request, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation


def _file(call: Call, principal: Principal) -> dict:
    return visible(call, principal, call.path_params["fileId"], "writer")


def _revisions(drive: DriveState, file_id: str) -> list[dict]:
    rows = drive.db.all(
        "SELECT * FROM google_drive_revisions WHERE file_id = ? ORDER BY rowid", (file_id,)
    )
    return [dict(r) for r in rows]


def _revision(drive: DriveState, file: dict, revision_id: str) -> dict:
    revisions = _revisions(drive, file["id"])
    if revision_id == "head" and revisions:
        return revisions[-1]
    for revision in revisions:
        if revision["id"] == revision_id:
            return revision
    raise not_found(f"Revision not found: {revision_id}.", location="revisionId")


def _native(file: dict) -> bool:
    return file["mime_type"].startswith(NATIVE_PREFIX)


@operation("drive.revisions.list")
def list_(call: Call) -> dict:
    principal = require(call)
    file = _file(call, principal)
    chosen, token = paging.page(call, _revisions(call.twin.drive, file["id"]), 200, 1000)
    answer = {
        "kind": "drive#revisionList",
        "revisions": [wire.revision_json(call, r, _native(file)) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "RevisionList")


@operation("drive.revisions.get")
def get(call: Call) -> Response | dict:
    principal = require(call)
    file = _file(call, principal)
    revision = _revision(call.twin.drive, file, call.path_params["revisionId"])
    if call.query.get("alt") == "media":
        return download.download(call, principal, file, revision)
    return wire.partial(call, wire.revision_json(call, revision, _native(file)), "Revision")


@operation("drive.revisions.update")
def update(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = _file(call, principal)
    revision = _revision(drive, file, call.path_params["revisionId"])
    change = body(call, "Revision")
    if "keepForever" in change:
        drive.db.execute(
            "UPDATE google_drive_revisions SET keep_forever = ? WHERE file_id = ? AND id = ?",
            (int(bool(change["keepForever"])), file["id"], revision["id"]),
        )
    revision = _revision(drive, file, revision["id"])
    return wire.partial(call, wire.revision_json(call, revision, _native(file)), "Revision")


@operation("drive.revisions.delete")
def delete(call: Call) -> Response:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = _file(call, principal)
    if _native(file):
        raise GoogleError(
            403,
            "revisionDeletionNotSupported",
            "Revisions of Docs Editors files cannot be deleted.",
        )
    revision = _revision(drive, file, call.path_params["revisionId"])
    if revision["id"] == _revisions(drive, file["id"])[-1]["id"]:
        raise bad_request("The head revision of a file cannot be deleted.", "cannotDeleteRevision")
    drive.db.execute(
        "DELETE FROM google_drive_revisions WHERE file_id = ? AND id = ?",
        (file["id"], revision["id"]),
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/drive/v3/files/{fileId}/revisions"
    return [
        Route(base, list_, methods=["GET"]),
        Route(base + "/{revisionId}", get, methods=["GET"]),
        Route(base + "/{revisionId}", update, methods=["PATCH"]),
        Route(base + "/{revisionId}", delete, methods=["DELETE"]),
    ]
