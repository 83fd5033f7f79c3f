"""Who a Google UI page is shown to: ``?as=EMAIL``, else the viewer cookie, else the admin."""

from __future__ import annotations

from starlette.requests import Request

from darkfactory.twins.google.fixtures import ADMIN
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.state import GoogleState

VIEWER_COOKIE = "google_viewer"


def viewer_account(request: Request, state: GoogleState) -> dict:
    """The account of the user the page is shown to (the admin for anyone else asked for, or
    for a suspended user, who cannot sign in)."""
    wanted = request.query_params.get("as") or request.cookies.get(VIEWER_COOKIE) or ADMIN
    account = state.active(wanted)
    return account if account and account["kind"] == "user" else state.account(ADMIN)


def viewer(request: Request, state: GoogleState) -> Principal:
    return state.principal(viewer_account(request, state)["email"])


def shown_file(request: Request, twin, file_id: str, mime_type: str) -> dict | None:
    """The Drive file a native-file page shows, if it is of ``mime_type`` and the viewer holds a
    role on it; None otherwise (the page answers 404)."""
    file = twin.drive.file(file_id)
    if file is None or file["mime_type"] != mime_type:
        return None
    return file if twin.drive.role_of(viewer(request, twin.state), file_id) is not None else None
