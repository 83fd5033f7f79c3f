"""Opening a Docs Editors file (a spreadsheet, a document) for its own API, by Drive's roles.

The Sheets and Docs APIs answer in their own words: a file that does not exist is 404
``NOT_FOUND`` "Requested entity was not found."; one that exists but that the caller may not
open, or may open but not change, is 403 ``PERMISSION_DENIED`` "The caller does not have
permission"; a Drive file of another kind is 400 ``FAILED_PRECONDITION``.
"""

from __future__ import annotations

from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call

NOT_FOUND = "Requested entity was not found."
DENIED = "The caller does not have permission"


def not_found() -> GoogleError:
    return GoogleError(404, "notFound", NOT_FOUND)


def denied() -> GoogleError:
    return GoogleError(403, "forbidden", DENIED)


def open_file(call: Call, principal: Principal, file_id: str, role: str, mime_type: str) -> dict:
    """The Drive file ``file_id`` of ``mime_type``, if ``principal`` holds at least ``role``."""
    drive = call.twin.drive
    try:
        found = drive.require(principal, file_id, role)
    except GoogleError as error:
        exists = error.status != 404 or drive.file(file_id) is not None
        raise (denied() if exists else not_found()) from None
    if found["mime_type"] != mime_type:
        raise GoogleError(
            400, "failedPrecondition", "This operation is not supported for this document"
        )
    return found
