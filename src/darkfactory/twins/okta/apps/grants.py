"""App grants: ``/api/v1/apps/{appId}/grants``, the Okta API scopes an admin consented to on an
app's behalf.

A grant names an Okta API scope (``okta.users.read``) at the org authorization server (the
``issuer``, the org's URL); an app holds each scope once. Revoking a grant removes it. A service
app's client-credentials token can carry only the scopes granted to it.
"""

from __future__ import annotations

import json
import re

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

OKTA_SCOPE = re.compile(r"^okta\.[A-Za-z]+\.(read|manage)(\.self)?$")


def _grants(call: Call, app_id: str) -> list[dict]:
    rows = call.universe.store.all(
        "SELECT * FROM okta_resources WHERE kind = 'AppGrant' ORDER BY rowid"
    )
    found = [{**dict(r), "document": json.loads(r["document"])} for r in rows]
    return [g for g in found if g["document"]["clientId"] == app_id]


def granted_scopes(db, app_id: str) -> set[str]:
    """The Okta API scopes an admin has granted to the app: all its client may ask the org
    authorization server for."""
    rows = db.all("SELECT document FROM okta_resources WHERE kind = 'AppGrant'")
    documents = [json.loads(r["document"]) for r in rows]
    return {d["scopeId"] for d in documents if d["clientId"] == app_id}


def _grant(call: Call, app_id: str, grant_id: str | None = None) -> dict:
    grant_id = grant_id or call.path_params["grantId"]
    for grant in _grants(call, app_id):
        if grant["id"] == grant_id:
            return grant
    raise not_found(grant_id, "OAuth2ScopeConsentGrant")


def _json(call: Call, app: dict, grant: dict) -> dict:
    base = call.twin.base_url
    document = grant["document"]
    answer = {
        "id": grant["id"],
        "status": "ACTIVE",
        "created": timestamp(grant["created"]),
        "createdBy": document["createdBy"],
        "lastUpdated": timestamp(grant["last_updated"]),
        "issuer": document["issuer"],
        "clientId": app["id"],
        "scopeId": document["scopeId"],
        "source": "ADMIN",
        "_links": {
            "app": {"href": f"{base}/api/v1/apps/{app['id']}", "title": app["label"]},
            "self": {
                "href": f"{base}/api/v1/apps/{app['id']}/grants/{grant['id']}",
                "hints": {"allow": ["GET", "DELETE"]},
            },
            "client": {"href": f"{base}/oauth2/v1/clients/{app['id']}", "title": app["label"]},
        },
    }
    if "scope" in ",".join(call.query.getlist("expand")).split(","):
        answer["_embedded"] = {"scope": {"id": document["scopeId"]}}
    return answer


@operation("listScopeConsentGrants")
def list_grants(call: Call) -> list:
    authorize(call, "okta.appGrants.read")
    app = state_of(call).app(call.path_params["appId"])
    return [_json(call, app, g) for g in _grants(call, app["id"])]


@operation("getScopeConsentGrant")
def get_grant(call: Call) -> dict:
    authorize(call, "okta.appGrants.read")
    app = state_of(call).app(call.path_params["appId"])
    return _json(call, app, _grant(call, app["id"]))


@operation("grantConsentToScope")
def grant_consent(call: Call) -> JSONResponse:
    actor = authorize(call, "okta.appGrants.manage")
    state = state_of(call)
    app = state.app(call.path_params["appId"])
    payload = body(call)
    scope, issuer = payload.get("scopeId"), str(payload.get("issuer") or "").rstrip("/")
    if not isinstance(scope, str) or not OKTA_SCOPE.match(scope):
        raise validation("scopeId", "scopeId: must be an Okta API scope, as okta.users.read")
    if issuer != call.twin.base_url:
        raise validation("issuer", "issuer: must be the org authorization server's issuer")
    if any(g["document"]["scopeId"] == scope for g in _grants(call, app["id"])):
        raise validation("scopeId", f"scopeId: {scope} is already granted to this app")
    grant_id = state.new_id("oag")
    now = state.now()
    document = {
        "clientId": app["id"],
        "scopeId": scope,
        "issuer": issuer,
        "createdBy": {"id": actor["id"], "type": actor["type"]},
    }
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES ('AppGrant', ?, 'ACTIVE', ?, ?, ?)",
        (grant_id, json.dumps(document), now, now),
    )
    state.log(
        "app.oauth2.as.consent.grant",
        "Grant consent to scope",
        actor,
        {"id": app["id"], "type": "AppInstance", "alternateId": app["label"]},
    )
    return JSONResponse(_json(call, app, _grant(call, app["id"], grant_id)), 201)


@operation("revokeScopeConsentGrant")
def revoke_grant(call: Call) -> Response:
    actor = authorize(call, "okta.appGrants.manage")
    state = state_of(call)
    app = state.app(call.path_params["appId"])
    grant = _grant(call, app["id"])
    state.db.execute(
        "DELETE FROM okta_resources WHERE kind = 'AppGrant' AND id = ?", (grant["id"],)
    )
    state.log(
        "app.oauth2.as.consent.revoke",
        "Revoke consent to scope",
        actor,
        {"id": app["id"], "type": "AppInstance", "alternateId": app["label"]},
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    grants = "/api/v1/apps/{appId}/grants"
    return [
        Route(grants, list_grants, methods=["GET"]),
        Route(grants, grant_consent, methods=["POST"]),
        Route(f"{grants}/{{grantId}}", get_grant, methods=["GET"]),
        Route(f"{grants}/{{grantId}}", revoke_grant, methods=["DELETE"]),
    ]
