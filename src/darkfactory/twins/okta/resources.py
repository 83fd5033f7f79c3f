"""Org resources kept as JSON documents with an ACTIVE/INACTIVE lifecycle, and their handlers.

Trusted origins, network zones, inline hooks, log streams, templates and more share one shape:
create, list (paged), get, replace or update, delete, and (for those with a lifecycle) activate,
deactivate, each change written to the System Log. A family module
describes its resource with a ``Kind`` (how to validate a document, which events it logs) and
names its operations when it asks ``routes`` for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body, page, timestamp
from darkfactory.twins.okta.collection_routes import STATUS_AFTER, collection_routes
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.state import state_of


@dataclass(frozen=True)
class Kind:
    """One kind of lifecycle resource."""

    name: str  # Okta's object name: "TrustedOrigin"
    path: str  # the collection: "/api/v1/trustedOrigins"
    id_param: str  # "trustedOriginId"
    prefix: str  # id prefix: "tos"
    scope: str  # "okta.trustedOrigins" (+ ".read" / ".manage")
    event: str  # System Log prefix: "security.trusted_origin" -> ".create", ".update" ...
    clean: Callable[[Call, dict, str | None], dict]  # payload, own id -> stored document
    hidden: tuple[str, ...] = ()  # document paths never echoed: "channel.config.authScheme.value"
    delete_needs_inactive: bool = False
    status_on_create: str = "ACTIVE"
    past_tense: bool = False  # events named "inline_hook.created" rather than "zone.create"
    listed: Callable[[Call, dict], bool] = lambda call, document: True  # a list's query filter
    paged: bool = True  # lists page with ``limit``/``after`` and ``Link`` headers
    shown: Callable[[Call, dict], dict] = lambda call, resource: {}  # fields Okta derives
    created_status: int = 200
    lifecycle_answers_empty: bool = False  # activate/deactivate answer 204 with no body
    created: Callable[[Call, dict], None] = lambda call, resource: None  # after create
    removed: Callable[[object, str], None] = lambda state, resource_id: None  # after delete
    links: Callable[[Call, dict, str], dict] = lambda call, resource, href: {}  # more ``_links``
    lifecycle: bool = True  # has a status and activate/deactivate
    before_delete: Callable[[Call, dict], None] = lambda call, resource: None  # raises to refuse
    stamps: Callable[[dict], dict] = lambda resource: {
        "created": timestamp(resource["created"]),
        "lastUpdated": timestamp(resource["last_updated"]),
    }  # its timestamps, as this kind names them (``unstamped``: none)


def unstamped(resource: dict) -> dict:
    """No timestamps: the kind's objects carry none (brands, domains, email servers)."""
    return {}


def documents(call: Call, kind: Kind) -> list[dict]:
    rows = call.universe.store.all(
        "SELECT * FROM okta_resources WHERE kind = ? ORDER BY rowid", (kind.name,)
    )
    return [_row(r) for r in rows]


def document(call: Call, kind: Kind, resource_id: str | None = None) -> dict:
    resource_id = resource_id or call.path_params[kind.id_param]
    row = call.universe.store.one(
        "SELECT * FROM okta_resources WHERE kind = ? AND id = ?", (kind.name, resource_id)
    )
    if row is None:
        raise not_found(resource_id, kind.name)
    return _row(row)


def _row(row) -> dict:
    return {**dict(row), "document": json.loads(row["document"])}


def unique(call: Call, kind: Kind, field: str, value, own_id: str | None) -> None:
    """E0000001 when another resource of ``kind`` already has ``field`` = ``value``."""
    for other in documents(call, kind):
        if (
            other["id"] != own_id
            and str(other["document"].get(field)).lower() == str(value).lower()
        ):
            raise validation(
                field,
                f"{field}: An object with this field already exists in the current organization",
            )


def resource_json(call: Call, kind: Kind, resource: dict) -> dict:
    shown = json.loads(json.dumps(resource["document"]))
    for hidden in kind.hidden:
        *parents, leaf = hidden.split(".")
        holder = shown
        for parent in parents:
            holder = holder.get(parent) if isinstance(holder, dict) else None
        if isinstance(holder, dict):
            holder.pop(leaf, None)
    href = f"{call.twin.base_url}{kind.path}/{resource['id']}"
    links = {"self": {"href": href, "hints": {"allow": ["GET", "PUT", "DELETE"]}}}
    lifecycle = {}
    if kind.lifecycle:
        flip = "deactivate" if resource["status"] == "ACTIVE" else "activate"
        links[flip] = {"href": f"{href}/lifecycle/{flip}", "hints": {"allow": ["POST"]}}
        lifecycle["status"] = resource["status"]
    return {
        "id": resource["id"],
        **shown,
        **kind.shown(call, resource),
        **lifecycle,
        **kind.stamps(resource),
        "_links": {**links, **kind.links(call, resource, href)},
    }


def log(call: Call, kind: Kind, verb: str, resource: dict, actor: dict) -> None:
    """Write a change to a resource of ``kind`` to the System Log."""
    name = resource["document"].get("name", resource["id"])
    state_of(call).log(
        f"{kind.event}.{verb}{'d' if kind.past_tense else ''}",
        f"{verb.capitalize()} {kind.name}",
        actor,
        {"id": resource["id"], "type": kind.name, "alternateId": name, "displayName": name},
    )


def insert(state, kind: Kind, resource_id: str, stored: dict, status: str | None = None) -> None:
    """Store a new resource of ``kind`` (a checked document) under ``resource_id``, in ``status``
    or the kind's status on creation."""
    now = state.now()
    state.db.execute(
        "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (kind.name, resource_id, status or kind.status_on_create, json.dumps(stored), now, now),
    )


def add(call: Call, kind: Kind, stored: dict, actor: dict, status: str | None = None) -> dict:
    """Store a checked document as a new resource of ``kind`` and log its creation; the resource."""
    state = state_of(call)
    resource_id = state.new_id(kind.prefix)
    insert(state, kind, resource_id, stored, status)
    resource = document(call, kind, resource_id)
    kind.created(call, resource)
    log(call, kind, "create", resource, actor)
    return resource


def remove(call: Call, kind: Kind, resource: dict, actor: dict) -> None:
    """Delete a resource of ``kind`` and log its deletion."""
    call.universe.store.execute(
        "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (kind.name, resource["id"])
    )
    kind.removed(state_of(call), resource["id"])
    log(call, kind, "delete", resource, actor)


def create(call: Call, kind: Kind) -> dict:
    actor = authorize(call, f"{kind.scope}.manage")
    resource = add(call, kind, kind.clean(call, body(call), None), actor)
    return resource_json(call, kind, resource)


def store(call: Call, kind: Kind, resource: dict, stored: dict, actor: dict) -> dict:
    call.universe.store.execute(
        "UPDATE okta_resources SET document = ?, last_updated = ? WHERE kind = ? AND id = ?",
        (json.dumps(stored), call.universe.clock.now(), kind.name, resource["id"]),
    )
    resource = document(call, kind, resource["id"])
    log(call, kind, "update", resource, actor)
    return resource_json(call, kind, resource)


def set_status(call: Call, kind: Kind, resource: dict, status: str, verb: str, actor: dict):
    """Move a resource to ``status``, logged as ``verb``; the resource as it now is."""
    call.universe.store.execute(
        "UPDATE okta_resources SET status = ?, last_updated = ? WHERE kind = ? AND id = ?",
        (status, call.universe.clock.now(), kind.name, resource["id"]),
    )
    resource = document(call, kind, resource["id"])
    log(call, kind, verb, resource, actor)
    return resource


def routes(kind: Kind, names: dict[str, str]) -> list[Route]:
    """Routes for the operations a family names: create, list, get, replace, update (a partial
    ``POST``), delete, activate, deactivate (``names`` maps each to its operationId)."""

    def create_handler(call: Call) -> JSONResponse:
        return JSONResponse(create(call, kind), kind.created_status)

    def list_handler(call: Call) -> Response:
        authorize(call, f"{kind.scope}.read")
        chosen = [d for d in documents(call, kind) if kind.listed(call, d["document"])]
        shown = [resource_json(call, kind, d) for d in chosen]
        return page(call, shown, 20, 200) if kind.paged else JSONResponse(shown)

    def get_handler(call: Call) -> dict:
        authorize(call, f"{kind.scope}.read")
        return resource_json(call, kind, document(call, kind))

    def replace_handler(call: Call) -> dict:
        actor = authorize(call, f"{kind.scope}.manage")
        resource = document(call, kind)
        return store(call, kind, resource, kind.clean(call, body(call), resource["id"]), actor)

    def update_handler(call: Call) -> dict:
        actor = authorize(call, f"{kind.scope}.manage")
        resource = document(call, kind)
        merged = {**resource["document"], **body(call)}
        return store(call, kind, resource, kind.clean(call, merged, resource["id"]), actor)

    def delete_handler(call: Call) -> Response:
        actor = authorize(call, f"{kind.scope}.manage")
        resource = document(call, kind)
        if kind.delete_needs_inactive and resource["status"] == "ACTIVE":
            raise validation("status", f"{kind.name} must be INACTIVE before it can be deleted.")
        kind.before_delete(call, resource)
        remove(call, kind, resource, actor)
        return Response(status_code=204)

    def status_handler(verb: str):
        def handler(call: Call) -> dict | Response:
            actor = authorize(call, f"{kind.scope}.manage")
            status = STATUS_AFTER[verb]
            resource = set_status(call, kind, document(call, kind), status, verb, actor)
            if kind.lifecycle_answers_empty:
                return Response(status_code=204)
            return resource_json(call, kind, resource)

        return handler

    handlers = {
        "create": create_handler,
        "list": list_handler,
        "get": get_handler,
        "replace": replace_handler,
        "update": update_handler,
        "delete": delete_handler,
    }
    return collection_routes(kind.path, kind.id_param, names, handlers, status_handler)
