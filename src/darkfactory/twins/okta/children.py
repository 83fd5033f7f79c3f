"""Resources that live under a parent (a server's scopes, a policy's rules), and their handlers.

A ``Child`` describes one kind: its collection path (with the parent's path parameters), how a
document is checked, whether it has an ACTIVE/INACTIVE lifecycle and whether its siblings are
ordered by ``priority``. Ordered kinds keep their ``system`` member (a default policy or rule)
last; creating or moving one renumbers its siblings 1..n. Deleting a resource deletes what lives
under it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, timestamp
from darkfactory.twins.okta.children_store import delete_tree, insert, place, row_of, rows
from darkfactory.twins.okta.collection_routes import STATUS_AFTER, collection_routes
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of


@dataclass(frozen=True)
class Child:
    """One kind of resource that lives under a parent."""

    name: str  # Okta's object name: "OAuth2Scope"
    path: str  # the collection: "/api/v1/authorizationServers/{authServerId}/scopes"
    id_param: str  # "scopeId"
    prefix: str  # id prefix: "scp"
    scope: str  # "okta.authorizationServers" (+ ".read" / ".manage")
    events: dict[str, str]  # verb (create, update, delete, activate, deactivate) -> event type
    parent: Callable[[Call], str]  # the parent's id, from the path (raises E0000007)
    clean: Callable[[Call, dict, dict | None], dict]  # payload, current row -> stored document
    ordered: bool = False  # siblings carry a ``priority``
    lifecycle: bool = False  # ACTIVE/INACTIVE with activate/deactivate
    stamped: bool = False  # answers carry ``created`` and ``lastUpdated``
    created_status: int = 201
    listed: Callable[[Call, dict], bool] = lambda call, document: True  # a list's query filter
    links: Callable[[Call, dict, str], dict] = lambda call, row, href: {}  # more ``_links``


def one(call: Call, kind: Child, resource_id: str | None = None) -> dict:
    resource_id = resource_id or call.path_params[kind.id_param]
    row = call.universe.store.one(
        "SELECT * FROM okta_children WHERE kind = ? AND parent = ? AND id = ?",
        (kind.name, kind.parent(call), resource_id),
    )
    if row is None:
        raise not_found(resource_id, kind.name)
    return row_of(row)


def child_json(call: Call, kind: Child, row: dict) -> dict:
    base = call.twin.base_url + kind.path.format(**call.path_params)
    href = f"{base}/{row['id']}"
    links: dict = {"self": {"href": href, "hints": {"allow": ["GET", "PUT", "DELETE"]}}}
    answer = {"id": row["id"], **row["document"]}
    if kind.lifecycle:
        answer["status"] = row["status"]
        flip = "deactivate" if row["status"] == "ACTIVE" else "activate"
        links[flip] = {"href": f"{href}/lifecycle/{flip}", "hints": {"allow": ["POST"]}}
    if kind.ordered:
        answer["priority"] = row["priority"]
    if kind.stamped:
        answer["created"] = timestamp(row["created"])
        answer["lastUpdated"] = timestamp(row["last_updated"])
    answer["_links"] = {**links, **kind.links(call, row, href)}
    return answer


def _log(call: Call, kind: Child, verb: str, row: dict, actor: dict) -> None:
    name = row["document"].get("name", row["id"])
    state_of(call).log(
        kind.events[verb],
        f"{verb.capitalize()} {kind.name}",
        actor,
        {"id": row["id"], "type": kind.name, "alternateId": name, "displayName": name},
    )


def _touch(call: Call, kind: Child, row: dict, **columns) -> dict:
    sets = ", ".join(f"{name} = ?" for name in columns)
    call.universe.store.execute(
        f"UPDATE okta_children SET {sets}, last_updated = ? WHERE kind = ? AND id = ?",
        (*columns.values(), call.universe.clock.now(), kind.name, row["id"]),
    )
    return one(call, kind, row["id"])


def routes(kind: Child, names: dict[str, str]) -> list[Route]:
    """Routes for the operations a family names: create, list, get, replace, delete,
    activate, deactivate (``names`` maps each to its operationId)."""

    def create_handler(call: Call) -> JSONResponse:
        actor = authorize(call, f"{kind.scope}.manage")
        parent = kind.parent(call)
        payload = body(call)
        document = kind.clean(call, payload, None)
        status = "INACTIVE" if payload.get("status") == "INACTIVE" else "ACTIVE"
        state = state_of(call)
        resource_id = insert(state, kind.name, parent, document, kind.prefix, status)
        if kind.ordered:
            place(state.db, kind.name, parent, resource_id, payload.get("priority"))
        row = one(call, kind, resource_id)
        _log(call, kind, "create", row, actor)
        return JSONResponse(child_json(call, kind, row), kind.created_status)

    def list_handler(call: Call) -> list:
        authorize(call, f"{kind.scope}.read")
        found = rows(call.universe.store, kind.name, kind.parent(call))
        return [child_json(call, kind, r) for r in found if kind.listed(call, r["document"])]

    def get_handler(call: Call) -> dict:
        authorize(call, f"{kind.scope}.read")
        return child_json(call, kind, one(call, kind))

    def replace_handler(call: Call) -> dict:
        actor = authorize(call, f"{kind.scope}.manage")
        row = one(call, kind)
        payload = body(call)
        document = kind.clean(call, payload, row)
        row = _touch(call, kind, row, document=json.dumps(document))
        if kind.ordered and "priority" in payload:
            place(call.universe.store, kind.name, row["parent"], row["id"], payload["priority"])
            row = one(call, kind, row["id"])
        _log(call, kind, "update", row, actor)
        return child_json(call, kind, row)

    def delete_handler(call: Call) -> Response:
        actor = authorize(call, f"{kind.scope}.manage")
        row = one(call, kind)
        if row["document"].get("system"):
            raise validation("system", f"A system {kind.name} cannot be deleted.")
        db = call.universe.store
        delete_tree(db, row["id"])
        db.execute("DELETE FROM okta_children WHERE kind = ? AND id = ?", (kind.name, row["id"]))
        if kind.ordered:
            place(db, kind.name, row["parent"])
        _log(call, kind, "delete", row, actor)
        return Response(status_code=204)

    def status_handler(verb: str):
        def handler(call: Call) -> Response:
            actor = authorize(call, f"{kind.scope}.manage")
            row = _touch(call, kind, one(call, kind), status=STATUS_AFTER[verb])
            _log(call, kind, verb, row, actor)
            return Response(status_code=204)

        return handler

    handlers = {
        "create": create_handler,
        "list": list_handler,
        "get": get_handler,
        "replace": replace_handler,
        "delete": delete_handler,
    }
    return collection_routes(kind.path, kind.id_param, names, handlers, status_handler)
