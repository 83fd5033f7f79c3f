"""IdP keys: ``/api/v1/idps/credentials/keys``, the X.509 certificates an org trusts IdPs by.

A key is uploaded as an ``x5c`` certificate and shown as a JWK; one an IdP trusts (its
``protocol.credentials.trust.kid``) cannot be deleted.
"""

from __future__ import annotations

import json
import uuid

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import certificates
from darkfactory.twins.okta.api import authorize, body, page
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

PATH = "/api/v1/idps/credentials/keys"


def _key(call: Call, kid: str | None = None) -> dict:
    kid = kid or call.path_params["kid"]
    row = call.universe.store.one(
        "SELECT * FROM okta_resources WHERE kind = 'IdpKey' AND id = ?", (kid,)
    )
    if row is None:
        raise not_found(kid, "IdpKey")
    return dict(row)


def _json(row: dict) -> dict:
    certificate = certificates.read(json.loads(row["document"])["x5c"])
    return certificates.jwk(row["id"], certificate, row["created"], row["last_updated"])


def _x5c(call: Call) -> list[str]:
    x5c = body(call).get("x5c")
    certificates.read(x5c)
    return x5c


@operation("createIdentityProviderKey")
def create(call: Call) -> dict:
    authorize(call, "okta.idps.manage")
    x5c = _x5c(call)
    state = state_of(call)
    kid = str(uuid.UUID(state.universe.ids.token("okta.idp-key", 32, "0123456789abcdef")))
    now = state.now()
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('IdpKey', ?, 'ACTIVE', ?, ?, ?)",
        (kid, json.dumps({"x5c": x5c}), now, now),
    )
    return _json(_key(call, kid))


@operation("listIdentityProviderKeys")
def list_keys(call: Call) -> Response:
    authorize(call, "okta.idps.read")
    rows = call.universe.store.all(
        "SELECT * FROM okta_resources WHERE kind = 'IdpKey' ORDER BY rowid"
    )
    return page(call, [_json(dict(r)) for r in rows], 20, 200, key="kid")


@operation("getIdentityProviderKey")
def get(call: Call) -> dict:
    authorize(call, "okta.idps.read")
    return _json(_key(call))


@operation("replaceIdentityProviderKey")
def replace(call: Call) -> dict:
    authorize(call, "okta.idps.manage")
    found = _key(call)
    call.universe.store.execute(
        "UPDATE okta_resources SET document = ?, last_updated = ? WHERE kind = 'IdpKey' AND id = ?",
        (json.dumps({"x5c": _x5c(call)}), call.universe.clock.now(), found["id"]),
    )
    return _json(_key(call))


@operation("deleteIdentityProviderKey")
def delete(call: Call) -> Response:
    authorize(call, "okta.idps.manage")
    found = _key(call)
    rows = call.universe.store.all(
        "SELECT document FROM okta_resources WHERE kind = 'IdentityProvider'"
    )
    for row in rows:
        trust = json.loads(row["document"])["protocol"].get("credentials", {}).get("trust", {})
        if trust.get("kid") == found["id"]:
            raise validation("kid", "kid: An identity provider trusts this key")
    call.universe.store.execute(
        "DELETE FROM okta_resources WHERE kind = 'IdpKey' AND id = ?", (found["id"],)
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    return [
        Route(PATH, create, methods=["POST"]),
        Route(PATH, list_keys, methods=["GET"]),
        Route(f"{PATH}/{{kid}}", get, methods=["GET"]),
        Route(f"{PATH}/{{kid}}", replace, methods=["PUT"]),
        Route(f"{PATH}/{{kid}}", delete, methods=["DELETE"]),
    ]
