"""Media: uploads at ``/upload/drive/v3/files`` (simple, multipart, resumable) and downloads.

- ``uploadType=media``: the body is the content; ``multipart``: a ``multipart/related`` body of
  JSON metadata then the content; ``resumable``: the metadata starts a session whose URL comes
  back in ``Location``; chunks are ``PUT`` there with ``Content-Range: bytes a-b/total``, each
  answered ``308`` with ``Range: bytes=0-n`` until the last, which answers the file. ``PUT``
  with ``Content-Range: bytes */total`` asks how far a session got, so a client resumes after a
  failed chunk.

Uploads are the same operations as their metadata twins (``drive.files.create`` and
``drive.files.update``) and end in ``writes.create_with`` / ``writes.update_with``. Drive v2
uploads the same ways; a ``Version`` says how its metadata reads and its answer is written.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import items, writes
from darkfactory.twins.google.errors import GoogleError, bad_request, not_found
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation

CONTENT_RANGE = re.compile(r"bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)")


@dataclass(frozen=True)
class Version:
    """How a Drive version's upload reads its metadata (as v3's, given the call and the
    content's type) and answers the file."""

    metadata: Callable[[Call, dict, str | None], dict]
    answer: Callable[[Call, str, Principal], dict]


V3 = Version(metadata=lambda call, metadata, media_type: metadata, answer=items.answer)


def _multipart(call: Call) -> tuple[dict, bytes, str]:
    """The metadata, content and content type of a ``multipart/related`` upload."""
    content_type = call.headers.get("content-type", "")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + call.body
    )
    parts = list(message.iter_parts()) if message.is_multipart() else []
    if len(parts) != 2:
        raise bad_request("Bad multipart request: expected metadata and media parts.")
    try:
        metadata = json.loads(parts[0].get_payload(decode=True) or b"{}")
    except ValueError:
        raise GoogleError(400, "parseError", "Parse Error") from None
    if not isinstance(metadata, dict):
        raise GoogleError(400, "parseError", "Parse Error")
    return metadata, parts[1].get_payload(decode=True) or b"", parts[1].get_content_type()


def _json_metadata(call: Call) -> dict:
    if not call.body:
        return {}
    try:
        metadata = json.loads(call.body)
    except ValueError:
        raise GoogleError(400, "parseError", "Parse Error") from None
    if not isinstance(metadata, dict):
        raise GoogleError(400, "parseError", "Parse Error")
    return metadata


def _finish(
    call: Call,
    version: Version,
    principal: Principal,
    file_id: str | None,
    metadata: dict,
    content: bytes,
    media_type: str | None,
) -> dict:
    metadata = version.metadata(call, metadata, media_type)
    if file_id is None:
        made = writes.create_with(call, principal, metadata, content, media_type)
    else:
        made = writes.update_with(call, principal, file_id, metadata, content, media_type)
    return version.answer(call, made, principal)


def upload(call: Call, file_id: str | None, version: Version = V3) -> Response | dict:
    """An upload of any ``uploadType`` creating a file (``file_id`` None) or updating one."""
    principal = require(call)
    kind = call.query.get("uploadType")
    media_type = call.headers.get("content-type", "").split(";")[0].strip() or None
    if kind == "media":
        return _finish(call, version, principal, file_id, {}, call.body, media_type)
    if kind == "multipart":
        metadata, content, media_type = _multipart(call)
        return _finish(call, version, principal, file_id, metadata, content, media_type)
    if kind == "resumable":
        return _start_session(call, principal, file_id)
    raise GoogleError(400, "invalid", "Invalid upload type", location="uploadType")


def _start_session(call: Call, principal: Principal, file_id: str | None) -> Response:
    metadata = _json_metadata(call)
    if file_id is not None:
        items.visible(call, principal, file_id, "writer")
    total = call.headers.get("x-upload-content-length")
    if total is not None and not total.isdigit():
        raise bad_request("Invalid X-Upload-Content-Length")
    session = call.universe.ids.token("google.upload", 40, MIXED_ALNUM + "-_", prefix="AEnB2U")
    call.universe.store.insert(
        "google_drive_uploads",
        {
            "id": session,
            "email": principal.email,
            "file_id": file_id,
            "metadata": json.dumps(metadata),
            "mime_type": call.headers.get("x-upload-content-type")
            or metadata.get("mimeType")
            or "application/octet-stream",
            "total": int(total) if total else None,
            "received": b"",
            "created": call.universe.clock.now(),
        },
    )
    params = [(k, v) for k, v in call.query.multi_items() if k != "upload_id"]
    path = call.request.url.path
    location = f"{call.universe.url}{path}?{urlencode([*params, ('upload_id', session)])}"
    return Response(
        status_code=200, headers={"Location": location, "X-GUploader-UploadID": session}
    )


def chunk(call: Call, file_id: str | None, version: Version = V3) -> Response | dict:
    """One ``PUT`` to a resumable session: a chunk, the last chunk, or a status query."""
    principal = require(call)
    row = call.universe.store.one(
        "SELECT * FROM google_drive_uploads WHERE id = ?", (call.query.get("upload_id", ""),)
    )
    if row is None or row["email"].lower() != principal.email.lower() or row["file_id"] != file_id:
        raise not_found("Upload session not found or expired.")
    received = bytes(row["received"])
    total = row["total"]
    header = call.headers.get("content-range")
    if header is None:
        received, total = call.body, len(call.body)
    else:
        match = CONTENT_RANGE.fullmatch(header.strip())
        if match is None:
            raise bad_request("Invalid Content-Range header.")
        start, _, declared = match.groups()
        if declared != "*":
            total = int(declared)
        if start is not None:
            if int(start) > len(received):
                raise bad_request("The chunk does not continue the upload.")
            received = received[: int(start)] + call.body
    call.universe.store.execute(
        "UPDATE google_drive_uploads SET received = ?, total = ? WHERE id = ?",
        (received, total, row["id"]),
    )
    if total is not None and len(received) >= total:
        call.universe.store.execute("DELETE FROM google_drive_uploads WHERE id = ?", (row["id"],))
        metadata = json.loads(row["metadata"])
        content, media_type = received[:total], row["mime_type"]
        return _finish(call, version, principal, file_id, metadata, content, media_type)
    headers = {"Range": f"bytes=0-{len(received) - 1}"} if received else {}
    return Response(status_code=308, headers=headers)


@operation("drive.files.create")
def upload_create(call: Call) -> Response | dict:
    return upload(call, None)


@operation("drive.files.update")
def upload_update(call: Call) -> Response | dict:
    return upload(call, call.path_params["fileId"])


@operation("drive.files.create")
def chunk_create(call: Call) -> Response | dict:
    return chunk(call, None)


@operation("drive.files.update")
def chunk_update(call: Call) -> Response | dict:
    return chunk(call, call.path_params["fileId"])


def routes() -> list[Route]:
    return [
        Route("/upload/drive/v3/files", upload_create, methods=["POST"]),
        Route("/upload/drive/v3/files", chunk_create, methods=["PUT"]),
        Route("/upload/drive/v3/files/{fileId}", upload_update, methods=["PATCH"]),
        Route("/upload/drive/v3/files/{fileId}", chunk_update, methods=["PUT"]),
    ]
