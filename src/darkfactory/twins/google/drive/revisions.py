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


def file_of(call: Call, principal: Principal) -> dict:
    return visible(call, principal, call.path_params["fileId"], "writer")


def revisions_of(drive: DriveState, file_id: str) -> list[dict]:
    rows = drive.db.all(
        "SELECT * FROM google_drive_revisions WHERE file_id = ? ORDER BY rowid", (file_id,)
    )
    return [dict(r) for r in rows]


def revision_of(drive: DriveState, file: dict, revision_id: str) -> dict:
    revisions = revisions_of(drive, file["id"])
    if revision_id == "head" and revisions:
        return revisions[-1]
    for revision in revisions:
        if revision["id"] == revision_id:
            return revision
    raise not_found(f"Revision not found: {revision_id}.", location="revisionId")


def is_native(file: dict) -> bool:
    return file["mime_type"].startswith(NATIVE_PREFIX)


@operation("drive.revisions.list")
def list_(call: Call) -> dict:
    principal = require(call)
    file = file_of(call, principal)
    chosen, token = paging.page(call, revisions_of(call.twin.drive, file["id"]), 200, 1000)
    answer = {
        "kind": "drive#revisionList",
        "revisions": [wire.revision_json(call, r, is_native(file)) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "RevisionList")


@operation("drive.revisions.get")
def get(call: Call) -> Response | dict:
    principal = require(call)
    file = file_of(call, principal)
    revision = revision_of(call.twin.drive, file, call.path_params["revisionId"])
    if call.query.get("alt") == "media":
        return download.download(call, principal, file, revision)
    return wire.partial(call, wire.revision_json(call, revision, is_native(file)), "Revision")


@operation("drive.revisions.update")
def update(call: Call) -> dict:
    file, revision = keep(call, require(call), body(call, "Revision").get("keepForever"))
    return wire.partial(call, wire.revision_json(call, revision, is_native(file)), "Revision")


def keep(call: Call, principal: Principal, keep_forever: bool | None) -> tuple[dict, dict]:
    """Mark the named revision kept forever or not (None: leave it); the file and revision."""
    drive: DriveState = call.twin.drive
    file = file_of(call, principal)
    revision = revision_of(drive, file, call.path_params["revisionId"])
    if keep_forever is not None:
        drive.db.execute(
            "UPDATE google_drive_revisions SET keep_forever = ? WHERE file_id = ? AND id = ?",
            (int(bool(keep_forever)), file["id"], revision["id"]),
        )
    return file, revision_of(drive, file, revision["id"])


@operation("drive.revisions.delete")
def delete(call: Call) -> Response:
    remove(call, require(call))
    return Response(status_code=204)


def remove(call: Call, principal: Principal) -> None:
    """Delete the named revision of a blob file (never its head, nor a native file's)."""
    drive: DriveState = call.twin.drive
    file = file_of(call, principal)
    if is_native(file):
        raise GoogleError(
            403,
            "revisionDeletionNotSupported",
            "Revisions of Docs Editors files cannot be deleted.",
        )
    revision = revision_of(drive, file, call.path_params["revisionId"])
    if revision["id"] == revisions_of(drive, file["id"])[-1]["id"]:
        raise bad_request("The head revision of a file cannot be deleted.", "cannotDeleteRevision")
    drive.db.execute(
        "DELETE FROM google_drive_revisions WHERE file_id = ? AND id = ?",
        (file["id"], revision["id"]),
    )


def routes() -> list[Route]:
    base = "/drive/v3/files/{fileId}/revisions"
    return [
        Route(base, list_, methods=["GET"]),
        Route(base + "/{revisionId}", get, methods=["GET"]),
        Route(base + "/{revisionId}", update, methods=["PATCH"]),
        Route(base + "/{revisionId}", delete, methods=["DELETE"]),
    ]
