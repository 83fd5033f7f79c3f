"""App tokens: ``/api/v1/apps/{appId}/tokens``, the refresh tokens an app holds for its users.

A refresh token is listed while it can still be redeemed; revoking it here is final, as
``/v1/revoke`` is: the app can no longer refresh with it.
"""

from __future__ import annotations

import hashlib
import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, page
from darkfactory.twins.okta.errors import not_found
from darkfactory.twins.okta.state import state_of


def token_id(value: str) -> str:
    """A refresh token's id: stable, and telling nothing of the token itself."""
    return "oar" + hashlib.sha256(value.encode()).hexdigest()[:17]


def _tokens(call: Call, app_id: str) -> list[dict]:
    rows = call.universe.store.all(
        "SELECT * FROM kit_tokens WHERE twin = 'okta' AND kind = 'refresh' AND revoked = 0"
        " ORDER BY rowid"
    )
    found = [{**dict(r), "meta": json.loads(r["meta"])} for r in rows]
    return [t for t in found if t["meta"].get("client_id") == app_id]


def _token_json(call: Call, app_id: str, row: dict) -> dict:
    base = call.twin.base_url
    server = row["meta"].get("server", "org")
    issuer = base if server == "org" else f"{base}/oauth2/{server}"
    href = f"{base}/api/v1/apps/{app_id}/tokens/{token_id(row['token'])}"
    scopes = json.loads(row["scopes"])
    answer = {
        "id": token_id(row["token"]),
        "status": "ACTIVE",
        "issuer": issuer,
        "clientId": app_id,
        "userId": row["principal"],
        "scopes": scopes,
        "_links": {
            "app": {"href": f"{base}/api/v1/apps/{app_id}"},
            "self": {"href": href},
            "revoke": {"href": href, "hints": {"allow": ["DELETE"]}},
            "client": {"href": f"{base}/oauth2/v1/clients/{app_id}"},
            "user": {"href": f"{base}/api/v1/users/{row['principal']}"},
            "authorizationServer": {"href": f"{base}/api/v1/authorizationServers/{server}"},
        },
    }
    if "scope" in ",".join(call.query.getlist("expand")).split(","):
        answer["_embedded"] = {"scopes": [{"name": s} for s in scopes]}
    return answer


def _token(call: Call) -> tuple[str, dict]:
    app = state_of(call).app(call.path_params["appId"])
    for row in _tokens(call, app["id"]):
        if token_id(row["token"]) == call.path_params["tokenId"]:
            return app["id"], row
    raise not_found(call.path_params["tokenId"], "OAuth2RefreshToken")


@operation("listOAuth2TokensForApplication")
def list_tokens(call: Call) -> Response:
    authorize(call, "okta.apps.read")
    app = state_of(call).app(call.path_params["appId"])
    shown = [_token_json(call, app["id"], t) for t in _tokens(call, app["id"])]
    return page(call, shown, 20, 200)


@operation("getOAuth2TokenForApplication")
def get_token(call: Call) -> dict:
    authorize(call, "okta.apps.read")
    app_id, row = _token(call)
    return _token_json(call, app_id, row)


def _revoke(call: Call, rows: list[dict]) -> Response:
    for row in rows:
        call.universe.tokens.revoke("okta", row["token"])
    return Response(status_code=204)


@operation("revokeOAuth2TokenForApplication")
def revoke_token(call: Call) -> Response:
    authorize(call, "okta.apps.manage")
    return _revoke(call, [_token(call)[1]])


@operation("revokeOAuth2TokensForApplication")
def revoke_tokens(call: Call) -> Response:
    authorize(call, "okta.apps.manage")
    app = state_of(call).app(call.path_params["appId"])
    return _revoke(call, _tokens(call, app["id"]))


def routes() -> list[Route]:
    tokens = "/api/v1/apps/{appId}/tokens"
    return [
        Route(tokens, list_tokens, methods=["GET"]),
        Route(tokens, revoke_tokens, methods=["DELETE"]),
        Route(f"{tokens}/{{tokenId}}", get_token, methods=["GET"]),
        Route(f"{tokens}/{{tokenId}}", revoke_token, methods=["DELETE"]),
    ]
