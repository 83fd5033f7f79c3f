"""``directory.resources.calendars.*``: rooms and other bookable resources, each with its own
calendar address, placed in a building and floor and having features.

A resource's building and features must exist; its address (``resourceEmail``) and
``generatedResourceName`` (building, floor, name and capacity) are the twin's to write.
``orderBy`` sorts by ``resourceId``, ``resourceName``, ``capacity``, ``buildingId`` or
``floorName``, each optionally followed by ``asc`` or ``desc``; ``query`` searches the fields
of ``SEARCHED`` and the features' names.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.directory import documents, listing, queries
from darkfactory.twins.google.directory.resources import family
from darkfactory.twins.google.directory.wire import body, exists, invalid, required
from darkfactory.twins.kit.ids import HEX
from darkfactory.twins.kit.operation import Call

KIND = "calendar"
WIRE_KIND = "admin#directory#resources#calendars#CalendarResource"
READ_ONLY = ("kind", "etags", "resourceEmail", "generatedResourceName")
CATEGORIES = ("CONFERENCE_ROOM", "OTHER", "CATEGORY_UNKNOWN")
ORDER = ("resourceId", "resourceName", "capacity", "buildingId", "floorName")
SEARCHED = (
    "resourceName",
    "generatedResourceName",
    "resourceCategory",
    "resourceType",
    "resourceEmail",
    "buildingId",
    "floorName",
    "capacity",
)


def _generated_name(universe, resource: dict) -> str:
    building = documents.get(universe, "building", resource.get("buildingId") or "") or {}
    parts = [building.get("buildingName"), resource.get("floorName"), resource["resourceName"]]
    name = "-".join(p for p in parts if p)
    return f"{name} ({resource['capacity']})" if resource.get("capacity") else name


def _checked(call: Call, resource: dict) -> dict:
    for field in ("resourceId", "resourceName"):
        if not resource.get(field):
            raise required(field)
    resource.setdefault("resourceCategory", "OTHER")
    if resource["resourceCategory"] not in CATEGORIES:
        raise invalid("resourceCategory")
    building = resource.get("buildingId")
    if building and documents.get(call.universe, "building", building) is None:
        raise invalid("buildingId")
    instances = resource.get("featureInstances") or []
    if not isinstance(instances, list):
        raise invalid("featureInstances")
    for instance in instances:
        name = (instance.get("feature") or {}).get("name") if isinstance(instance, dict) else None
        if not name or documents.get(call.universe, "feature", name) is None:
            raise invalid("featureInstances")
    resource = {k: v for k, v in resource.items() if k not in READ_ONLY}
    resource["generatedResourceName"] = _generated_name(call.universe, resource)
    return {"kind": WIRE_KIND, **resource}


def _field(name: str) -> queries.Values | None:
    """The values of a resource's field in a ``query``: one of ``SEARCHED``, or the names of
    its features (``featureInstances.feature.name``)."""
    if name == "featureInstances.feature.name":
        return lambda r: [f["feature"]["name"] for f in r.get("featureInstances", [])]
    if name in SEARCHED:
        return lambda r: [str(r[name])] if r.get(name) is not None else []
    return None


def _chosen(call: Call, found: list[dict]) -> list[dict]:
    """The resources matching the request's ``query``, in its ``orderBy``."""
    if call.query.get("query"):
        matches = queries.matcher(call.query["query"], _field)
        found = [r for r in found if matches(r)]
    if call.query.get("orderBy"):
        found = listing.sorted_by(call.query["orderBy"], found, ORDER)
    return found


def _insert(call: Call) -> dict:
    resource = _checked(call, body(call, "CalendarResource"))
    if documents.get(call.universe, KIND, resource["resourceId"]) is not None:
        raise exists()
    address = "c_" + call.universe.ids.token("google.directory.resource", 18, HEX)
    resource["resourceEmail"] = address + "@resource.calendar.google.com"
    return documents.put(call.universe, KIND, resource["resourceId"], resource)


def _change(call: Call, old: dict, replace: bool) -> dict:
    given = body(call, "CalendarResource")
    resource = documents.changed(old, given, replace, ("resourceId", "resourceEmail"))
    resource = _checked(call, resource) | {"resourceEmail": old["resourceEmail"]}
    return documents.put(call.universe, KIND, old["resourceId"], resource)


FAMILY = family.Family(
    "calendars",
    KIND,
    "calendarResourceId",
    "resourceId",
    "admin#directory#resources#calendars#calendarResourcesList",
    "items",
    _insert,
    _change,
    chosen=_chosen,
)


def routes() -> list[Route]:
    return family.routes(FAMILY, [])
