"""A user's OAuth clients and refresh tokens: ``/api/v1/users/{userId}/clients/...``.

The refresh tokens are those the authorization servers issued to the user (``offline_access``);
revoking one here makes the token endpoint refuse it. Token ids are derived from the tokens, which
are never shown.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.tokens import Grant
from darkfactory.twins.okta.api import authorize
from darkfactory.twins.okta.refresh_tokens import oidc_client, token_id, token_routes
from darkfactory.twins.okta.state import state_of


def _refresh_tokens(call: Call, client_id: str | None = None) -> list[Grant]:
    user = state_of(call).user(call.path_params["userId"])
    grants = call.universe.tokens.of("okta", user["id"], "refresh")
    return [g for g in grants if client_id in (None, g.meta.get("client_id"))]


def token_json(call: Call, grant: Grant) -> dict:
    server = grant.meta.get("server", "default")
    issuer = call.twin.base_url + ("" if server == "org" else f"/oauth2/{server}")
    users = f"{call.twin.base_url}/api/v1/users/{grant.principal}"
    href = f"{users}/clients/{grant.meta.get('client_id')}/tokens/{token_id(call, grant)}"
    return {
        "id": token_id(call, grant),
        "status": "ACTIVE",
        "clientId": grant.meta.get("client_id"),
        "userId": grant.principal,
        "issuer": issuer,
        "scopes": list(grant.scopes),
        "_links": {
            "self": {"href": href},
            "revoke": {"href": href, "hints": {"allow": ["DELETE"]}},
        },
    }


@operation("listUserClients")
def list_user_clients(call: Call) -> list:
    """The OIDC apps the user holds refresh tokens for."""
    authorize(call, "okta.users.read")
    state = state_of(call)
    client_ids = dict.fromkeys(g.meta.get("client_id") for g in _refresh_tokens(call))
    apps = [state.app(c) for c in client_ids if c]
    return [
        {
            "client_id": app["id"],
            "client_name": app["label"],
            "_links": {
                "grants": {
                    "href": f"{call.twin.base_url}/api/v1/users/"
                    f"{call.path_params['userId']}/clients/{app['id']}/grants"
                },
                "tokens": {
                    "href": f"{call.twin.base_url}/api/v1/users/"
                    f"{call.path_params['userId']}/clients/{app['id']}/tokens"
                },
            },
        }
        for app in apps
    ]


def _client_tokens(call: Call) -> list[Grant]:
    return _refresh_tokens(call, oidc_client(call)["id"])


def routes() -> list[Route]:
    names = {
        "list": "listRefreshTokensForUserAndClient",
        "get": "getRefreshTokenForUserAndClient",
        "revoke": "revokeTokenForUserAndClient",
        "revoke_all": "revokeTokensForUserAndClient",
    }
    tokens = "/api/v1/users/{userId}/clients/{clientId}/tokens"
    return [
        Route("/api/v1/users/{userId}/clients", list_user_clients, methods=["GET"]),
        *token_routes(tokens, "okta.users", names, _client_tokens, token_json),
    ]
