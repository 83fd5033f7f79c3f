"""A user's OAuth clients and refresh tokens: ``/api/v1/users/{userId}/clients/...``.

The refresh tokens are those the authorization servers issued to the user (``offline_access``);
revoking one here makes the token endpoint refuse it. Token ids are derived from the tokens, which
are never shown.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.tokens import Grant
from darkfactory.twins.okta.api import authorize, page
from darkfactory.twins.okta.errors import not_found
from darkfactory.twins.okta.state import state_of


def token_id(call: Call, grant: Grant) -> str:
    return "oar" + call.universe.ids.derive(f"okta.refresh-id:{grant.token}", 17, MIXED_ALNUM)


def _refresh_tokens(call: Call, client_id: str | None = None) -> list[Grant]:
    user = state_of(call).user(call.path_params["userId"])
    grants = call.universe.tokens.of("okta", user["id"], "refresh")
    return [g for g in grants if client_id in (None, g.meta.get("client_id"))]


def _client(call: Call) -> dict:
    app = state_of(call).app(call.path_params["clientId"])
    if app["sign_on_mode"] != "OPENID_CONNECT":
        raise not_found(call.path_params["clientId"], "OAuth2Client")
    return app


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


def _token(call: Call) -> Grant:
    _client(call)
    for grant in _refresh_tokens(call, call.path_params["clientId"]):
        if token_id(call, grant) == call.path_params["tokenId"]:
            return grant
    raise not_found(call.path_params["tokenId"], "OAuth2RefreshToken")


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


@operation("listRefreshTokensForUserAndClient")
def list_refresh_tokens_for_user_and_client(call: Call) -> Response:
    authorize(call, "okta.users.read")
    app = _client(call)
    return page(call, [token_json(call, g) for g in _refresh_tokens(call, app["id"])], 20, 200)


@operation("getRefreshTokenForUserAndClient")
def get_refresh_token_for_user_and_client(call: Call) -> dict:
    authorize(call, "okta.users.read")
    return token_json(call, _token(call))


@operation("revokeTokenForUserAndClient")
def revoke_token_for_user_and_client(call: Call) -> Response:
    authorize(call, "okta.users.manage")
    call.universe.tokens.revoke("okta", _token(call).token)
    return Response(status_code=204)


@operation("revokeTokensForUserAndClient")
def revoke_tokens_for_user_and_client(call: Call) -> Response:
    authorize(call, "okta.users.manage")
    app = _client(call)
    for grant in _refresh_tokens(call, app["id"]):
        call.universe.tokens.revoke("okta", grant.token)
    return Response(status_code=204)


def routes() -> list[Route]:
    tokens = "/api/v1/users/{userId}/clients/{clientId}/tokens"
    return [
        Route("/api/v1/users/{userId}/clients", list_user_clients, methods=["GET"]),
        Route(tokens, list_refresh_tokens_for_user_and_client, methods=["GET"]),
        Route(tokens, revoke_tokens_for_user_and_client, methods=["DELETE"]),
        Route(f"{tokens}/{{tokenId}}", get_refresh_token_for_user_and_client, methods=["GET"]),
        Route(f"{tokens}/{{tokenId}}", revoke_token_for_user_and_client, methods=["DELETE"]),
    ]
