"""Signing in through an identity provider: ``/oauth2/v1/authorize?idp=...`` and its callback.

``start`` keeps the client's authorize request and sends the browser to the IdP's authorization
endpoint. The IdP redirects back to ``/oauth2/v1/authorize/callback``; ``callback`` redeems the
code at the IdP's token endpoint and asks its userinfo endpoint who signed in (outside any
database transaction, as real HTTP calls), then ``finish`` applies the IdP's policy: follow the
link, else match and link an Okta user, else provision one just in time; and hands the client
its authorization code as a password sign-in would.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import TWIN_KEY, Call, read_call, run
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.api import timestamp
from darkfactory.twins.okta.authorization_servers import codes
from darkfactory.twins.okta.errors import OAuthError, OktaError
from darkfactory.twins.okta.identity_providers import users
from darkfactory.twins.okta.identity_providers.operations import KIND, SIGN_IN_TYPES
from darkfactory.twins.okta.state import state_of

TRANSACTION = "IdpTransaction"  # an okta_resources kind: a sign-in waiting for its IdP
LIFETIME = 600  # seconds a sign-in may wait for the IdP's answer
TIMEOUT = 10.0


class SignInRefused(Exception):
    """Why the IdP's user may not sign in: the client hears ``access_denied``."""


def _callback_url(twin) -> str:
    return f"{twin.base_url}/oauth2/v1/authorize/callback"


def start(call: Call, params: dict, server: str) -> Response:
    """Remember the client's request and redirect the browser to the IdP."""
    idp = _active_idp(call, call.query["idp"])
    state = state_of(call)
    handle = state.universe.ids.token("okta.idp-state", 32, codes.URLSAFE)
    now = state.now()
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES (?, ?, 'ACTIVE', ?, ?, ?)",
        (TRANSACTION, handle, json.dumps({"idp": idp["id"], "server": server, **params}), now, now),
    )
    protocol = idp["document"]["protocol"]
    query = {
        "client_id": protocol["credentials"]["client"]["client_id"],
        "redirect_uri": _callback_url(call.twin),
        "response_type": "code",
        "scope": " ".join(protocol["scopes"]),
        "state": handle,
    }
    return RedirectResponse(
        f"{protocol['endpoints']['authorization']['url']}?{urlencode(query)}", 302
    )


def _active_idp(call: Call, idp_id: str) -> dict:
    try:
        idp = resources.document(call, KIND, idp_id)
    except OktaError as error:
        raise OAuthError("invalid_request", "The identity provider is not valid.") from error
    if idp["status"] != "ACTIVE" or idp["document"]["type"] not in SIGN_IN_TYPES:
        raise OAuthError("invalid_request", "The identity provider is not active.")
    return idp


async def callback(request: Request) -> Response:
    """The IdP's redirect back: redeem its code, learn the user, then ``finish``."""
    params = dict(request.query_params)
    if request.method == "POST":
        params |= {k: str(v) for k, v in (await request.form()).items()}
    twin = request.scope[TWIN_KEY]
    row = twin.universe.store.one(
        "SELECT document, created FROM okta_resources WHERE kind = ? AND id = ?",
        (TRANSACTION, params.get("state", "")),
    )
    call = await read_call(request, "authorizeCallback")
    if row is None or twin.universe.clock.now() - row["created"] > LIFETIME:
        return await run(call, _unknown_state)
    waiting = json.loads(row["document"])
    try:
        claims, tokens = await _ask_idp(twin, waiting["idp"], params)
    except SignInRefused as refusal:
        reason = str(refusal)
        return await run(call, lambda c: _refuse(c, params["state"], waiting, reason))
    return await run(call, lambda c: finish(c, params["state"], waiting, claims, tokens))


def _unknown_state(call: Call) -> Response:
    raise OAuthError("invalid_request", "The sign-in request is unknown or has expired.")


async def _ask_idp(twin, idp_id: str, params: dict) -> tuple[dict, dict]:
    """Redeem the IdP's code and ask who signed in: (the user's claims, the IdP's tokens)."""
    if params.get("error") or not params.get("code"):
        raise SignInRefused(params.get("error_description") or "The IdP refused the sign-in.")
    row = twin.universe.store.one(
        "SELECT document FROM okta_resources WHERE kind = ? AND id = ?", (KIND.name, idp_id)
    )
    protocol = json.loads(row["document"])["protocol"]
    client = protocol["credentials"]["client"]
    endpoints = protocol["endpoints"]
    async with httpx.AsyncClient(timeout=TIMEOUT) as http:
        answer = await http.post(
            endpoints["token"]["url"],
            data={
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": _callback_url(twin),
            },
            auth=(client["client_id"], client.get("client_secret") or ""),
        )
        if answer.status_code != 200 or "access_token" not in answer.json():
            raise SignInRefused("The IdP did not redeem its authorization code.")
        tokens = answer.json()
        if "userInfo" not in endpoints:
            raise SignInRefused("The IdP has no userinfo endpoint to learn the user from.")
        info = await http.get(
            endpoints["userInfo"]["url"],
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
    if info.status_code != 200 or not info.json().get("sub"):
        raise SignInRefused("The IdP did not say who signed in.")
    return info.json(), tokens


def _forget(call: Call, handle: str) -> None:
    call.universe.store.execute(
        "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (TRANSACTION, handle)
    )


def _back_to_client(call: Call, handle: str, waiting: dict, query: dict) -> Response:
    _forget(call, handle)
    query = {**query, "state": waiting["state"]}
    return RedirectResponse(f"{waiting['redirect_uri']}?{urlencode(query)}", 302)


def _refuse(call: Call, handle: str, waiting: dict, reason: str) -> Response:
    state = state_of(call)
    target = {"id": waiting["idp"], "type": KIND.name}
    state.log("user.authentication.auth_via_IDP", reason, None, target, outcome="FAILURE")
    error = {"error": "access_denied", "error_description": reason}
    return _back_to_client(call, handle, waiting, error)


def _match(state, policy: dict, claims: dict) -> dict | None:
    """The Okta user the IdP's user matches under the IdP's ``subject`` policy."""
    subject = policy["subject"]
    username = claims.get(subject["userNameTemplate"]["template"].removeprefix("idpuser."))
    email = str(claims.get("email") or "").lower()
    if subject["matchType"] in ("USERNAME", "USERNAME_OR_EMAIL") and username:
        found = state.find_user(str(username))
        if found is not None:
            return found
    if subject["matchType"] in ("EMAIL", "USERNAME_OR_EMAIL") and email:
        return next((u for u in state.users() if u["profile"]["email"].lower() == email), None)
    return None


def _provision(state, policy: dict, claims: dict) -> dict:
    """A user made just in time from the IdP's claims, in the policy's groups."""
    template = policy["subject"]["userNameTemplate"]["template"].removeprefix("idpuser.")
    login = str(claims.get(template) or "")
    email = str(claims.get("email") or login)
    profile = {
        "login": login,
        "email": email,
        "firstName": claims.get("given_name") or email.split("@")[0],
        "lastName": claims.get("family_name") or email.split("@")[0],
    }
    groups = policy["provisioning"]["groups"]
    user = state.create_user(profile, activate=False, group_ids=groups.get("assignments", []))
    # A federated user has no Okta password, yet is ACTIVE: the IdP vouches for them.
    return state._move(user, "ACTIVE", "user.lifecycle.activate", "Activate Okta user", None)


def finish(call: Call, handle: str, waiting: dict, claims: dict, tokens: dict) -> Response:
    """Apply the IdP's policy to the signed-in IdP user and answer the client."""
    state = state_of(call)
    try:
        idp = _active_idp(call, waiting["idp"])
    except OAuthError as error:
        return _refuse(call, handle, waiting, error.message)
    policy = idp["document"]["policy"]
    user_id = users.linked_user(state, idp["id"], claims["sub"])
    user = state.user(user_id) if user_id else _match(state, policy, claims)
    if user is not None and user_id is None and policy["accountLink"]["action"] != "AUTO":
        return _refuse(call, handle, waiting, "Account linking is disabled for this IdP.")
    if user is None:
        if policy["provisioning"]["action"] != "AUTO":
            return _refuse(call, handle, waiting, "No Okta user matches, and JIT is disabled.")
        user = _provision(state, policy, claims)
    if user["status"] != "ACTIVE":
        return _refuse(call, handle, waiting, "The user is not active.")
    groups = policy["provisioning"]["groups"]
    if groups["action"] in ("APPEND", "SYNC"):
        for group_id in groups.get("assignments", []):
            state.add_member(group_id, user["id"])
    users.link(state, idp["id"], user["id"], claims["sub"], claims, [_social(state, tokens)])
    state.log(
        "user.authentication.auth_via_IDP",
        "Authenticate user via IDP",
        None,
        state.user_target(user["id"]),
    )
    _forget(call, handle)
    source = {"id": idp["id"], "type": "FEDERATION"}
    return codes.issue(call, waiting, user, waiting["server"], amr=("pwd",), idp=source)


def _social(state, tokens: dict) -> dict:
    """The IdP's access token as Okta lists it among a user's social auth tokens."""
    expires = state.now() + int(tokens.get("expires_in") or 3600)
    return {
        "id": state.new_id("sat"),
        "token": tokens["access_token"],
        "tokenType": "urn:ietf:params:oauth:token-type:access_token",
        "tokenAuthScheme": tokens.get("token_type") or "Bearer",
        "scopes": str(tokens.get("scope") or "").split(),
        "expiresAt": timestamp(expires),
    }


def routes() -> list[Route]:
    return [
        Route("/oauth2/v1/authorize/callback", callback, methods=["GET", "POST"]),
    ]
