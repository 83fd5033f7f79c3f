"""What the customer's resource families share: finding one by its path's key, and their list,
get, insert, patch, update and delete operations, made from a ``Family`` row each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import documents
from darkfactory.twins.google.directory.wire import not_found, page
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

BASE = "/admin/directory/v1/customer/{customer}/resources"


def found(call: Call, kind: str, param: str) -> dict:
    """The stored ``kind`` the path parameter ``param`` names."""
    document = documents.get(call.universe, kind, call.path_params[param])
    if document is None:
        raise not_found(param)
    return document


@dataclass(frozen=True)
class Family:
    """One family of the customer's resources and what its operations do of their own."""

    name: str  # in its operations' names and its path: ``buildings``
    kind: str  # its stored documents' kind: ``building``
    param: str  # the path parameter naming one: ``buildingId``
    field: str  # the field holding its key: ``buildingId``
    list_kind: str
    list_key: str
    insert: Callable[[Call], dict]  # a new one, stored (the caller a writer)
    change: Callable[[Call, dict, bool], dict]  # the stored one patched (or replaced), stored
    # refuses, by raising, to delete one
    before_delete: Callable[[Call, dict], None] = lambda call, old: None
    # the list's members, filtered and ordered as the request asks
    chosen: Callable[[Call, list[dict]], list[dict]] = lambda call, every: every


def routes(family: Family, more: list[Route]) -> list[Route]:
    """The family's operations, then ``more`` of its own."""
    kind, ops = family.kind, f"directory.resources.{family.name}"

    @operation(f"{ops}.list")
    def list_(call: Call) -> dict:
        documents.reader(call)
        every = family.chosen(call, documents.every(call.universe, kind))
        return page(call, family.list_kind, every, key=family.list_key, limit=(100, 500))

    @operation(f"{ops}.get")
    def get(call: Call) -> dict:
        documents.reader(call)
        return found(call, kind, family.param)

    @operation(f"{ops}.insert")
    def insert(call: Call) -> dict:
        documents.writer(call)
        return family.insert(call)

    def changing(replace: bool) -> Callable[[Call], dict]:
        def change(call: Call) -> dict:
            documents.writer(call)
            return family.change(call, found(call, kind, family.param), replace)

        return change

    @operation(f"{ops}.delete")
    def delete(call: Call) -> Response:
        documents.writer(call)
        old = found(call, kind, family.param)
        family.before_delete(call, old)
        documents.remove(call.universe, kind, old[family.field])
        return Response(status_code=204)

    base = f"{BASE}/{family.name}"
    one = f"{base}/{{{family.param}}}"
    table = [(base, "GET", list_), (base, "POST", insert), (one, "GET", get)]
    table += [
        (one, "PATCH", operation(f"{ops}.patch")(changing(False))),
        (one, "PUT", operation(f"{ops}.update")(changing(True))),
        (one, "DELETE", delete),
    ]
    return [Route(path, handler, methods=[method]) for path, method, handler in table] + more
