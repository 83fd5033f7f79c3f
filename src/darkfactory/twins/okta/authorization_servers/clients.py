"""The clients an authorization server has issued refresh tokens to, and those tokens:
``AuthorizationServerClientsApi``. Revoking one here makes the token endpoint refuse it."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.tokens import Grant
from darkfactory.twins.okta.api import authorize
from darkfactory.twins.okta.authorization_servers.owner import server_id
from darkfactory.twins.okta.refresh_tokens import oidc_client, token_id, token_routes
from darkfactory.twins.okta.state import state_of
from darkfactory.twins.okta.users.oauth_clients import token_json

BASE = "/api/v1/authorizationServers/{authServerId}/clients"
SCOPE = "okta.authorizationServers"


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
    return _refresh_tokens(call, oidc_client(call)["id"])


@operation("listOAuth2ClientsForAuthorizationServer")
def list_clients(call: Call) -> list:
    authorize(call, f"{SCOPE}.read")
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


def routes() -> list[Route]:
    names = {
        "list": "listRefreshTokensForAuthorizationServerAndClient",
        "get": "getRefreshTokenForAuthorizationServerAndClient",
        "revoke": "revokeRefreshTokenForAuthorizationServerAndClient",
        "revoke_all": "revokeRefreshTokensForAuthorizationServerAndClient",
    }
    return [
        Route(BASE, list_clients, methods=["GET"]),
        *token_routes(f"{BASE}/{{clientId}}/tokens", SCOPE, names, _client_tokens, _token_json),
    ]
