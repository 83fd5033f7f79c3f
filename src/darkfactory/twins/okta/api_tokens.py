"""API tokens: ``/api/v1/api-tokens``, the org's SSWS tokens, their metadata and revocation.

A token is the kit's credential; Okta's view of it (id, name, network restriction) lives in
``okta_api_tokens``. Revoking a token, or the caller's own (``current``), ends it at once: the
next request with it is answered E0000011.
"""

from __future__ import annotations

import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import network_zones, resources
from darkfactory.twins.okta.api import authorize, body, grant_of, page, timestamp
from darkfactory.twins.okta.errors import not_found, validation

TOKEN_WINDOW = "P30D"
WINDOW_S = 30 * 24 * 3600
CONNECTIONS = ("ANYWHERE", "ZONE")


def register(state, token: str, user_id: str, name: str, client_name: str = "Okta API") -> str:
    """Record Okta's metadata for an issued SSWS ``token``; returns its id."""
    token_id, now = state.new_id("00T"), state.now()
    state.db.execute(
        "INSERT INTO okta_api_tokens(id, token, user_id, name, client_name, network, created,"
        " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            token_id,
            token,
            user_id,
            name,
            client_name,
            json.dumps({"connection": "ANYWHERE"}),
            now,
            now,
        ),
    )
    return token_id


def _live(call: Call) -> list:
    rows = call.universe.store.all("SELECT * FROM okta_api_tokens ORDER BY rowid")
    return [r for r in rows if call.universe.tokens.lookup("okta", r["token"]) is not None]


def _token(call: Call):
    token_id = call.path_params["apiTokenId"]
    for row in _live(call):
        if row["id"] == token_id:
            return row
    raise not_found(token_id, "ApiToken")


def token_json(call: Call, row) -> dict:
    href = f"{call.twin.base_url}/api/v1/api-tokens/{row['id']}"
    return {
        "id": row["id"],
        "name": row["name"],
        "userId": row["user_id"],
        "clientName": row["client_name"],
        "tokenWindow": TOKEN_WINDOW,
        "network": json.loads(row["network"]),
        "created": timestamp(row["created"]),
        "lastUpdated": timestamp(row["last_updated"]),
        "expiresAt": timestamp(row["last_updated"] + WINDOW_S),
        "_links": {
            "self": {"href": href, "hints": {"allow": ["GET", "DELETE", "PUT"]}},
            "user": {"href": f"{call.twin.base_url}/api/v1/users/{row['user_id']}"},
        },
    }


@operation("listApiTokens")
def list_api_tokens(call: Call) -> Response:
    authorize(call, "okta.apiTokens.read")
    return page(call, [token_json(call, r) for r in _live(call)], 20, 200)


@operation("getApiToken")
def get_api_token(call: Call) -> dict:
    authorize(call, "okta.apiTokens.read")
    return token_json(call, _token(call))


@operation("upsertApiToken")
def upsert_api_token(call: Call) -> dict:
    """Rename a token or restrict the networks it may be used from."""
    authorize(call, "okta.apiTokens.manage")
    row, payload = _token(call), body(call)
    network = payload.get("network") or json.loads(row["network"])
    if network.get("connection") not in CONNECTIONS:
        raise validation("network.connection", "connection: must be ANYWHERE or ZONE")
    for zone_id in [*(network.get("include") or []), *(network.get("exclude") or [])]:
        resources.document(call, network_zones.KIND, zone_id)
    call.universe.store.execute(
        "UPDATE okta_api_tokens SET name = ?, network = ?, last_updated = ? WHERE id = ?",
        (
            payload.get("name") or row["name"],
            json.dumps(network),
            call.universe.clock.now(),
            row["id"],
        ),
    )
    return token_json(call, _token(call))


def _revoke(call: Call, row) -> Response:
    call.universe.tokens.revoke("okta", row["token"])
    call.twin.state.log(
        "system.api_token.revoke",
        "Revoke API token",
        None,
        {"id": row["id"], "type": "Token", "alternateId": "unknown", "displayName": row["name"]},
    )
    return Response(status_code=204)


@operation("revokeApiToken")
def revoke_api_token(call: Call) -> Response:
    authorize(call, "okta.apiTokens.manage")
    return _revoke(call, _token(call))


@operation("revokeCurrentApiToken")
def revoke_current_api_token(call: Call) -> Response:
    """Any token may end itself, whatever its admin's roles."""
    grant = grant_of(call)
    row = call.universe.store.one("SELECT * FROM okta_api_tokens WHERE token = ?", (grant.token,))
    if row is None:
        call.universe.tokens.revoke("okta", grant.token)
        return Response(status_code=204)
    return _revoke(call, row)


def routes() -> list[Route]:
    one = "/api/v1/api-tokens/{apiTokenId}"
    return [
        Route("/api/v1/api-tokens", list_api_tokens, methods=["GET"]),
        Route("/api/v1/api-tokens/current", revoke_current_api_token, methods=["DELETE"]),
        Route(one, get_api_token, methods=["GET"]),
        Route(one, upsert_api_token, methods=["PUT"]),
        Route(one, revoke_api_token, methods=["DELETE"]),
    ]
