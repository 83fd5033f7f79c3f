"""``directory.resources.calendars.*``: rooms and other bookable resources, each with its own
calendar address, placed in a building and floor and having features.

A resource's building and features must exist; its address (``resourceEmail``) and
``generatedResourceName`` (building, floor, name and capacity) are the twin's to write.
``orderBy`` sorts by ``resourceId``, ``resourceName``, ``capacity``, ``buildingId`` or
``floorName``, each optionally followed by ``asc`` or ``desc``; ``query`` searches the fields
of ``SEARCHED`` and the features' names.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import documents, listing, queries
from darkfactory.twins.google.directory.wire import body, exists, invalid, not_found, page, required
from darkfactory.twins.kit import operation
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


def _found(call: Call) -> dict:
    found = documents.get(call.universe, KIND, call.path_params["calendarResourceId"])
    if found is None:
        raise not_found("calendarResourceId")
    return found


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


@operation("directory.resources.calendars.list")
def list_calendars(call: Call) -> dict:
    documents.reader(call)
    found = documents.every(call.universe, KIND)
    if call.query.get("query"):
        matches = queries.matcher(call.query["query"], _field)
        found = [r for r in found if matches(r)]
    if call.query.get("orderBy"):
        found = listing.sorted_by(call.query["orderBy"], found, ORDER)
    return page(
        call, "admin#directory#resources#calendars#calendarResourcesList", found, limit=(100, 500)
    )


@operation("directory.resources.calendars.get")
def get(call: Call) -> dict:
    documents.reader(call)
    return _found(call)


@operation("directory.resources.calendars.insert")
def insert(call: Call) -> dict:
    documents.writer(call)
    resource = _checked(call, body(call, "CalendarResource"))
    if documents.get(call.universe, KIND, resource["resourceId"]) is not None:
        raise exists()
    address = "c_" + call.universe.ids.token("google.directory.resource", 18, HEX)
    resource["resourceEmail"] = address + "@resource.calendar.google.com"
    return documents.put(call.universe, KIND, resource["resourceId"], resource)


def _change(call: Call, replace: bool) -> dict:
    documents.writer(call)
    old = _found(call)
    given = body(call, "CalendarResource")
    resource = documents.changed(old, given, replace, ("resourceId", "resourceEmail"))
    resource = _checked(call, resource) | {"resourceEmail": old["resourceEmail"]}
    return documents.put(call.universe, KIND, old["resourceId"], resource)


@operation("directory.resources.calendars.patch")
def patch(call: Call) -> dict:
    return _change(call, replace=False)


@operation("directory.resources.calendars.update")
def update(call: Call) -> dict:
    return _change(call, replace=True)


@operation("directory.resources.calendars.delete")
def delete(call: Call) -> Response:
    documents.writer(call)
    documents.remove(call.universe, KIND, _found(call)["resourceId"])
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customer}/resources/calendars"
    return [
        Route(base, list_calendars, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{calendarResourceId}", get, methods=["GET"]),
        Route(base + "/{calendarResourceId}", patch, methods=["PATCH"]),
        Route(base + "/{calendarResourceId}", update, methods=["PUT"]),
        Route(base + "/{calendarResourceId}", delete, methods=["DELETE"]),
    ]
