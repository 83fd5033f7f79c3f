"""Drive v2 ``revisions.*`` and ``changes.*``: v3's content history and change log
(``drive.revisions``, ``drive.changes``) in v2's words.

A revision is ``pinned`` where v3 says ``keepForever``; a change carries its number as ``id``,
``deleted`` where v3 says ``removed``, and the file as v2 writes it. ``changes.list`` starts at
``startChangeId`` (or a ``pageToken``); ``changes.get`` shows one change by its number.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, integer
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import changes, download, paging, revisions
from darkfactory.twins.google.drive import wire as v3_wire
from darkfactory.twins.google.drive.v2 import wire
from darkfactory.twins.kit.operation import Call, operation


def revision_json(call: Call, file: dict, revision: dict) -> dict:
    v3 = v3_wire.revision_json(call, revision, revisions.is_native(file))
    path = f"files/{file['id']}/revisions/{revision['id']}"
    answer = {
        "kind": "drive#revision",
        "id": v3["id"],
        "etag": f'"{revision["id"]}"',
        "selfLink": wire.link(call, path),
        "mimeType": v3["mimeType"],
        "modifiedDate": v3["modifiedTime"],
        "pinned": v3["keepForever"],
        "published": v3["published"],
        "lastModifyingUser": wire.user_json(v3["lastModifyingUser"]),
        "lastModifyingUserName": v3["lastModifyingUser"]["displayName"],
    }
    if "size" in v3:
        answer |= {
            "fileSize": v3["size"],
            "md5Checksum": v3["md5Checksum"],
            "downloadUrl": f"{wire.link(call, path)}?alt=media",
        }
    if "originalFilename" in v3:
        answer["originalFilename"] = v3["originalFilename"]
    return answer


@operation("drive.v2.revisions.list")
def list_revisions(call: Call) -> dict:
    principal = require(call)
    file = revisions.file_of(call, principal)
    found = revisions.revisions_of(call.twin.drive, file["id"])
    chosen, token = paging.page(call, found, 200, 1000, "maxResults")
    answer = {
        "kind": "drive#revisionList",
        "etag": f'"{file["version"]}"',
        "selfLink": wire.link(call, f"files/{file['id']}/revisions"),
        "items": [revision_json(call, file, r) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "RevisionList")


@operation("drive.v2.revisions.get")
def get_revision(call: Call) -> Response | dict:
    principal = require(call)
    file = revisions.file_of(call, principal)
    revision = revisions.revision_of(call.twin.drive, file, call.path_params["revisionId"])
    if call.query.get("alt") == "media":
        return download.download(call, principal, file, revision)
    return wire.partial(call, revision_json(call, file, revision), "Revision")


def _pin(call: Call) -> dict:
    pinned = body(call, "Revision").get("pinned")
    file, revision = revisions.keep(call, require(call), pinned)
    return wire.partial(call, revision_json(call, file, revision), "Revision")


patch_revision = operation("drive.v2.revisions.patch")(_pin)
update_revision = operation("drive.v2.revisions.update")(_pin)


@operation("drive.v2.revisions.delete")
def delete_revision(call: Call) -> Response:
    revisions.remove(call, require(call))
    return Response(status_code=204)


def _change_json(call: Call, number: int, v3: dict) -> dict:
    answer = {
        "kind": "drive#change",
        "id": str(number),
        "selfLink": wire.link(call, f"changes/{number}"),
        "type": v3["type"],
        "changeType": v3["changeType"],
        "fileId": v3["fileId"],
        "deleted": v3["removed"],
        "modificationDate": v3["time"],
    }
    for key in ("file", "driveId", "teamDriveId"):
        if key in v3:
            answer[key] = v3[key]
    return answer


@operation("drive.v2.changes.getStartPageToken")
def get_start_page_token(call: Call) -> dict:
    require(call)
    token = str(changes.next_token(call.twin.drive))
    return {"kind": "drive#startPageToken", "startPageToken": token}


@operation("drive.v2.changes.list")
def list_changes(call: Call) -> dict:
    principal = require(call)
    drive = call.twin.drive
    token = call.query.get("pageToken") or call.query.get("startChangeId") or "1"
    name = "pageToken" if call.query.get("pageToken") else "startChangeId"
    size = integer(call, "maxResults", 100, 1, 1000)
    ordered = changes.since(call, principal, token, name, wire.file_json)
    answer: dict = {
        "kind": "drive#changeList",
        "selfLink": wire.link(call, "changes"),
        "largestChangeId": str(changes.next_token(drive) - 1),
        "items": [_change_json(call, number, c) for number, c in ordered[:size]],
    }
    if len(ordered) > size:
        answer["nextPageToken"] = str(ordered[size][0])
    else:
        answer["newStartPageToken"] = str(changes.next_token(drive))
    return wire.partial(call, answer, "ChangeList")


@operation("drive.v2.changes.get")
def get_change(call: Call) -> dict:
    principal = require(call)
    number = call.path_params["changeId"]
    change = changes.one(call, principal, number, wire.file_json)
    return wire.partial(call, _change_json(call, int(number), change), "Change")


def routes() -> list[Route]:
    base = "/drive/v2/files/{fileId}/revisions"
    return [
        Route(base, list_revisions, methods=["GET"]),
        Route(base + "/{revisionId}", get_revision, methods=["GET"]),
        Route(base + "/{revisionId}", patch_revision, methods=["PATCH"]),
        Route(base + "/{revisionId}", update_revision, methods=["PUT"]),
        Route(base + "/{revisionId}", delete_revision, methods=["DELETE"]),
        Route("/drive/v2/changes/startPageToken", get_start_page_token, methods=["GET"]),
        Route("/drive/v2/changes", list_changes, methods=["GET"]),
        Route("/drive/v2/changes/{changeId}", get_change, methods=["GET"]),
    ]
