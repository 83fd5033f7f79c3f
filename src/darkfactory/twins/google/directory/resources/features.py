"""``directory.resources.features.*``: the features rooms have (a projector, a whiteboard).

A feature is known by its name: ``rename`` changes it, in every calendar resource that has it
too; ``patch`` and ``update`` may not. A feature a resource still has cannot be deleted.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import documents
from darkfactory.twins.google.directory.resources import family
from darkfactory.twins.google.directory.wire import body, exists, invalid, required
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

KIND = "feature"
WIRE_KIND = "admin#directory#resources#features#Feature"


def _users(call: Call, name: str) -> list[dict]:
    """The calendar resources that have the feature ``name``."""
    return [
        c
        for c in documents.every(call.universe, "calendar")
        if any(f["feature"]["name"].lower() == name.lower() for f in c.get("featureInstances", []))
    ]


def _insert(call: Call) -> dict:
    name = body(call, "Feature").get("name")
    if not name:
        raise required("name")
    if documents.get(call.universe, KIND, name) is not None:
        raise exists()
    return documents.put(call.universe, KIND, name, {"kind": WIRE_KIND, "name": name})


def _change(call: Call, old: dict, replace: bool) -> dict:
    """``patch`` and ``update`` alike: a feature has nothing to change but its name, which only
    ``rename`` changes."""
    name = body(call, "Feature").get("name")
    if name is not None and name != old["name"]:
        raise invalid("name")
    return old


@operation("directory.resources.features.rename")
def rename(call: Call) -> Response:
    documents.writer(call)
    old = family.found(call, KIND, "oldName")
    new = body(call, "FeatureRename").get("newName")
    if not new:
        raise required("newName")
    if new.lower() != old["name"].lower() and documents.get(call.universe, KIND, new):
        raise exists()
    for calendar in _users(call, old["name"]):
        instances = [
            {"feature": {"name": new}} if f["feature"]["name"].lower() == old["name"].lower() else f
            for f in calendar["featureInstances"]
        ]
        documents.put(
            call.universe,
            "calendar",
            calendar["resourceId"],
            calendar | {"featureInstances": instances},
        )
    documents.put(call.universe, KIND, new, old | {"name": new}, old_key=old["name"])
    return Response(status_code=204)


def _unused(call: Call, old: dict) -> None:
    if _users(call, old["name"]):
        raise invalid("Feature is in use by calendar resources")


FAMILY = family.Family(
    "features",
    KIND,
    "featureKey",
    "name",
    "admin#directory#resources#features#featuresList",
    "features",
    _insert,
    _change,
    before_delete=_unused,
)


def routes() -> list[Route]:
    renaming = f"{family.BASE}/features/{{oldName}}/rename"
    return family.routes(FAMILY, [Route(renaming, rename, methods=["POST"])])
