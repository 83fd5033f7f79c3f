"""An OIDC app's client secrets and JSON Web Keys: ``/api/v1/apps/{appId}/credentials/secrets``
and ``.../jwks``, each ACTIVE or INACTIVE.

They are what the token endpoint authenticates the client by: the app's ``oauthClient``
credentials follow every change, holding its newest active secret (``client_secret``) and its
active signing keys (``settings.oauthClient.jwks``, for ``private_key_jwt``). An app's first
listing adopts the secret and keys it was created with. The last active secret cannot be
deactivated; an active secret or key cannot be deleted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass

import jwt
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.collection_routes import STATUS_AFTER, collection_routes
from darkfactory.twins.okta.errors import OktaError, not_found, validation
from darkfactory.twins.okta.state import state_of

PRINTABLE = re.compile(r"^[\x20-\x7e]+$")
MAX_SECRETS = 2
MAX_KEYS = 50


@dataclass(frozen=True)
class Credential:
    """Secrets or keys."""

    kind: str  # okta_resources kind
    path: str  # "secrets"
    prefix: str  # id prefix: "ocs"
    id_param: str  # "secretId"
    names: dict[str, str]  # action -> operationId


SECRETS = Credential(
    "AppClientSecret",
    "secrets",
    "ocs",
    "secretId",
    {
        "list": "listOAuth2ClientSecrets",
        "create": "createOAuth2ClientSecret",
        "get": "getOAuth2ClientSecret",
        "delete": "deleteOAuth2ClientSecret",
        "activate": "activateOAuth2ClientSecret",
        "deactivate": "deactivateOAuth2ClientSecret",
    },
)
JWKS = Credential(
    "AppJwk",
    "jwks",
    "pks",
    "keyId",
    {
        "list": "listJwk",
        "create": "addJwk",
        "get": "getJwk",
        "delete": "deletejwk",
        "activate": "activateOAuth2ClientJsonWebKey",
        "deactivate": "deactivateOAuth2ClientJsonWebKey",
    },
)


def _oidc_app(call: Call) -> dict:
    app = state_of(call).app(call.path_params["appId"])
    if app["sign_on_mode"] != "OPENID_CONNECT":
        raise validation("appId", "Only OpenID Connect apps have client credentials")
    return app


def _insert(call: Call, credential: Credential, app_id: str, value: dict, status: str) -> str:
    state = state_of(call)
    item_id = state.new_id(credential.prefix)
    now = state.now()
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (credential.kind, item_id, status, json.dumps({"appId": app_id, **value}), now, now),
    )
    return item_id


def _items(call: Call, credential: Credential, app: dict) -> list[dict]:
    """The app's secrets or keys, adopting those it was created with on first sight."""

    def stored() -> list[dict]:
        rows = call.universe.store.all(
            "SELECT * FROM okta_resources WHERE kind = ? ORDER BY rowid", (credential.kind,)
        )
        found = [{**dict(r), "document": json.loads(r["document"])} for r in rows]
        return [r for r in found if r["document"]["appId"] == app["id"]]

    found = stored()
    adopted = call.universe.store.one(
        "SELECT 1 FROM okta_resources WHERE kind = 'AppCredentialsAdopted' AND id = ?",
        (f"{credential.kind}:{app['id']}",),
    )
    if found or adopted:
        return found
    if credential is SECRETS:
        secret = app["credentials"].get("oauthClient", {}).get("client_secret")
        originals = [{"client_secret": secret}] if secret else []
    else:
        jwks = (app["settings"].get("oauthClient") or {}).get("jwks") or {}
        originals = [{"jwk": key} for key in jwks.get("keys") or []]
    for original in originals:
        _insert(call, credential, app["id"], original, "ACTIVE")
    now = call.universe.clock.now()
    call.universe.store.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('AppCredentialsAdopted', ?, 'ACTIVE', '{}', ?, ?)",
        (f"{credential.kind}:{app['id']}", now, now),
    )
    return stored()


def _sync(call: Call, app: dict) -> None:
    """Make the app's oauthClient credentials what its active secrets and keys say."""
    secrets = [s for s in _items(call, SECRETS, app) if s["status"] == "ACTIVE"]
    keys = [k for k in _items(call, JWKS, app) if k["status"] == "ACTIVE"]
    credentials, settings = app["credentials"], app["settings"]
    client = credentials.setdefault("oauthClient", {})
    if secrets:
        client["client_secret"] = secrets[-1]["document"]["client_secret"]
    elif "client_secret" in client and client.get("token_endpoint_auth_method") != "none":
        client.pop("client_secret")
    signing = [k["document"]["jwk"] for k in keys if k["document"]["jwk"].get("use") != "enc"]
    oauth_settings = settings.setdefault("oauthClient", {})
    if signing or oauth_settings.get("jwks"):
        oauth_settings["jwks"] = {"keys": signing}
    call.universe.store.execute(
        "UPDATE okta_apps SET settings = ?, credentials = ?, last_updated = ? WHERE id = ?",
        (json.dumps(settings), json.dumps(credentials), call.universe.clock.now(), app["id"]),
    )


def _json(call: Call, credential: Credential, app_id: str, row: dict) -> dict:
    href = f"{call.twin.base_url}/api/v1/apps/{app_id}/credentials/{credential.path}/{row['id']}"
    if row["status"] == "ACTIVE":
        links = {
            "deactivate": {"href": f"{href}/lifecycle/deactivate", "hints": {"allow": ["POST"]}}
        }
    else:
        links = {
            "activate": {"href": f"{href}/lifecycle/activate", "hints": {"allow": ["POST"]}},
            "delete": {"href": href, "hints": {"allow": ["DELETE"]}},
        }
    document = row["document"]
    if credential is SECRETS:
        secret = document["client_secret"]
        digest = hashlib.sha256(secret.encode()).digest()[:16]
        shown = {
            "client_secret": secret,
            "secret_hash": base64.urlsafe_b64encode(digest).rstrip(b"=").decode(),
        }
    else:
        shown = dict(document["jwk"])
    return {
        "id": row["id"],
        **shown,
        "status": row["status"],
        "created": timestamp(row["created"]),
        "lastUpdated": timestamp(row["last_updated"]),
        "_links": links,
    }


def _new_secret(call: Call, app: dict, others: list[dict]) -> dict:
    payload = body(call)
    client = app["credentials"].get("oauthClient", {})
    if client.get("token_endpoint_auth_method") == "private_key_jwt":
        raise validation(
            "client_secret",
            "'client_secret' can't be used when 'token_endpoint_auth_method' is 'private_key_jwt'.",
        )
    if len(others) >= MAX_SECRETS:
        raise validation(
            "OAuth2ClientSecretMediated",
            "You've reached the maximum number of client secrets per client.",
        )
    secret = payload.get("client_secret")
    if secret is None:
        secret = call.universe.ids.token("okta.client-secret", 64, MIXED_ALNUM + "-_")
    if not isinstance(secret, str) or not PRINTABLE.match(secret):
        raise validation(
            "client_secret", "client_secret: 'client_secret' must only contain printable ASCII"
        )
    if not 14 <= len(secret) <= 100:
        raise validation(
            "client_secret", "client_secret: 'client_secret' must be 14 to 100 characters long."
        )
    return {"client_secret": secret}


def _new_key(call: Call, app: dict, others: list[dict]) -> dict:
    payload = body(call)
    if len(others) >= MAX_KEYS:
        raise validation("JsonWebKey", "You have reached the maximum number of keys allowed (50).")
    fields = {k: payload[k] for k in ("kid", "kty", "alg", "use", "e", "n") if payload.get(k)}
    try:
        key = jwt.PyJWK({**fields, "use": fields.get("use", "sig")}).key
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError) as error:
        raise validation("JsonWebKey", "The key must be an RSA public key (kty, e, n)") from error
    if fields.get("kty") != "RSA" or key.key_size < 2048:
        raise validation(
            "JsonWebKey",
            "RSA key length in the 'jwks' is less than '2,048' bits for the given key.",
        )
    kids = [o["document"]["jwk"].get("kid") for o in others]
    if fields.get("kid") in kids or (len(others) and not fields.get("kid")):
        raise validation("JsonWebKey", "All keys in the 'jwks' must have a unique `kid`.")
    return {"jwk": {**fields, "use": fields.get("use", "sig")}}


def _one(call: Call, credential: Credential, app: dict, wanted: str | None = None) -> dict:
    wanted = wanted or call.path_params[credential.id_param]
    for row in _items(call, credential, app):
        if row["id"] == wanted:
            return row
    raise not_found(wanted, credential.kind)


def routes_for(credential: Credential) -> list[Route]:
    def list_handler(call: Call) -> list:
        authorize(call, "okta.apps.read")
        app = _oidc_app(call)
        return [_json(call, credential, app["id"], r) for r in _items(call, credential, app)]

    def create_handler(call: Call) -> JSONResponse:
        authorize(call, "okta.apps.manage")
        app = _oidc_app(call)
        others = _items(call, credential, app)
        value = (_new_secret if credential is SECRETS else _new_key)(call, app, others)
        status = body(call).get("status") or "ACTIVE"
        if status not in ("ACTIVE", "INACTIVE"):
            raise validation("status", "status: must be ACTIVE or INACTIVE")
        item_id = _insert(call, credential, app["id"], value, status)
        _sync(call, state_of(call).app(app["id"]))
        created = _one(call, credential, app, item_id)
        return JSONResponse(_json(call, credential, app["id"], created), 201)

    def get_handler(call: Call) -> dict:
        authorize(call, "okta.apps.read")
        app = _oidc_app(call)
        return _json(call, credential, app["id"], _one(call, credential, app))

    def delete_handler(call: Call) -> Response:
        authorize(call, "okta.apps.manage")
        app = _oidc_app(call)
        row = _one(call, credential, app)
        if row["status"] == "ACTIVE":
            what = "client secret" if credential is SECRETS else "JSON Web Key"
            raise validation(
                credential.kind, f"You can't delete an active {what}. Deactivate it first."
            )
        call.universe.store.execute(
            "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (credential.kind, row["id"])
        )
        return Response(status_code=204)

    def status_handler(verb: str):
        status = STATUS_AFTER[verb]

        def handler(call: Call) -> dict:
            authorize(call, "okta.apps.manage")
            app = _oidc_app(call)
            row = _one(call, credential, app)
            active = [r for r in _items(call, credential, app) if r["status"] == "ACTIVE"]
            if (
                credential is SECRETS
                and status == "INACTIVE"
                and [r["id"] for r in active] == [row["id"]]
            ):
                raise OktaError(
                    "E0000001",
                    400,
                    "Api validation failed: OAuth2ClientSecretMediated",
                    ["You can't deactivate the only active client secret."],
                )
            call.universe.store.execute(
                "UPDATE okta_resources SET status = ?, last_updated = ? WHERE kind = ? AND id = ?",
                (status, call.universe.clock.now(), credential.kind, row["id"]),
            )
            _sync(call, state_of(call).app(app["id"]))
            return _json(call, credential, app["id"], _one(call, credential, app))

        return handler

    handlers = {
        "list": list_handler,
        "create": create_handler,
        "get": get_handler,
        "delete": delete_handler,
    }
    base = f"/api/v1/apps/{{appId}}/credentials/{credential.path}"
    return collection_routes(base, credential.id_param, credential.names, handlers, status_handler)


def routes() -> list[Route]:
    return [*routes_for(SECRETS), *routes_for(JWKS)]
