"""Google's OAuth 2.0 server: the token endpoint, the consent page, token info and revocation.

- ``POST /google/oauth2/token`` grants: ``urn:ietf:params:oauth:grant-type:jwt-bearer`` (a
  service account's RS256 assertion, verified with its public key; ``sub`` asks for domain-wide
  delegation), ``authorization_code`` (with PKCE; an ID token too when ``openid`` was asked)
  and ``refresh_token``.
- ``GET/POST /google/o/oauth2/auth`` (and ``/o/oauth2/v2/auth``): the sign-in and consent
  pages (``consent``); they redirect back with a ``code``.
- ``POST /google/oauth2/revoke``; ``tokeninfo`` and ``userinfo`` tell what a token is and whom
  it speaks for.
"""

from __future__ import annotations

import base64
import hashlib
import json

import jwt
from cryptography.hazmat.primitives import serialization
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.google import idtokens, tokeninfo, userinfo
from darkfactory.twins.google.auth import scope_url
from darkfactory.twins.google.consent import authorize
from darkfactory.twins.google.errors import OAuthError
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_LIFETIME = 3599
GOOGLE_TOKEN_URIS = (
    "https://oauth2.googleapis.com/token",
    "https://accounts.google.com/o/oauth2/token",
)


def _form(call: Call) -> dict[str, str]:
    if call.form is None:
        raise OAuthError("invalid_request", "Required parameter is missing: grant_type")
    return {k: str(v) for k, v in call.form.items()}


def mint_access_token(universe, email: str, scopes: list[str], client_id: str) -> str:
    """A fresh access token for ``email`` with ``scopes``, valid for ``TOKEN_LIFETIME``."""
    token = "ya29." + universe.ids.token("google.access", 40, MIXED_ALNUM + "-_")
    expires = universe.clock.now() + TOKEN_LIFETIME
    universe.tokens.issue(
        "google",
        token,
        email,
        scopes,
        kind="access",
        meta={"expires": expires, "client_id": client_id},
    )
    return token


def issue_access_token(call: Call, email: str, scopes: list[str], client_id: str) -> dict:
    """The token endpoint's answer granting ``email`` a fresh access token."""
    return {
        "access_token": mint_access_token(call.universe, email, scopes, client_id),
        "expires_in": TOKEN_LIFETIME,
        "scope": " ".join(scopes),
        "token_type": "Bearer",
    }


def issue_refresh_token(universe, email: str, scopes: list[str], client_id: str) -> str:
    token = "1//0" + universe.ids.token("google.refresh", 40, MIXED_ALNUM + "-_")
    universe.tokens.issue(
        "google", token, email, scopes, kind="refresh", meta={"client_id": client_id}
    )
    return token


# -- the token endpoint -------------------------------------------------------------------------
@operation("oauth2.token")
def token(call: Call) -> Response:
    form = _form(call)
    grant_type = form.get("grant_type", "")
    if grant_type == JWT_BEARER:
        answer = _jwt_bearer(call, form)
    elif grant_type == "authorization_code":
        answer = _authorization_code(call, form)
    elif grant_type == "refresh_token":
        answer = _refresh(call, form)
    elif not grant_type:
        raise OAuthError("invalid_request", "Required parameter is missing: grant_type")
    else:
        raise OAuthError("unsupported_grant_type", f"Invalid grant_type: {grant_type}")
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})


def _jwt_bearer(call: Call, form: dict[str, str]) -> dict:
    assertion = form.get("assertion", "")
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.InvalidTokenError:
        raise OAuthError(
            "invalid_grant",
            "Invalid JWT: Token must be a short-lived token "
            "(60 minutes) and in a reasonable timeframe.",
        ) from None
    key = call.universe.store.one(
        "SELECT * FROM google_service_account_keys WHERE key_id = ?", (header.get("kid", ""),)
    )
    if key is None:
        raise OAuthError("invalid_grant", "Invalid JWT Signature.")
    public = serialization.load_pem_private_key(key["private_pem"].encode(), None).public_key()
    audiences = [f"{call.twin.client_url}oauth2/token", *GOOGLE_TOKEN_URIS]
    try:
        claims = jwt.decode(
            assertion,
            public,
            algorithms=["RS256"],
            audience=audiences,
            options={"require": ["iss", "aud", "exp", "iat"]},
        )
    except jwt.InvalidSignatureError:
        raise OAuthError("invalid_grant", "Invalid JWT Signature.") from None
    except jwt.InvalidTokenError as error:
        raise OAuthError("invalid_grant", f"Invalid JWT: {error}") from None
    if claims["iss"].lower() != key["email"].lower():
        raise OAuthError("invalid_grant", "Invalid JWT Signature.")
    scopes = [scope_url(s) for s in str(claims.get("scope", "")).split()]
    if not scopes:
        raise OAuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
    email = key["email"]
    if claims.get("sub") and claims["sub"].lower() != email.lower():
        email = _delegate(call, key, claims["sub"])
    return issue_access_token(call, email, scopes, key["client_id"])


def _delegate(call: Call, key, subject: str) -> str:
    """Domain-wide delegation: the service account acts as ``subject``, a user of its domain."""
    state = call.twin.state
    user = state.active(subject)
    if not key["delegation"]:
        raise OAuthError(
            "unauthorized_client",
            "Client is unauthorized to retrieve access tokens using this method, or client not "
            "authorized for any of the scopes requested.",
            401,
        )
    if user is None or user["kind"] != "user":
        raise OAuthError("invalid_grant", "Invalid email or User ID")
    return user["email"]


def _client(call: Call, form: dict[str, str]) -> dict:
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    header = call.headers.get("authorization", "")
    if header[:6].lower() == "basic ":
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    row = call.universe.store.one(
        "SELECT * FROM google_oauth_clients WHERE client_id = ?", (client_id,)
    )
    if row is None or row["secret"] != secret:
        raise OAuthError("invalid_client", "The OAuth client was not found.", 401)
    return dict(row)


def _authorization_code(call: Call, form: dict[str, str]) -> dict:
    client = _client(call, form)
    row = call.universe.store.one(
        "SELECT * FROM google_auth_codes WHERE code = ?", (form.get("code", ""),)
    )
    if row is None or row["used"] or row["client_id"] != client["client_id"]:
        raise OAuthError("invalid_grant", "Malformed auth code.")
    call.universe.store.execute(
        "UPDATE google_auth_codes SET used = 1 WHERE code = ?", (row["code"],)
    )
    if call.universe.clock.now() - row["created"] > 600:
        raise OAuthError("invalid_grant", "Bad Request")
    if form.get("redirect_uri", "") != row["redirect_uri"]:
        raise OAuthError("redirect_uri_mismatch", "Bad Request")
    if call.twin.state.active(row["email"]) is None:
        raise OAuthError("invalid_grant", "Token has been expired or revoked.")
    if row["code_challenge"] and not _pkce_ok(row, form.get("code_verifier", "")):
        raise OAuthError("invalid_grant", "Invalid code verifier.")
    scopes = json.loads(row["scopes"])
    answer = issue_access_token(call, row["email"], scopes, client["client_id"])
    account = call.twin.state.account(row["email"])
    if "openid" in scopes and account is not None:
        answer["id_token"] = idtokens.mint(call.universe, account, client["client_id"])
    if row["access_type"] == "offline":
        answer["refresh_token"] = issue_refresh_token(
            call.universe, row["email"], scopes, client["client_id"]
        )
    return answer


def _pkce_ok(row, verifier: str) -> bool:
    if row["challenge_method"] == "S256":
        digest = hashlib.sha256(verifier.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == row["code_challenge"]
    return verifier == row["code_challenge"]


def _refresh(call: Call, form: dict[str, str]) -> dict:
    client = _client(call, form)
    grant = call.universe.tokens.lookup("google", form.get("refresh_token", ""))
    if grant is None or grant.kind != "refresh" or grant.meta["client_id"] != client["client_id"]:
        raise OAuthError("invalid_grant", "Token has been expired or revoked.")
    if call.twin.state.active(grant.principal) is None:
        raise OAuthError("invalid_grant", "Token has been expired or revoked.")
    scopes = list(grant.scopes)
    if form.get("scope"):
        asked = [scope_url(s) for s in form["scope"].split()]
        if not set(asked) <= set(scopes):
            raise OAuthError("invalid_scope", "Some requested scopes were invalid.")
        scopes = asked
    return issue_access_token(call, grant.principal, scopes, client["client_id"])


# -- revocation ---------------------------------------------------------------------------------
@operation("oauth2.revoke")
def revoke(call: Call) -> Response:
    value = call.query.get("token") or (call.form or {}).get("token", "")
    if not call.universe.tokens.revoke("google", str(value)):
        return JSONResponse(
            {"error": "invalid_token", "error_description": "Token expired or revoked"}, 400
        )
    return JSONResponse({})


def routes() -> list[Route]:
    return [
        Route("/oauth2/token", token, methods=["POST"]),
        Route("/token", token, methods=["POST"]),
        Route("/oauth2/revoke", revoke, methods=["POST"]),
        Route("/o/oauth2/auth", authorize, methods=["GET", "POST"]),
        Route("/o/oauth2/v2/auth", authorize, methods=["GET", "POST"]),
        *userinfo.routes(),
        *tokeninfo.routes(),
        *idtokens.routes(),
    ]
