"""Who a Google UI page is shown to (``?as=EMAIL``, else the viewer cookie, else the admin), and
the access token its scripts call the APIs with on that person's behalf."""

from __future__ import annotations

from starlette.requests import Request

from darkfactory.twins.google.fixtures import ADMIN, USER_SCOPES
from darkfactory.twins.google.oauth import mint_access_token
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.state import GoogleState

VIEWER_COOKIE = "google_viewer"
UI_CLIENT = "darkfactory-ui"


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


def ui_token(twin, email: str) -> str:
    """A live access token of the UI for ``email`` (reused while it lasts), so that what a page
    does goes through the APIs, under that person's rights, and shows in the journal."""
    universe = twin.universe
    now = universe.clock.now()
    for grant in universe.tokens.of("google", email, "access"):
        if grant.meta.get("client_id") == UI_CLIENT and grant.meta["expires"] > now + 60:
            return grant.token
    with universe.store.transaction():
        return mint_access_token(universe, email, USER_SCOPES, UI_CLIENT)
