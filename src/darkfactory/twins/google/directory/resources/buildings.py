"""``directory.resources.buildings.*``: the customer's buildings, each with its floors, where
calendar resources are placed. A building that still holds a resource cannot be deleted."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.directory import documents
from darkfactory.twins.google.directory.resources import family
from darkfactory.twins.google.directory.wire import body, exists, invalid, required
from darkfactory.twins.kit.operation import Call

KIND = "building"
WIRE_KIND = "admin#directory#resources#buildings#Building"


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


def _insert(call: Call) -> dict:
    building = _checked(call, body(call, "Building"))
    if documents.get(call.universe, KIND, building["buildingId"]) is not None:
        raise exists()
    return documents.put(call.universe, KIND, building["buildingId"], building)


def _change(call: Call, old: dict, replace: bool) -> dict:
    building = documents.changed(old, body(call, "Building"), replace, ("buildingId",))
    return documents.put(call.universe, KIND, old["buildingId"], _checked(call, building))


def _unplaced(call: Call, old: dict) -> None:
    placed = [
        c
        for c in documents.every(call.universe, "calendar")
        if c.get("buildingId") == old["buildingId"]
    ]
    if placed:
        raise invalid("Building is in use by calendar resources")


FAMILY = family.Family(
    "buildings",
    KIND,
    "buildingId",
    "buildingId",
    "admin#directory#resources#buildings#buildingsList",
    "buildings",
    _insert,
    _change,
    before_delete=_unplaced,
)


def routes() -> list[Route]:
    return family.routes(FAMILY, [])
