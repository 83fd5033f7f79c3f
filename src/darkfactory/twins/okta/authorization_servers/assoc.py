"""Trusted associations between authorization servers: ``AuthorizationServerAssocApi``.

A server lists the servers it trusts (``trusted=true``) or those that trust it
(``trusted=false``); each association is kept under the trusting server.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import children_store, resources
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.authorization_servers import servers
from darkfactory.twins.okta.authorization_servers.owner import server_id
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of

KIND = "AssociatedServer"
BASE = "/api/v1/authorizationServers/{authServerId}/associatedServers"


def _server_json(call: Call, resource_id: str) -> dict:
    return resources.resource_json(
        call, servers.KIND, resources.document(call, servers.KIND, resource_id)
    )


def _trusted(db, server: str) -> list[dict]:
    return children_store.rows(db, KIND, server)


@operation("createAssociatedServers")
def create(call: Call) -> list:
    authorize(call, "okta.authorizationServers.manage")
    server = server_id(call)
    wanted = body(call).get("trusted")
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        raise validation("trusted", "trusted: must be a list of authorization server ids")
    state = state_of(call)
    known = {r["document"]["server"] for r in _trusted(state.db, server)}
    for other in wanted:
        resources.document(call, servers.KIND, other)  # E0000007 for an unknown server
        if other == server:
            raise validation("trusted", "trusted: A server cannot trust itself")
        if other not in known:
            children_store.insert(state, KIND, server, {"server": other}, "asa")
            known.add(other)
    return [_server_json(call, other) for other in wanted]


@operation("listAssociatedServersByTrustedType")
def list_associated(call: Call) -> list:
    authorize(call, "okta.authorizationServers.read")
    server = server_id(call)
    db = call.universe.store
    if call.query.get("trusted", "true").lower() == "true":
        found = [r["document"]["server"] for r in _trusted(db, server)]
    else:
        rows = db.all(
            "SELECT parent FROM okta_children WHERE kind = ?"
            " AND json_extract(document, '$.server') = ? ORDER BY rowid",
            (KIND, server),
        )
        found = [r["parent"] for r in rows]
    query = (call.query.get("q") or "").lower()
    live = {d["id"] for d in resources.documents(call, servers.KIND)}  # a deleted server drops out
    shown = [_server_json(call, other) for other in found if other in live]
    return [s for s in shown if not query or s["name"].lower().startswith(query)]


@operation("deleteAssociatedServer")
def delete(call: Call) -> Response:
    authorize(call, "okta.authorizationServers.manage")
    server = server_id(call)
    other = call.path_params["associatedServerId"]
    db = call.universe.store
    if not any(r["document"]["server"] == other for r in _trusted(db, server)):
        raise not_found(other, servers.KIND.name)
    db.execute(
        "DELETE FROM okta_children WHERE kind = ? AND parent = ?"
        " AND json_extract(document, '$.server') = ?",
        (KIND, server, other),
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    return [
        Route(BASE, create, methods=["POST"]),
        Route(BASE, list_associated, methods=["GET"]),
        Route(f"{BASE}/{{associatedServerId}}", delete, methods=["DELETE"]),
    ]
