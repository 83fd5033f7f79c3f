"""``directory.resources.features.*``: the features rooms have (a projector, a whiteboard).

A feature is known by its name: ``rename`` changes it, in every calendar resource that has it
too; ``patch`` and ``update`` may not. A feature a resource still has cannot be deleted.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import documents
from darkfactory.twins.google.directory.wire import body, exists, invalid, not_found, page, required
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

KIND = "feature"
WIRE_KIND = "admin#directory#resources#features#Feature"


def _found(call: Call, key: str) -> dict:
    found = documents.get(call.universe, KIND, call.path_params[key])
    if found is None:
        raise not_found(key)
    return found


def _users(call: Call, name: str) -> list[dict]:
    """The calendar resources that have the feature ``name``."""
    return [
        c
        for c in documents.every(call.universe, "calendar")
        if any(f["feature"]["name"].lower() == name.lower() for f in c.get("featureInstances", []))
    ]


@operation("directory.resources.features.list")
def list_features(call: Call) -> dict:
    documents.reader(call)
    found = documents.every(call.universe, KIND)
    return page(
        call,
        "admin#directory#resources#features#featuresList",
        found,
        key="features",
        limit=(100, 500),
    )


@operation("directory.resources.features.get")
def get(call: Call) -> dict:
    documents.reader(call)
    return _found(call, "featureKey")


@operation("directory.resources.features.insert")
def insert(call: Call) -> dict:
    documents.writer(call)
    name = body(call, "Feature").get("name")
    if not name:
        raise required("name")
    if documents.get(call.universe, KIND, name) is not None:
        raise exists()
    return documents.put(call.universe, KIND, name, {"kind": WIRE_KIND, "name": name})


def _change(call: Call) -> dict:
    documents.writer(call)
    old = _found(call, "featureKey")
    name = body(call, "Feature").get("name")
    if name is not None and name != old["name"]:
        raise invalid("name")
    return old


patch = operation("directory.resources.features.patch")(_change)
update = operation("directory.resources.features.update")(_change)


@operation("directory.resources.features.rename")
def rename(call: Call) -> Response:
    documents.writer(call)
    old = _found(call, "oldName")
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


@operation("directory.resources.features.delete")
def delete(call: Call) -> Response:
    documents.writer(call)
    old = _found(call, "featureKey")
    if _users(call, old["name"]):
        raise invalid("Feature is in use by calendar resources")
    documents.remove(call.universe, KIND, old["name"])
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customer}/resources/features"
    return [
        Route(base, list_features, methods=["GET"]),
        Route(base, insert, methods=["POST"]),
        Route(base + "/{featureKey}", get, methods=["GET"]),
        Route(base + "/{featureKey}", patch, methods=["PATCH"]),
        Route(base + "/{featureKey}", update, methods=["PUT"]),
        Route(base + "/{featureKey}", delete, methods=["DELETE"]),
        Route(base + "/{oldName}/rename", rename, methods=["POST"]),
    ]
