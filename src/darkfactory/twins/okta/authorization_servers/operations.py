"""OIDC / OAuth 2.0 authorization servers: ``/oauth2/default`` and the org server ``/oauth2``.

Discovery, ``/v1/authorize`` (authorization code + PKCE, through the sign-in page), ``/v1/token``
(authorization_code, refresh_token, client_credentials), ``/v1/keys``, ``/v1/userinfo``,
``/v1/introspect``, ``/v1/revoke`` and ``/v1/logout``. Clients are ``OPENID_CONNECT`` apps.

A custom server grants what its access policies and rules allow (``evaluation``): the scopes, the
token lifetimes, and its custom claims in access and ID tokens.

The org server mints only the Okta API scopes granted to the app (``apps/grants``): to a user
only those an admin role of theirs also permits something under (the rest are left out of the
grant); to a service app only when it signs in with ``private_key_jwt``, and asking for one not
granted is refused. What a token may then do is decided per call (``permissions``).
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlencode

import jwt
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import api, resources
from darkfactory.twins.okta.apps import grants
from darkfactory.twins.okta.authorization_servers import codes, evaluation, scopes, servers
from darkfactory.twins.okta.authorization_servers.evaluation import Decision
from darkfactory.twins.okta.authorization_servers.keys import SigningKeys
from darkfactory.twins.okta.errors import OAuthError, OktaError, not_found
from darkfactory.twins.okta.identity_providers import signin
from darkfactory.twins.okta.policies import enforcement
from darkfactory.twins.okta.roles import permissions
from darkfactory.twins.okta.sessions import browser
from darkfactory.twins.okta.state import state_of

ACCESS_TTL = 3600
ID_TTL = 3600
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
URLSAFE = codes.URLSAFE
OIDC_SCOPES = ("openid", "profile", "email", "groups", "offline_access")


def server_of(call: Call) -> tuple[str, str, str]:
    """(server id, issuer, audience) for the server the request was made to."""
    base = call.twin.base_url
    if "server" in call.path_params:
        server = resources.document(call, servers.KIND, call.path_params["server"])
        return server["id"], f"{base}/oauth2/{server['id']}", server["document"]["audiences"][0]
    return "org", base, base


def _check_server(call: Call) -> None:
    """The org server always answers; a custom one must exist (``servers``) and be ACTIVE."""
    if "server" in call.path_params:
        server = resources.document(call, servers.KIND, call.path_params["server"])
        if server["status"] != "ACTIVE":
            raise not_found(server["id"], servers.KIND.name)


def _client(call: Call, client_id: str) -> dict:
    try:
        app = state_of(call).app(client_id)
    except OktaError as error:
        raise OAuthError(
            "invalid_client", "Invalid value for 'client_id' parameter.", 401
        ) from error
    if app["sign_on_mode"] != "OPENID_CONNECT" or app["status"] != "ACTIVE":
        raise OAuthError("invalid_client", "Invalid value for 'client_id' parameter.", 401)
    return app


def _oauth_client(app: dict) -> dict:
    return app["credentials"].get("oauthClient", {})


def _redirect_uris(app: dict) -> list[str]:
    return (app["settings"].get("oauthClient") or {}).get("redirect_uris", [])


@operation("getWellKnownOpenIDConfiguration")
def discovery(call: Call) -> dict:
    _check_server(call)
    _, issuer, _ = server_of(call)
    v1 = f"{issuer}/v1" if call.path_params.get("server") else f"{issuer}/oauth2/v1"
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{v1}/authorize",
        "token_endpoint": f"{v1}/token",
        "userinfo_endpoint": f"{v1}/userinfo",
        "jwks_uri": f"{v1}/keys",
        "introspection_endpoint": f"{v1}/introspect",
        "revocation_endpoint": f"{v1}/revoke",
        "end_session_endpoint": f"{v1}/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": scopes.published(state_of(call).db, call.path_params["server"])
        if "server" in call.path_params
        else list(OIDC_SCOPES),
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
            "none",
        ],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": [
            "iss",
            "sub",
            "aud",
            "iat",
            "exp",
            "nonce",
            "auth_time",
            "name",
            "email",
            "preferred_username",
            "groups",
        ],
    }


@operation("listAuthorizationServerKeys")
def keys(call: Call) -> dict:
    _check_server(call)
    return SigningKeys(state_of(call)).jwks()


def _authorize_params(call: Call) -> dict:
    source = call.form if call.form is not None else call.query
    params = {
        k: source.get(k, "")
        for k in (
            "client_id",
            "redirect_uri",
            "response_type",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
        )
    }
    app = _client(call, params["client_id"])
    if params["redirect_uri"] not in _redirect_uris(app):
        raise OAuthError(
            "invalid_request",
            "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
        )
    if params["response_type"] != "code":
        raise OAuthError(
            "unsupported_response_type",
            "The response type is not supported by "
            "the authorization server. Configured response types: [code].",
        )
    if "openid" not in params["scope"].split():
        raise OAuthError(
            "invalid_scope", "The authorization server does not support the requested scope."
        )
    if params["code_challenge"] and params["code_challenge_method"] != "S256":
        raise OAuthError("invalid_request", "'code_challenge_method' must be 'S256'.")
    return params


def _refused(params: dict, refused: OAuthError) -> RedirectResponse:
    """Okta's answer to a valid client's refused request: back to its redirect URI."""
    refusal = {"error": refused.code, "error_description": refused.message}
    query = urlencode({**refusal, "state": params["state"]})
    return RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=302)


@operation("authorize")
def authorize(call: Call) -> Response:
    """GET renders the sign-in page; POST checks the password and redirects with a code."""
    _check_server(call)
    params = _authorize_params(call)
    server, _, _ = server_of(call)
    if call.query.get("idp"):  # sign in through an identity provider instead
        return signin.start(call, params, server)
    state = state_of(call)
    if server != "org":
        try:
            evaluation.check_grant_type(state.app(params["client_id"]), "authorization_code")
            evaluation.check_scopes(state.db, server, params["scope"].split())
        except OAuthError as refused:
            return _refused(params, refused)
    if call.form is None:
        return _without_password(call, params, server)
    user, refusal = browser.check_password(call, params["client_id"])
    if refusal:
        return browser.refused_page(call, params, refusal)
    return _grant(call, params, user, server, amr=tuple(browser.amr_of(call)))


def _grant(call: Call, params: dict, user: dict, server: str, **how) -> Response:
    """A custom server's policies decided for ``user``, then the redirect with a code (``how``:
    the session it goes through, or what proved a new one), or the refusal."""
    if server != "org":
        try:
            app = state_of(call).app(params["client_id"])
            _decide(call, app, "authorization_code", user, params)
        except OAuthError as refused:
            return _refused(params, refused)
    return codes.issue(call, params, user, server, **how)


def _without_password(call: Call, params: dict, server: str) -> Response:
    """An authorize request with no sign-in form: single sign-on through the browser's session
    (unless ``prompt=login``), else the sign-in page, or ``login_required`` for ``prompt=none``."""
    state = state_of(call)
    prompt = call.query.get("prompt", "")
    session = browser.current(call) if prompt != "login" else None
    if session is not None:
        refusal = enforcement.sign_on_refusal(
            state.db,
            session["user_id"],
            "",
            state.now(),
            params["client_id"],
            proven=session["factor_at"] is not None,
        )
        if refusal is None:
            return _grant(call, params, state.user(session["user_id"]), server, session=session)
        if prompt != "none":
            return browser.refused_page(call, params, refusal)
    if prompt == "none":
        return _refused(
            params,
            OAuthError(
                "login_required",
                "The client specified not to prompt, but the user is not logged in.",
            ),
        )
    return page(call.request, "okta/signin.html", params=params, error=None, mfa=False)


def _client_auth(call: Call) -> dict:
    """The client making a token-type request: Basic auth, form secret, or public + PKCE."""
    form = call.form or {}
    if form.get("client_assertion_type") == JWT_BEARER:
        return _assertion_client(call, form.get("client_assertion", ""))
    client_id, secret = form.get("client_id", ""), form.get("client_secret")
    header = call.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    app = _client(call, client_id)
    expected = _oauth_client(app).get("client_secret")
    if expected is not None and secret != expected:
        raise OAuthError(
            "invalid_client",
            "The client secret supplied for a confidential client is invalid.",
            401,
        )
    return app


def _assertion_client(call: Call, assertion: str) -> dict:
    """``private_key_jwt``: the client signed an assertion with a key from its JWKS."""
    invalid = OAuthError("invalid_client", "The client_assertion token is invalid.", 401)
    try:
        client_id = jwt.decode(assertion, options={"verify_signature": False})["iss"]
        kid = jwt.get_unverified_header(assertion).get("kid")
    except (jwt.InvalidTokenError, KeyError) as error:
        raise invalid from error
    app = _client(call, client_id)
    keys = ((app["settings"].get("oauthClient") or {}).get("jwks") or {}).get("keys") or []
    if _oauth_client(app).get("token_endpoint_auth_method") != "private_key_jwt" or not keys:
        raise invalid
    key = next((k for k in keys if kid is None or k.get("kid") == kid), keys[0])
    audience = f"{call.twin.base_url}{call.request.url.path.removeprefix('/' + call.twin.name)}"
    try:
        claims = jwt.decode(assertion, jwt.PyJWK(key).key, algorithms=["RS256"], audience=audience)
    except jwt.InvalidTokenError as error:
        raise invalid from error
    if claims.get("sub") != client_id:
        raise invalid
    return app


def _decide(
    call: Call, app: dict, grant_type: str, user: dict | None, params: dict
) -> Decision | None:
    """A custom server's decision on the request (None for the org server)."""
    server, _, _ = server_of(call)
    if server == "org":
        return None
    return evaluation.decide(state_of(call), server, app, grant_type, user, params["scope"].split())


def _tokens(
    call: Call,
    app: dict,
    user: dict | None,
    scopes: list[str],
    nonce: str | None = None,
    decision: Decision | None = None,
    grant_type: str = "authorization_code",
) -> dict:
    state = state_of(call)
    signer = SigningKeys(state)
    server, issuer, audience = server_of(call)
    if user and server == "org":
        granted = grants.granted_scopes(state.db, app["id"])
        scopes = [s for s in scopes if not s.startswith("okta.") or s in granted]
        scopes = permissions.grantable(permissions.roles_of(state.db, user["id"]), scopes)
    ttl = decision.access_ttl if decision else ACCESS_TTL
    now = int(state.now())
    jti = "AT." + state.universe.ids.token("okta.jti", 32, URLSAFE)
    access_claims = {
        "ver": 1,
        "jti": jti,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl,
        "cid": app["id"],
        "scp": scopes,
        "sub": user["login"] if user else app["id"],
    }
    if user:
        access_claims |= {"uid": user["id"], "auth_time": now}
    if decision:
        custom = evaluation.claims(state, server, app, user, scopes, "RESOURCE")
        access_claims = {**custom, **access_claims}
    access = signer.sign(access_claims)
    state.universe.tokens.issue(
        "okta",
        access,
        user["id"] if user else app["id"],
        scopes,
        kind="oauth",
        meta={"server": server, "client_id": app["id"]},
    )
    answer = {
        "token_type": "Bearer",
        "expires_in": ttl,
        "access_token": access,
        "scope": " ".join(scopes),
    }
    if user and "openid" in scopes:
        answer["id_token"] = signer.sign(
            {
                "sub": user["id"],
                "ver": 1,
                "iss": issuer,
                "aud": app["id"],
                "iat": now,
                "exp": now + ID_TTL,
                "jti": "ID." + state.universe.ids.token("okta.jti", 32, URLSAFE),
                "amr": ["pwd"],
                "idp": state.universe.ids.derive("okta.org", 17),
                "auth_time": now,
                "at_hash": _at_hash(access),
                **({"nonce": nonce} if nonce else {}),
                **_user_claims(state, user, scopes, server),
                **(
                    evaluation.claims(state, server, app, user, scopes, "IDENTITY")
                    if decision
                    else {}
                ),
            }
        )
    if user and "offline_access" in scopes:
        refresh = state.universe.ids.token("okta.refresh", 43, URLSAFE)
        meta = {"server": server, "client_id": app["id"], "grant_type": grant_type}
        if decision and decision.refresh_ttl:
            meta["expires_at"] = now + decision.refresh_ttl
        state.universe.tokens.issue("okta", refresh, user["id"], scopes, kind="refresh", meta=meta)
        answer["refresh_token"] = refresh
    return answer


def _at_hash(access: str) -> str:
    digest = hashlib.sha256(access.encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def _user_claims(state, user: dict, scopes: list[str], server: str) -> dict:
    """The standard claims of the OIDC scopes granted; ``groups`` only from the org server (a
    custom server puts groups in tokens through a claim of its own)."""
    profile = user["profile"]
    claims: dict = {}
    if "profile" in scopes:
        claims |= {
            "name": f"{profile['firstName']} {profile['lastName']}",
            "preferred_username": user["login"],
            "given_name": profile["firstName"],
            "family_name": profile["lastName"],
            "updated_at": int(user["last_updated"]),
        }
    if "email" in scopes:
        claims |= {"email": profile["email"], "email_verified": True}
    if "groups" in scopes and server == "org":
        claims["groups"] = [g["profile"]["name"] for g in state.user_groups(user["id"])]
    return claims


def _pkce_ok(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


@operation("token")
def token(call: Call) -> dict:
    _check_server(call)
    form = call.form or {}
    app = _client_auth(call)
    grant = form.get("grant_type")
    state = state_of(call)
    server, _, _ = server_of(call)
    if grant == "authorization_code":
        row = state.db.one(
            "SELECT * FROM okta_auth_codes WHERE code = ? AND used = 0", (form.get("code", ""),)
        )
        if (
            row is None
            or row["client_id"] != app["id"]
            or row["server"] != server
            or row["redirect_uri"] != form.get("redirect_uri")
        ):
            raise OAuthError("invalid_grant", "The authorization code is invalid or has expired.")
        if row["code_challenge"] and not _pkce_ok(
            form.get("code_verifier", ""), row["code_challenge"]
        ):
            raise OAuthError("invalid_grant", "PKCE verification failed.")
        if not row["code_challenge"] and _oauth_client(app).get("client_secret") is None:
            raise OAuthError("invalid_request", "PKCE code verifier is required.")
        state.db.execute("UPDATE okta_auth_codes SET used = 1 WHERE code = ?", (row["code"],))
        user = state.user(row["user_id"])
        decision = _decide(call, app, grant, user, {"scope": row["scopes"]})
        return _tokens(call, app, user, row["scopes"].split(), row["nonce"], decision)
    if grant == "refresh_token":
        granted = state.universe.tokens.lookup("okta", form.get("refresh_token", ""))
        if (
            granted is None
            or granted.kind != "refresh"
            or granted.meta.get("client_id") != app["id"]
            or granted.meta.get("expires_at", float("inf")) < state.now()
        ):
            raise OAuthError("invalid_grant", "The refresh token is invalid or expired.")
        user, first = state.user(granted.principal), granted.meta.get("grant_type", grant)
        if server != "org":
            evaluation.check_grant_type(app, grant)
        decision = _decide(call, app, first, user, {"scope": " ".join(granted.scopes)})
        return _tokens(call, app, user, list(granted.scopes), None, decision, first)
    if grant == "client_credentials":
        scopes = form.get("scope", "").split()
        management = all(s.startswith("okta.") for s in scopes)
        if not scopes or "openid" in scopes or management != (server == "org"):
            raise OAuthError(
                "invalid_scope", "The authorization server does not support the requested scope."
            )
        decision = _decide(call, app, grant, None, form)
        if server == "org" and form.get("client_assertion_type") != JWT_BEARER:
            raise OAuthError(
                "invalid_client",
                "Client Credentials requests to the Org Authorization Server must use the"
                " private_key_jwt token_endpoint_auth_method.",
                401,
            )
        ungranted = sorted(set(scopes) - grants.granted_scopes(state.db, app["id"]))
        if server == "org" and ungranted:
            raise OAuthError(
                "invalid_scope",
                f"The following scopes are not granted to the client: {' '.join(ungranted)}.",
            )
        return _tokens(call, app, None, scopes, None, decision, grant)
    raise OAuthError(
        "unsupported_grant_type",
        f"The authorization grant type is not supported by the authorization server: '{grant}'.",
    )


def _bearer_grant(call: Call):
    header = call.headers.get("authorization", "")
    token_value = header[7:].strip() if header.lower().startswith("bearer ") else ""
    granted = call.universe.tokens.lookup("okta", token_value) if token_value else None
    if granted is None or granted.kind != "oauth":
        raise OAuthError("invalid_token", "The access token is invalid.", 401)
    return granted


@operation("userinfo")
def userinfo(call: Call) -> dict:
    _check_server(call)
    granted = _bearer_grant(call)
    state = state_of(call)
    user = state.user(granted.principal)
    scopes = list(granted.scopes)
    server = granted.meta.get("server", "org")
    answer = {"sub": user["id"], **_user_claims(state, user, scopes, server)}
    if server != "org":
        app = state.app(granted.meta["client_id"])
        answer |= evaluation.claims(state, server, app, user, scopes, "IDENTITY", in_token=False)
    return answer


@operation("introspect")
def introspect(call: Call) -> dict:
    _check_server(call)
    app = _client_auth(call)
    value = (call.form or {}).get("token", "")
    granted = call.universe.tokens.lookup("okta", value)
    if granted is None or granted.meta.get("client_id") != app["id"]:
        return {"active": False}
    answer = {
        "active": True,
        "scope": " ".join(granted.scopes),
        "client_id": app["id"],
        "token_type": "Bearer" if granted.kind == "oauth" else "refresh_token",
    }
    if granted.kind == "oauth":
        claims = jwt.decode(value, options={"verify_signature": False})
        answer |= {k: claims[k] for k in ("exp", "iat", "sub", "aud", "iss", "jti")}
        answer["username"] = claims["sub"]
    return answer


@operation("revoke")
def revoke(call: Call) -> Response:
    _check_server(call)
    app = _client_auth(call)
    value = (call.form or {}).get("token", "")
    granted = call.universe.tokens.lookup("okta", value)
    if granted is not None and granted.meta.get("client_id") == app["id"]:
        call.universe.tokens.revoke("okta", value)
    return Response(status_code=200)


@operation("logout")
def logout(call: Call) -> Response:
    _check_server(call)
    target = call.query.get("post_logout_redirect_uri")
    if target:
        return RedirectResponse(f"{target}?{urlencode({'state': call.query.get('state', '')})}")
    return Response(status_code=200)


def _keys_with_status(call: Call) -> list[dict]:
    """The server's keys, newest (the signing one) ACTIVE, older ones EXPIRED."""
    return [
        {**key, "status": "ACTIVE" if index == 0 else "EXPIRED"}
        for index, key in enumerate(SigningKeys(state_of(call)).jwks()["keys"])
    ]


@operation("rotateAuthorizationServerKeys")
def rotate_keys(call: Call) -> list:
    api.authorize(call, "okta.authorizationServers.manage")
    _check_server(call)
    SigningKeys(state_of(call)).rotate()
    return _keys_with_status(call)


@operation("getAuthorizationServerKey")
def get_key(call: Call) -> dict:
    api.authorize(call, "okta.authorizationServers.read")
    _check_server(call)
    for key in _keys_with_status(call):
        if key["kid"] == call.path_params["keyId"]:
            return key
    raise not_found(call.path_params["keyId"], "AuthorizationServerKey")


def routes() -> list[Route]:
    endpoints = [
        ("/v1/authorize", authorize, ["GET", "POST"]),
        ("/v1/token", token, ["POST"]),
        ("/v1/keys", keys, ["GET"]),
        ("/v1/userinfo", userinfo, ["GET", "POST"]),
        ("/v1/introspect", introspect, ["POST"]),
        ("/v1/revoke", revoke, ["POST"]),
        ("/v1/logout", logout, ["GET"]),
    ]
    found = []
    for prefix in ("/oauth2/{server}", "/oauth2"):
        found += [
            Route(prefix + path, handler, methods=methods) for path, handler, methods in endpoints
        ]
    for prefix in ("/oauth2/{server}", ""):
        found += [
            Route(f"{prefix}/.well-known/{name}", discovery, methods=["GET"])
            for name in ("openid-configuration", "oauth-authorization-server")
        ]
    credentials = "/api/v1/authorizationServers/{server}/credentials"
    return [
        *found,
        Route(f"{credentials}/lifecycle/keyRotate", rotate_keys, methods=["POST"]),
        Route(f"{credentials}/keys/{{keyId}}", get_key, methods=["GET"]),
    ]
