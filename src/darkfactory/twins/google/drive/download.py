"""Downloads (``alt=media``): a blob's content, whole or a ``Range: bytes=a-b`` of it.

A satisfiable range answers ``206`` with ``Content-Range``; an unsatisfiable one ``416``. Native
files (Docs, Sheets) have no content to download: Drive's 403 ``fileNotDownloadable`` points to
export instead.
"""

from __future__ import annotations

import re

from starlette.responses import Response

from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.google.drive.state import NATIVE_PREFIX
from darkfactory.twins.google.errors import forbidden
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call

RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def download(
    call: Call, principal: Principal, file: dict, revision: dict | None = None
) -> Response:
    """``alt=media``: the content of a blob file (or of one of its revisions), with ranges."""
    drive = call.twin.drive
    if file["mime_type"].startswith(NATIVE_PREFIX):
        raise forbidden(
            "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
            "fileNotDownloadable",
        )
    role = drive.role_of(principal, file["id"])
    if file["copy_requires_writer"] and not at_least(role, "writer"):
        raise forbidden(
            "The user does not have permission to download this file.", "cannotDownloadFile"
        )
    source = revision or drive.head(file["id"]) or {"content": b"", "mime_type": file["mime_type"]}
    content = bytes(source["content"])
    mime = file["mime_type"] if revision is None else source["mime_type"]
    asked = RANGE.match(call.headers.get("range", "").strip())
    if asked is None or asked.groups() == ("", ""):
        return Response(content, media_type=mime)
    first, last = asked.groups()
    size = len(content)
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return Response(status_code=416, headers={"Content-Range": f"bytes */{size}"})
    return Response(
        content[start : end + 1],
        status_code=206,
        media_type=mime,
        headers={"Content-Range": f"bytes {start}-{end}/{size}"},
    )
