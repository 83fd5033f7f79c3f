"""A client's refresh tokens as Okta lists, reads and revokes them, under a user or a server.

Token ids are derived from the tokens, which are never shown; revoking one makes the token
endpoint refuse it.
"""

from __future__ import annotations

from collections.abc import Callable

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


def oidc_client(call: Call) -> dict:
    """The OIDC app named by ``clientId`` in the path (E0000007 for any other app)."""
    app = state_of(call).app(call.path_params["clientId"])
    if app["sign_on_mode"] != "OPENID_CONNECT":
        raise not_found(call.path_params["clientId"], "OAuth2Client")
    return app


def token_routes(
    path: str,
    scope: str,
    names: dict[str, str],
    tokens: Callable[[Call], list[Grant]],
    shown: Callable[[Call, Grant], dict],
) -> list[Route]:
    """List (paged) and revoke all of ``tokens`` at ``path``; get and revoke one at
    ``path/{tokenId}``. ``names`` maps list, get, revoke and revoke_all to operationIds;
    reading needs ``scope.read``, revoking ``scope.manage``."""

    def one(call: Call) -> Grant:
        for grant in tokens(call):
            if token_id(call, grant) == call.path_params["tokenId"]:
                return grant
        raise not_found(call.path_params["tokenId"], "OAuth2RefreshToken")

    def revoke(call: Call, grants: list[Grant]) -> Response:
        for grant in grants:
            call.universe.tokens.revoke("okta", grant.token)
        return Response(status_code=204)

    @operation(names["list"])
    def list_tokens(call: Call) -> Response:
        authorize(call, f"{scope}.read")
        return page(call, [shown(call, g) for g in tokens(call)], 20, 200)

    @operation(names["get"])
    def get_token(call: Call) -> dict:
        authorize(call, f"{scope}.read")
        return shown(call, one(call))

    @operation(names["revoke"])
    def revoke_token(call: Call) -> Response:
        authorize(call, f"{scope}.manage")
        return revoke(call, [one(call)])

    @operation(names["revoke_all"])
    def revoke_tokens(call: Call) -> Response:
        authorize(call, f"{scope}.manage")
        return revoke(call, tokens(call))

    return [
        Route(path, list_tokens, methods=["GET"]),
        Route(path, revoke_tokens, methods=["DELETE"]),
        Route(f"{path}/{{tokenId}}", get_token, methods=["GET"]),
        Route(f"{path}/{{tokenId}}", revoke_token, methods=["DELETE"]),
    ]
