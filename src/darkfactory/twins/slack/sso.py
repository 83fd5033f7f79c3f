"""Single sign-on through an OpenID Connect identity provider (an Okta org), as an org with SSO.

``POST /slack/_sso`` (a setup route) connects the workspace to an OIDC app of the IdP:
``{"client_id", "client_secret", "org_url"}`` (``org_url`` defaults to this universe's Okta
twin); ``GET`` shows the connection, ``DELETE`` removes it. While connected, choosing single
sign-on on the Sign in with Slack page (``oauth.py``) keeps the app's request and sends the
browser to the IdP's org authorization server (``/oauth2/v1/authorize``), whose redirect URI is
``/slack/sso/callback``. The callback redeems the IdP's code and asks its userinfo endpoint who
signed in (outside any database transaction, as real HTTP calls), then signs in the Slack person
with the same email: the app gets its code as after any sign-in. Whom the IdP refuses (by its
sign-on policy, say) never comes back to Slack; an error it sends back reaches the app as
``access_denied``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.slack.oauth import SingleSignOn, issue_code, refuse, with_query
from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

SETTING = "slack.sso"
LIFETIME = 600  # seconds a sign-in may wait for the IdP's answer
TIMEOUT = 10.0
KEPT = ("client_id", "redirect_uri", "scope", "state", "nonce")

SSO_SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_sso_sign_ins (
    handle TEXT PRIMARY KEY, request TEXT NOT NULL, created REAL NOT NULL
);
"""


class SignInRefused(Exception):
    """Why the IdP's answer signs nobody in: the app hears ``access_denied``."""


def connection(state: SlackState) -> dict[str, str] | None:
    """The IdP the workspace signs in through, or None without SSO. Without an ``org_url`` of
    its own it is this universe's Okta twin, wherever the universe is served now."""
    idp = state.db.setting(SETTING)
    if idp is None:
        return None
    return {"org_url": f"{state.universe.url}/okta", **idp}


def callback_url(twin: SlackTwin) -> str:
    return f"{twin.base_url}/sso/callback"


def handoff(twin: SlackTwin) -> SingleSignOn:
    """The sign-in page's hook: with SSO connected, keep the app's request (and the redirect it
    resolved to) and send the browser to the IdP's authorize endpoint."""
    state = twin.state

    def start(params: Any, redirect: str) -> Response | None:
        idp = connection(state)
        if idp is None:
            return None
        handle = state.universe.ids.token("slack.sso-state", 32, MIXED_ALNUM)
        request = {key: str(params.get(key) or "") for key in KEPT} | {"redirect": redirect}
        state.db.insert(
            "slack_sso_sign_ins",
            {"handle": handle, "request": json.dumps(request), "created": state.now()},
        )
        query = {
            "client_id": idp["client_id"],
            "redirect_uri": callback_url(twin),
            "response_type": "code",
            "scope": "openid email profile",
            "state": handle,
        }
        return RedirectResponse(f"{idp['org_url']}/oauth2/v1/authorize?{urlencode(query)}", 302)

    return start


async def _who_signed_in(twin: SlackTwin, idp: dict, params: dict) -> str:
    """Redeem the IdP's code and ask its userinfo endpoint: the signed-in person's email."""
    if params.get("error") or not params.get("code"):
        raise SignInRefused(params.get("error_description") or "The IdP refused the sign-in.")
    async with httpx.AsyncClient(timeout=TIMEOUT) as http:
        tokens = await http.post(
            f"{idp['org_url']}/oauth2/v1/token",
            data={
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": callback_url(twin),
            },
            auth=(idp["client_id"], idp["client_secret"]),
        )
        if tokens.status_code != 200 or "access_token" not in tokens.json():
            raise SignInRefused("The IdP did not redeem its authorization code.")
        info = await http.get(
            f"{idp['org_url']}/oauth2/v1/userinfo",
            headers={"Authorization": f"Bearer {tokens.json()['access_token']}"},
        )
    email = info.json().get("email") if info.status_code == 200 else None
    if not email:
        raise SignInRefused("The IdP did not say who signed in.")
    return str(email)


def routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    async def setup(request: Request) -> Response:
        if request.method == "DELETE":
            with state.db.transaction():
                state.db.set_setting(SETTING, None)
        elif request.method == "POST":
            try:
                body = json.loads(await request.body() or b"{}")
            except ValueError:
                body = None
            fields = ("client_id", "client_secret")
            if not isinstance(body, dict) or not all(
                isinstance(body.get(k), str) and body[k] for k in fields
            ):
                return JSONResponse(
                    {"ok": False, "error": "client_id and client_secret are required"}, 400
                )
            idp = {k: body[k] for k in fields}
            if body.get("org_url"):
                idp["org_url"] = str(body["org_url"]).rstrip("/")
            with state.db.transaction():
                state.db.set_setting(SETTING, idp)
        idp = connection(state)
        shown = {"org_url": idp["org_url"], "client_id": idp["client_id"]} if idp else None
        return JSONResponse({"ok": True, "sso": shown, "redirect_uri": callback_url(twin)})

    async def callback(request: Request) -> Response:
        params = dict(request.query_params)
        with state.db.transaction():
            row = state.db.one(
                "SELECT * FROM slack_sso_sign_ins WHERE handle = ?", (params.get("state", ""),)
            )
            idp = connection(state)
        if row is None or idp is None or state.now() - row["created"] > LIFETIME:
            return refuse(request, "invalid_state: the sign-in is unknown or has expired")
        asked = json.loads(row["request"])
        back = {"state": asked["state"]} if asked["state"] else {}
        try:
            email = await _who_signed_in(twin, idp, params)
        except SignInRefused:
            email = None
        with state.db.transaction():
            state.db.execute("DELETE FROM slack_sso_sign_ins WHERE handle = ?", (row["handle"],))
            if email is None:
                denied = with_query(asked["redirect"], {"error": "access_denied", **back})
                return RedirectResponse(denied, 302)
            user = state.db.one(
                "SELECT id FROM slack_users WHERE lower(email) = lower(?) AND is_bot = 0 "
                "AND deleted = 0",
                (email,),
            )
            if user is None:
                return refuse(request, "user_not_found: no one in the workspace has that email")
            app = state.db.one(
                "SELECT * FROM slack_apps WHERE client_id = ?", (asked["client_id"],)
            )
            if app is None:
                return refuse(request, "invalid_client_id")
            scopes = asked["scope"].split()
            code = issue_code(
                state,
                app,
                user["id"],
                [],
                scopes,
                asked["redirect_uri"] or None,
                asked["nonce"] or None,
            )
        return RedirectResponse(with_query(asked["redirect"], {"code": code, **back}), 302)

    return [
        Route("/_sso", setup, methods=["GET", "POST", "DELETE"]),
        Route("/sso/callback", callback, methods=["GET"]),
    ]
