"""Drive v2 ``files.*``: the v3 rules (``drive.files``, ``drive.writes``) in v2's words.

``insert``/``patch``/``update`` (also with media, under ``/upload/drive/v2/files``), ``get``,
``list`` (``q``, ``maxResults``, ``pageToken``), ``copy``, ``delete``, ``trash``/``untrash``,
``emptyTrash``, ``touch``, ``generateIds`` and ``export``, each on the same files as v3.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, flag, integer
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import files as v3
from darkfactory.twins.google.drive import formats, listing, media, writes
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.roles import Access
from darkfactory.twins.google.drive.state import NATIVE_PREFIX
from darkfactory.twins.google.drive.v2 import search, wire
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call, operation


def answer(call: Call, file_id: str, principal: Principal) -> dict:
    drive = call.twin.drive
    return described(call, drive.file(file_id), drive.access(principal))


def described(call: Call, file: dict, access: Access) -> dict:
    """``answer`` for a file already read, as ``access`` sees it."""
    return wire.partial(call, wire.file_json(call, file, access), "File")


def upload_metadata(call: Call, metadata: dict, media_type: str | None) -> dict:
    """An upload's v2 metadata as v3's; ``convert=true`` asks for the native type the
    content's type imports to (a CSV becomes a spreadsheet), unless a type is named."""
    found = wire.metadata_in(metadata)
    targets = formats.IMPORTS.get(media_type or "")
    if (
        flag(call, "convert")
        and targets
        and not found.get("mimeType", "").startswith(NATIVE_PREFIX)
    ):
        found["mimeType"] = targets[0]
    return found


V2 = media.Version(metadata=upload_metadata, answer=answer)


@operation("drive.v2.files.insert")
def insert(call: Call) -> dict:
    principal = require(call)
    metadata = wire.metadata_in(body(call))
    return answer(call, writes.create_with(call, principal, metadata, None, None), principal)


@operation("drive.v2.files.get")
def get(call: Call) -> Response | dict:
    return v3.file_or_content(call, described)


@operation("drive.v2.files.list")
def list_(call: Call) -> dict:
    principal = require(call)
    q = search.query(call.query.get("q", ""))
    order = search.order(call.query.get("orderBy", ""))
    chosen, token, access = listing.matching(call, principal, q, order, "maxResults")
    found = {
        "kind": "drive#fileList",
        "selfLink": wire.link(call, "files"),
        "incompleteSearch": False,
        "items": [wire.file_json(call, f, access) for f in chosen],
    }
    if token:
        found |= {"nextPageToken": token, "nextLink": wire.link(call, f"files?pageToken={token}")}
    return wire.partial(call, found, "FileList")


def _update(call: Call, metadata: dict) -> dict:
    principal = require(call)
    file_id = writes.update_with(call, principal, call.path_params["fileId"], metadata, None, None)
    return answer(call, file_id, principal)


@operation("drive.v2.files.patch")
def patch(call: Call) -> dict:
    return _update(call, wire.metadata_in(body(call)))


@operation("drive.v2.files.update")
def update(call: Call) -> dict:
    return _update(call, wire.metadata_in(body(call)))


@operation("drive.v2.files.trash")
def trash(call: Call) -> dict:
    return _update(call, {"trashed": True})


@operation("drive.v2.files.untrash")
def untrash(call: Call) -> dict:
    return _update(call, {"trashed": False})


@operation("drive.v2.files.touch")
def touch(call: Call) -> dict:
    principal = require(call)
    file = visible(call, principal, call.path_params["fileId"], "writer")
    call.twin.drive.touch(file["id"], principal)
    return answer(call, file["id"], principal)


@operation("drive.v2.files.copy")
def copy(call: Call) -> dict:
    principal = require(call)
    metadata = wire.metadata_in(body(call))
    return answer(
        call, v3.copy_file(call, principal, call.path_params["fileId"], metadata), principal
    )


@operation("drive.v2.files.delete")
def delete(call: Call) -> Response:
    v3.delete_file(call, require(call), call.path_params["fileId"])
    return Response(status_code=204)


@operation("drive.v2.files.emptyTrash")
def empty_trash(call: Call) -> Response:
    v3.empty_trash_of(call, require(call))
    return Response(status_code=204)


@operation("drive.v2.files.generateIds")
def generate_ids(call: Call) -> dict:
    principal = require(call)
    space, ids = v3.generated_ids(call, principal, integer(call, "maxResults", 10, 1, 1000))
    return {"kind": "drive#generatedIds", "space": space, "ids": ids}


@operation("drive.v2.files.export")
def export(call: Call) -> Response:
    return v3.export_file(call, require(call))


@operation("drive.v2.files.insert")
def upload_insert(call: Call) -> Response | dict:
    return media.upload(call, None, V2)


@operation("drive.v2.files.insert")
def chunk_insert(call: Call) -> Response | dict:
    return media.chunk(call, None, V2)


@operation("drive.v2.files.update")
def upload_update(call: Call) -> Response | dict:
    """``PUT`` carries both a media update and a resumable session's chunks (``upload_id``)."""
    file_id = call.path_params["fileId"]
    if "upload_id" in call.query:
        return media.chunk(call, file_id, V2)
    return media.upload(call, file_id, V2)


def routes() -> list[Route]:
    return [
        Route("/drive/v2/files", insert, methods=["POST"]),
        Route("/drive/v2/files", list_, methods=["GET"]),
        Route("/drive/v2/files/trash", empty_trash, methods=["DELETE"]),
        Route("/drive/v2/files/generateIds", generate_ids, methods=["GET"]),
        Route("/drive/v2/files/{fileId}", get, methods=["GET"]),
        Route("/drive/v2/files/{fileId}", patch, methods=["PATCH"]),
        Route("/drive/v2/files/{fileId}", update, methods=["PUT"]),
        Route("/drive/v2/files/{fileId}", delete, methods=["DELETE"]),
        Route("/drive/v2/files/{fileId}/copy", copy, methods=["POST"]),
        Route("/drive/v2/files/{fileId}/trash", trash, methods=["POST"]),
        Route("/drive/v2/files/{fileId}/untrash", untrash, methods=["POST"]),
        Route("/drive/v2/files/{fileId}/touch", touch, methods=["POST"]),
        Route("/drive/v2/files/{fileId}/export", export, methods=["GET"]),
        Route("/upload/drive/v2/files", upload_insert, methods=["POST"]),
        Route("/upload/drive/v2/files", chunk_insert, methods=["PUT"]),
        Route("/upload/drive/v2/files/{fileId}", upload_update, methods=["PUT"]),
    ]
