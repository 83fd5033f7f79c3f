"""Who a Google UI page is shown to: ``?as=EMAIL``, else the viewer cookie, else the admin."""

from __future__ import annotations

from starlette.requests import Request

from darkfactory.twins.google.fixtures import ADMIN
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.state import GoogleState

VIEWER_COOKIE = "google_viewer"


def viewer(request: Request, state: GoogleState) -> Principal:
    wanted = request.query_params.get("as") or request.cookies.get(VIEWER_COOKIE) or ADMIN
    account = state.account(wanted)
    return state.principal(account["email"] if account and account["kind"] == "user" else ADMIN)
