"""Authorization codes: what a sign-in hands the client back, redeemed at ``/v1/token``."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import RedirectResponse

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.sessions import browser
from darkfactory.twins.okta.state import state_of

URLSAFE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def issue(
    call: Call,
    params: dict,
    user: dict,
    server: str,
    session: dict | None = None,
    amr: tuple[str, ...] = ("pwd",),
    idp: dict | None = None,
) -> RedirectResponse:
    """Redirect to the client with a code for ``server``: through ``session`` when the browser
    has one (single sign-on), else after starting ``user``'s session, proven by ``amr`` (and
    ``idp``), whose cookie the browser is handed."""
    state = state_of(call)
    code = state.universe.ids.token("okta.code", 43, URLSAFE)
    state.db.execute(
        "INSERT INTO okta_auth_codes(code, server, client_id, user_id, redirect_uri, scopes,"
        " nonce, code_challenge, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            code,
            server,
            params["client_id"],
            user["id"],
            params["redirect_uri"],
            params["scope"],
            params["nonce"] or None,
            params["code_challenge"] or None,
            state.now(),
        ),
    )
    query = urlencode({"code": code, "state": params["state"]})
    answer = RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=302)
    if session is not None:
        target = state.user_target(user["id"])
        state.log("user.authentication.sso", "User single sign on to app", None, target)
        return answer
    return browser.begin(call, answer, user, list(amr), idp)
