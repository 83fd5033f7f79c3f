"""OAuth v2 install: the consent page at ``/slack/oauth/v2/authorize`` and the codes it issues.

A browser sent to the authorize URL (as slack_bolt's install page does) sees which app asks for
which bot and user scopes, picks the workspace user who approves, and presses Allow or Cancel.
Allow redirects to the app's redirect URL with a single-use ``code`` (ten minutes to live) and
the ``state`` it was given; Cancel redirects with ``error=access_denied``. The code is traded for
tokens by ``oauth.v2.access`` (``methods/oauth.py``). Sign in with Slack uses the same page at
``/slack/openid/connect/authorize`` (space-separated ``openid email profile`` scopes and a
``nonce``); its code is traded by ``openid.connect.token`` (``methods/openid.py``). Signing in
there goes through the org's SSO (``sso.py``, when the workspace is connected to an identity
provider), or with email and password (``sign_in_with=email_password``) for the people
``admin.auth.policy.*`` allows to.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.kit.ids import HEX
from darkfactory.twins.slack.apps import KNOWN_BOT_SCOPES, KNOWN_USER_SCOPES
from darkfactory.twins.slack.methods.admin_auth import may_use_password
from darkfactory.twins.slack.state import PEOPLE, SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

CODE_TTL_S = 600
OPENID_SCOPES = {"openid", "email", "profile"}
KEY_ID = "slack-twin-1"


class ConsentError(ValueError):
    """Why the authorize page cannot go on (Slack shows these as an error page)."""


def scopes_of(text: str | None, known: set[str]) -> list[str]:
    wanted = list(dict.fromkeys(s.strip() for s in (text or "").split(",") if s.strip()))
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise ConsentError(f"invalid_scope: {', '.join(unknown)}")
    return wanted


def app_by_client_id(state: SlackState, client_id: str | None) -> sqlite3.Row | None:
    if not client_id:
        return None
    return state.db.one("SELECT * FROM slack_apps WHERE client_id = ?", (client_id,))


def redirect_target(app: sqlite3.Row, asked: str | None) -> str:
    """The URL to send the browser back to: the one asked for, if the app allows it."""
    allowed = json.loads(app["redirect_urls"])
    if asked:
        if allowed and not any(asked.startswith(url) for url in allowed):
            raise ConsentError("bad_redirect_uri")
        return asked
    if not allowed:
        raise ConsentError("no_redirect_uri: the app has no redirect URL")
    return allowed[0]


def issue_code(
    state: SlackState,
    app: sqlite3.Row,
    user_id: str,
    scopes: list[str],
    user_scopes: list[str],
    redirect_uri: str | None,
    nonce: str | None = None,
) -> str:
    number = state.universe.ids.derive("slack.team-number", 12, "0123456789")
    code = f"{number}.{int(state.now())}.{state.universe.ids.token('slack.oauth-code', 64, HEX)}"
    state.db.insert(
        "slack_oauth_codes",
        {
            "code": code,
            "app_id": app["id"],
            "user_id": user_id,
            "scopes": json.dumps(scopes),
            "user_scopes": json.dumps(user_scopes),
            "redirect_uri": redirect_uri,
            "expires": state.now() + CODE_TTL_S,
            "nonce": nonce,
        },
    )
    return code


def with_query(url: str, params: dict[str, str]) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


def refuse(request: Request, error: str) -> Response:
    response = page(request, "slack/authorize.html", error=error)
    response.status_code = 400
    return response


SingleSignOn = Callable[[Any, str], Response | None]


def routes(twin: SlackTwin, single_sign_on: SingleSignOn) -> list[Route]:
    """The consent pages; ``single_sign_on(params, redirect)`` hands a sign-in to the org's
    identity provider (a redirect), or answers None when the workspace has no SSO."""
    state = twin.state

    def consent(params: Any, openid: bool) -> dict[str, Any]:
        app = app_by_client_id(state, params.get("client_id"))
        if app is None:
            raise ConsentError("invalid_client_id")
        if state.db.one(
            "SELECT 1 FROM slack_app_resolutions WHERE app_id = ? AND resolution = 'restricted'",
            (app["id"],),
        ):
            raise ConsentError("app_restricted: an admin has restricted this app")
        if openid:
            wanted = scopes_of(str(params.get("scope") or "").replace(" ", ","), OPENID_SCOPES)
            if "openid" not in wanted:
                raise ConsentError("invalid_scope: openid is required")
            scopes, user_scopes = [], wanted
        else:
            scopes = scopes_of(params.get("scope"), KNOWN_BOT_SCOPES)
            user_scopes = scopes_of(params.get("user_scope"), KNOWN_USER_SCOPES)
        return {
            "app": app,
            "scopes": scopes,
            "user_scopes": user_scopes,
            "redirect": redirect_target(app, params.get("redirect_uri")),
        }

    def people() -> list[sqlite3.Row]:
        return state.db.all(
            f"SELECT id, name, real_name FROM slack_users WHERE {PEOPLE} AND deleted = 0 "
            "ORDER BY is_primary_owner DESC, real_name"
        )

    async def authorize(request: Request) -> Response:
        params = request.query_params if request.method == "GET" else await request.form()
        openid = request.url.path.endswith("/openid/connect/authorize")
        try:
            with state.db.transaction():
                asked = consent(params, openid)
                if not (asked["scopes"] or asked["user_scopes"]):
                    raise ConsentError("invalid_scope: no scopes requested")
        except ConsentError as error:
            return refuse(request, str(error))
        if request.method == "GET":
            return page(
                request,
                "slack/authorize.html",
                **asked,
                params=dict(request.query_params),
                people=people(),
                chosen=request.cookies.get("slack_viewer"),
            )
        back = {"state": params["state"]} if params.get("state") else {}
        if params.get("decision") != "allow":
            denied = with_query(asked["redirect"], {"error": "access_denied", **back})
            return RedirectResponse(denied, 302)
        if openid and params.get("sign_in_with") != "email_password":
            with state.db.transaction():
                handed = single_sign_on(params, asked["redirect"])
            if handed is not None:
                return handed
        with state.db.transaction():
            user = state.db.one(
                "SELECT id FROM slack_users WHERE id = ? AND is_bot = 0 AND deleted = 0",
                (params.get("user"),),
            )
            if user is None:
                return refuse(request, "user_not_found")
            if (
                openid
                and params.get("sign_in_with") == "email_password"
                and not may_use_password(state, user["id"])
            ):
                return refuse(request, "sso_required: sign in through your organization's SSO")
            code = issue_code(
                state,
                asked["app"],
                user["id"],
                asked["scopes"],
                asked["user_scopes"],
                params.get("redirect_uri") or None,
                params.get("nonce") if openid else None,
            )
        return RedirectResponse(with_query(asked["redirect"], {"code": code, **back}), 302)

    async def keys(request: Request) -> Response:
        with state.db.transaction():
            return JSONResponse(signing_keys(state))

    return [
        Route("/oauth/v2/authorize", authorize, methods=["GET", "POST"]),
        Route("/openid/connect/authorize", authorize, methods=["GET", "POST"]),
        Route("/openid/connect/keys", keys, methods=["GET"]),
    ]


def _private_key(state: SlackState) -> str:
    """The PEM of the key that signs Sign in with Slack's id_tokens, made on first use."""
    pem = state.db.setting("slack.openid_key")
    if pem is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        state.db.set_setting("slack.openid_key", pem)
    return pem


def sign_id_token(state: SlackState, claims: dict[str, Any]) -> str:
    return jwt.encode(claims, _private_key(state), algorithm="RS256", headers={"kid": KEY_ID})


def signing_keys(state: SlackState) -> dict[str, Any]:
    """The JWKS at ``/slack/openid/connect/keys``, as at slack.com/openid/connect/keys."""
    public = serialization.load_pem_private_key(_private_key(state).encode(), None).public_key()
    jwk = json.loads(RSAAlgorithm.to_jwk(public))
    return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}
