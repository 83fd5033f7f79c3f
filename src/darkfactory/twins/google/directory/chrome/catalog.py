"""What Chrome printers and print servers share: a collection of entries under
``customers/{customer}/chrome/{collection}``, each owned by an organizational unit, made one at a
time or in batches, listed, patched under an ``updateMask`` and deleted one at a time or in
batches. Administrators read them; super administrators change them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.routing import Route

from darkfactory.twins.google.api import timestamp
from darkfactory.twins.google.directory import documents, listing, orgunits
from darkfactory.twins.google.directory.wire import (
    body,
    customer_id,
    invalid,
    not_found,
    page,
    required,
)
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import Call

READ_ONLY = ("name", "id", "createTime", "auxiliaryMessages")
SEARCHED = ("displayName", "description", "uri", "makeAndModel")
ORDERS = ("displayName", "description", "makeAndModel", "uri", "createTime")
ROOT = "/admin/directory/v1/customers/{customer}/chrome"


@dataclass(frozen=True)
class Collection:
    """One collection: ``printers`` of ``Printer``, or ``printServers`` of ``PrintServer``."""

    name: str
    schema: str
    singular: str
    check: Callable[[Call, dict], None]


def _entry(call: Call, kind: Collection, entry_id: str) -> dict:
    found = documents.get(call.universe, kind.name, entry_id)
    if found is None:
        raise not_found("name")
    return found


def _valid(call: Call, kind: Collection, entry: dict) -> dict:
    if not entry.get("displayName"):
        raise required("displayName")
    if not entry.get("orgUnitId"):
        raise required("orgUnitId")
    unit = orgunits.unit(call.universe, "id:" + str(entry["orgUnitId"]).removeprefix("id:"))
    if unit is None:
        raise invalid("orgUnitId")
    kind.check(call, entry)
    return entry | {"orgUnitId": unit["id"]}


def _make(call: Call, kind: Collection, given: dict) -> dict:
    entry = _valid(call, kind, {k: v for k, v in given.items() if k not in READ_ONLY})
    entry_id = call.universe.ids.token(f"google.directory.{kind.name}", 14, LOWER_ALNUM)
    entry |= {
        "name": f"customers/{customer_id(call.universe)}/chrome/{kind.name}/{entry_id}",
        "id": entry_id,
        "createTime": timestamp(call.universe.clock.now()),
    }
    documents.put(call.universe, kind.name, entry_id, entry, tag=None)
    return entry


def _failure(error: GoogleError) -> dict:
    return {"errorCode": error.status_name, "errorMessage": error.message}


def operations(kind: Collection) -> list[Route]:
    """The routes of the collection's operations, each named ``admin.customers.chrome.<name>.*``."""
    op = f"admin.customers.chrome.{kind.name}."
    batch = kind.name[:1].upper() + kind.name[1:]

    @operation(op + "create")
    def create(call: Call) -> dict:
        documents.writer(call)
        return _make(call, kind, body(call, kind.schema))

    @operation(op + "get")
    def get(call: Call) -> dict:
        documents.reader(call)
        return _entry(call, kind, call.path_params["id"])

    @operation(op + "list")
    def list_entries(call: Call) -> dict:
        documents.reader(call)
        found = documents.every(call.universe, kind.name)
        if call.query.get("orgUnitId"):
            found = [
                e for e in found if e["orgUnitId"] == call.query["orgUnitId"].removeprefix("id:")
            ]
        found = listing.searched(found, call.query.get("filter", ""), SEARCHED)
        if call.query.get("orderBy"):
            found = listing.sorted_by(call.query["orderBy"], found, ORDERS)
        return page(call, None, found, key=kind.name, limit=(100, 100), size_param="pageSize")

    @operation(op + "patch")
    def patch(call: Call) -> dict:
        documents.writer(call)
        old = _entry(call, kind, call.path_params["id"])
        given = body(call, kind.schema)
        mask = [f for f in call.query.get("updateMask", "").split(",") if f]
        cleared = [f for f in call.query.get("clearMask", "").split(",") if f]
        if any(f in READ_ONLY or f == "orgUnitId" for f in mask + cleared):
            raise invalid("updateMask")
        changed = old | {
            k: v for k, v in given.items() if (k in mask if mask else k not in READ_ONLY)
        }
        changed = {k: v for k, v in changed.items() if k not in cleared}
        if changed.get("orgUnitId") != old["orgUnitId"]:
            raise invalid("orgUnitId")
        documents.put(call.universe, kind.name, old["id"], _valid(call, kind, changed), tag=None)
        return changed

    @operation(op + "delete")
    def delete(call: Call) -> dict:
        documents.writer(call)
        documents.remove(call.universe, kind.name, _entry(call, kind, call.path_params["id"])["id"])
        return {}

    @operation(op + f"batchCreate{batch}")
    def batch_create(call: Call) -> dict:
        documents.writer(call)
        made, failures = [], []
        for request in body(call, f"BatchCreate{batch}Request").get("requests") or []:
            given = request.get(kind.singular) or {}
            try:
                made.append(_make(call, kind, given))
            except GoogleError as error:
                failures.append({kind.singular: given, **_failure(error)})
        return {kind.name: made, "failures": failures}

    @operation(op + f"batchDelete{batch}")
    def batch_delete(call: Call) -> dict:
        documents.writer(call)
        ids_field = f"{kind.singular}Ids"
        deleted, failed = [], []
        for entry_id in body(call, f"BatchDelete{batch}Request").get(ids_field) or []:
            try:
                documents.remove(call.universe, kind.name, _entry(call, kind, entry_id)["id"])
            except GoogleError as error:
                failed.append({f"{kind.singular}Id": entry_id, **_failure(error)})
            else:
                deleted.append(entry_id)
        return {ids_field: deleted, f"failed{batch}": failed}

    base = f"{ROOT}/{kind.name}"
    return [
        Route(base, list_entries, methods=["GET"]),
        Route(base, create, methods=["POST"]),
        Route(f"{base}:batchCreate{batch}", batch_create, methods=["POST"]),
        Route(f"{base}:batchDelete{batch}", batch_delete, methods=["POST"]),
        Route(base + "/{id}", get, methods=["GET"]),
        Route(base + "/{id}", patch, methods=["PATCH"]),
        Route(base + "/{id}", delete, methods=["DELETE"]),
    ]
