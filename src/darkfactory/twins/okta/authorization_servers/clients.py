"""The clients an authorization server has issued refresh tokens to, and those tokens:
``AuthorizationServerClientsApi``. Revoking one here makes the token endpoint refuse it."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.tokens import Grant
from darkfactory.twins.okta.api import authorize, page
from darkfactory.twins.okta.authorization_servers.owner import server_id
from darkfactory.twins.okta.errors import not_found
from darkfactory.twins.okta.state import state_of
from darkfactory.twins.okta.users.oauth_clients import token_id, token_json

BASE = "/api/v1/authorizationServers/{authServerId}/clients"


def _refresh_tokens(call: Call, client_id: str | None = None) -> list[Grant]:
    """The live refresh tokens the server in the path issued (to ``client_id``)."""
    server = server_id(call)
    rows = call.universe.store.all(
        "SELECT token FROM kit_tokens WHERE twin = 'okta' AND kind = 'refresh' AND revoked = 0"
        " AND json_extract(meta, '$.server') = ? ORDER BY rowid",
        (server,),
    )
    grants = [g for r in rows if (g := call.universe.tokens.lookup("okta", r["token"]))]
    return [g for g in grants if client_id in (None, g.meta.get("client_id"))]


def _href(call: Call, grant: Grant) -> str:
    base = call.twin.base_url + BASE.format(authServerId=call.path_params["authServerId"])
    return f"{base}/{grant.meta.get('client_id')}/tokens/{token_id(call, grant)}"


def _token_json(call: Call, grant: Grant) -> dict:
    href = _href(call, grant)
    links = {"self": {"href": href}, "revoke": {"href": href, "hints": {"allow": ["DELETE"]}}}
    return {**token_json(call, grant), "_links": links}


def _client_tokens(call: Call) -> list[Grant]:
    app = state_of(call).app(call.path_params["clientId"])
    if app["sign_on_mode"] != "OPENID_CONNECT":
        raise not_found(call.path_params["clientId"], "OAuth2Client")
    return _refresh_tokens(call, app["id"])


def _token(call: Call) -> Grant:
    for grant in _client_tokens(call):
        if token_id(call, grant) == call.path_params["tokenId"]:
            return grant
    raise not_found(call.path_params["tokenId"], "OAuth2RefreshToken")


@operation("listOAuth2ClientsForAuthorizationServer")
def list_clients(call: Call) -> list:
    authorize(call, "okta.authorizationServers.read")
    state = state_of(call)
    client_ids = dict.fromkeys(g.meta.get("client_id") for g in _refresh_tokens(call))
    base = call.twin.base_url + BASE.format(authServerId=call.path_params["authServerId"])
    return [
        {
            "client_id": app["id"],
            "client_name": app["label"],
            "_links": {"tokens": {"href": f"{base}/{app['id']}/tokens"}},
        }
        for app in (state.app(c) for c in client_ids if c)
    ]


@operation("listRefreshTokensForAuthorizationServerAndClient")
def list_tokens(call: Call) -> Response:
    authorize(call, "okta.authorizationServers.read")
    return page(call, [_token_json(call, g) for g in _client_tokens(call)], 20, 200)


@operation("getRefreshTokenForAuthorizationServerAndClient")
def get_token(call: Call) -> dict:
    authorize(call, "okta.authorizationServers.read")
    return _token_json(call, _token(call))


@operation("revokeRefreshTokenForAuthorizationServerAndClient")
def revoke_token(call: Call) -> Response:
    authorize(call, "okta.authorizationServers.manage")
    call.universe.tokens.revoke("okta", _token(call).token)
    return Response(status_code=204)


@operation("revokeRefreshTokensForAuthorizationServerAndClient")
def revoke_tokens(call: Call) -> Response:
    authorize(call, "okta.authorizationServers.manage")
    for grant in _client_tokens(call):
        call.universe.tokens.revoke("okta", grant.token)
    return Response(status_code=204)


def routes() -> list[Route]:
    tokens = f"{BASE}/{{clientId}}/tokens"
    return [
        Route(BASE, list_clients, methods=["GET"]),
        Route(tokens, list_tokens, methods=["GET"]),
        Route(tokens, revoke_tokens, methods=["DELETE"]),
        Route(f"{tokens}/{{tokenId}}", get_token, methods=["GET"]),
        Route(f"{tokens}/{{tokenId}}", revoke_token, methods=["DELETE"]),
    ]
