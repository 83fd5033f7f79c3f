"""``directory.resources.buildings.*``: the customer's buildings, each with its floors, where
calendar resources are placed. A building that still holds a resource cannot be deleted."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import documents
from darkfactory.twins.google.directory.wire import body, exists, invalid, not_found, page, required
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

KIND = "building"
WIRE_KIND = "admin#directory#resources#buildings#Building"


def _found(call: Call) -> dict:
    found = documents.get(call.universe, KIND, call.path_params["buildingId"])
    if found is None:
        raise not_found("buildingId")
    return found


def _checked(call: Call, building: dict) -> dict:
    for field in ("buildingId", "buildingName"):
        if not building.get(field):
            raise required(field)
    if not building.get("floorNames"):
        raise invalid("floorNames")
    named = [
        b
        for b in documents.every(call.universe, KIND)
        if b["buildingName"].lower() == building["buildingName"].lower()
        and b["buildingId"] != building["buildingId"]
    ]
    if named:
        raise exists()
    return building | {"kind": WIRE_KIND}


@operation("directory.resources.buildings.list")
def list_buildings(call: Call) -> dict:
    documents.reader(call)
    found = documents.every(call.universe, KIND)
    return page(
        call,
        "admin#directory#resources#buildings#buildingsList",
        found,
        key="buildings",
        limit=(100, 500),
    )


@operation("directory.resources.buildings.get")
def get(call: Call) -> dict:
    documents.reader(call)
    return _found(call)


@operation("directory.resources.buildings.insert")
def insert(call: Call) -> dict:
    documents.writer(call)
    building = _checked(call, body(call, "Building"))
    if documents.get(call.universe, KIND, building["buildingId"]) is not None:
        raise exists()
    return documents.put(call.universe, KIND, building["buildingId"], building)


def _change(call: Call, replace: bool) -> dict:
    documents.writer(call)
    old = _found(call)
    building = documents.changed(old, body(call, "Building"), replace, ("buildingId",))
    return documents.put(call.universe, KIND, old["buildingId"], _checked(call, building))


@operation("directory.resources.buildings.patch")
def patch(call: Call) -> dict:
    return _change(call, replace=False)


@operation("directory.resources.buildings.update")
def update(call: Call) -> dict:
    return _change(call, replace=True)


@operation("directory.resources.buildings.delete")
def delete(call: Call) -> Response:
    documents.writer(call)
    old = _found(call)
    placed = [
        c
        for c in documents.every(call.universe, "calendar")
        if c.get("buildingId") == old["buildingId"]
    ]
    if placed:
        raise invalid("Building is in use by calendar resources")
    documents.remove(call.universe, KIND, old["buildingId"])
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customer}/resources/buildings"
    return [
        Route(base, list_buildings, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{buildingId}", get, methods=["GET"]),
        Route(base + "/{buildingId}", patch, methods=["PATCH"]),
        Route(base + "/{buildingId}", update, methods=["PUT"]),
        Route(base + "/{buildingId}", delete, methods=["DELETE"]),
    ]
