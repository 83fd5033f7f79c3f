"""``directory.chromeosdevices.*``: the customer's ChromeOS devices, each in an organizational
unit, with the notes administrators keep on them.

``action`` disables, re-enables or deprovisions a device (deprovisioning needs a reason and is
final); ``moveDevicesToOu`` moves devices to a unit that exists. ``patch`` and ``update`` change
only what an administrator may annotate.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import documents, listing, orgunits
from darkfactory.twins.google.directory.wire import body, invalid, not_found, page, required
from darkfactory.twins.google.fixtures import USERS
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import HEX, UPPER_ALNUM
from darkfactory.twins.kit.operation import Call

KIND = "chromeos"
EDITABLE = ("annotatedUser", "annotatedLocation", "annotatedAssetId", "notes", "orgUnitPath")
ORDERS = {
    "annotatedLocation": "annotatedLocation",
    "annotatedUser": "annotatedUser",
    "lastSync": "lastSync",
    "notes": "notes",
    "serialNumber": "serialNumber",
    "status": "status",
}
SEARCHED = (
    "serialNumber",
    "annotatedUser",
    "annotatedLocation",
    "annotatedAssetId",
    "notes",
    "model",
)
ACTIONS = {"disable": ("ACTIVE", "DISABLED"), "reenable": ("DISABLED", "ACTIVE")}
REASONS = (
    "same_model_replacement",
    "different_model_replacement",
    "retiring_device",
    "upgrade_transfer",
)
MODELS = ("Google Pixelbook Go", "Acer Chromebook Spin 714", "HP Chromebook x360")


def _uuid(universe) -> str:
    raw = universe.ids.token("google.directory.chromeos", 32, HEX)
    return "-".join((raw[:8], raw[8:12], raw[12:16], raw[16:20], raw[20:]))


def seed(universe) -> None:
    """A Chromebook for each user of the seeded domain but the administrator, in ``/``."""
    people = [email for email, _, admin in USERS if not admin and email.endswith("@example.com")]
    for number, (email, model) in enumerate(zip(people, MODELS, strict=False)):
        device_id = _uuid(universe)
        documents.put(
            universe,
            KIND,
            device_id,
            {
                "kind": "admin#directory#chromeosdevice",
                "deviceId": device_id,
                "serialNumber": universe.ids.token("google.directory.serial", 10, UPPER_ALNUM),
                "status": "ACTIVE",
                "model": model,
                "osVersion": "124.0.6367.225",
                "platformVersion": "15823.67.0 (Official Build) stable-channel",
                "bootMode": "Verified",
                "annotatedUser": email,
                "annotatedAssetId": f"ASSET-{number + 1:04d}",
                "orgUnitPath": "/",
                "recentUsers": [{"type": "USER_TYPE_MANAGED", "email": email}],
                "lastSync": "2026-01-05T09:00:00.000Z",
            },
            tag="etag",
        )


def device(call: Call, device_id: str) -> dict:
    found = documents.get(call.universe, KIND, device_id)
    if found is None:
        raise not_found("resource_id")
    return found


def _shown(call: Call, found: dict) -> dict:
    unit = orgunits.unit(call.universe, found["orgUnitPath"])
    shown = found | ({"orgUnitId": unit["id"]} if unit else {})
    if call.query.get("projection", "FULL").upper() == "BASIC":
        shown.pop("recentUsers", None)
    return shown


def chosen(call: Call, query: str) -> list[dict]:
    """The devices in the ``orgUnitPath`` asked (and below it, with ``includeChildOrgunits``)
    that match the free-text ``query``."""
    found = documents.every(call.universe, KIND)
    if call.query.get("orgUnitPath"):
        path = "/" + call.query["orgUnitPath"].strip("/")
        below = call.query.get("includeChildOrgunits", "").lower() == "true"
        found = [
            d
            for d in found
            if d["orgUnitPath"] == path
            or (below and d["orgUnitPath"].startswith(path.rstrip("/") + "/"))
        ]
    return listing.searched(found, query, SEARCHED)


@operation("directory.chromeosdevices.list")
def list_devices(call: Call) -> dict:
    documents.reader(call, "customerId")
    found = listing.ordered(call, chosen(call, call.query.get("query", "")), ORDERS)
    shown = [_shown(call, d) for d in found]
    return page(
        call, "admin#directory#chromeosdevices", shown, key="chromeosdevices", limit=(100, 300)
    )


@operation("directory.chromeosdevices.get")
def get(call: Call) -> dict:
    documents.reader(call, "customerId")
    return _shown(call, device(call, call.path_params["deviceId"]))


def _unit_path(call: Call, key: str) -> str:
    unit = orgunits.unit(call.universe, key)
    if unit is None:
        raise invalid("orgUnitPath")
    return unit["path"]


def _change(call: Call, replace: bool) -> dict:
    documents.writer(call, "customerId")
    old = device(call, call.path_params["deviceId"])
    given = {k: v for k, v in body(call, "ChromeOsDevice").items() if k in EDITABLE}
    if given.get("orgUnitPath"):
        given["orgUnitPath"] = _unit_path(call, given["orgUnitPath"])
    keep = [k for k in old if k not in EDITABLE or k == "orgUnitPath"]
    base = {k: old[k] for k in keep} if replace else old
    changed = base | given
    return _shown(call, documents.put(call.universe, KIND, old["deviceId"], changed, tag="etag"))


@operation("directory.chromeosdevices.patch")
def patch(call: Call) -> dict:
    return _change(call, replace=False)


@operation("directory.chromeosdevices.update")
def update(call: Call) -> dict:
    return _change(call, replace=True)


def change_status(call: Call, found: dict, action: str, reason: str | None) -> dict:
    """Apply ``disable``, ``reenable`` or ``deprovision`` to a device; 400 where it cannot."""
    if found["status"] == "DEPROVISIONED":
        raise invalid("Device is deprovisioned")
    if action == "deprovision":
        if not reason:
            raise required("deprovisionReason")
        if reason not in REASONS:
            raise invalid("deprovisionReason")
        changed = found | {"status": "DEPROVISIONED", "deprovisionReason": reason}
    elif action in ACTIONS:
        before, after = ACTIONS[action]
        if found["status"] != before:
            raise invalid(f"Device is not {before.lower()}")
        changed = found | {"status": after}
    else:
        raise invalid("action")
    return documents.put(call.universe, KIND, found["deviceId"], changed, tag="etag")


@operation("directory.chromeosdevices.action")
def action(call: Call) -> Response:
    documents.writer(call, "customerId")
    found = device(call, call.path_params["resourceId"])
    given = body(call, "ChromeOsDeviceAction")
    if not given.get("action"):
        raise required("action")
    change_status(call, found, given["action"], given.get("deprovisionReason"))
    return Response(status_code=204)


@operation("directory.chromeosdevices.moveDevicesToOu")
def move(call: Call) -> Response:
    documents.writer(call, "customerId")
    if not call.query.get("orgUnitPath"):
        raise required("orgUnitPath")
    path = _unit_path(call, call.query["orgUnitPath"])
    ids = body(call, "ChromeOsMoveDevicesToOu").get("deviceIds") or []
    if not ids:
        raise required("deviceIds")
    moved = [device(call, device_id) for device_id in ids]
    for found in moved:
        documents.put(
            call.universe, KIND, found["deviceId"], found | {"orgUnitPath": path}, tag="etag"
        )
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customerId}/devices/chromeos"
    return [
        Route(base, list_devices, methods=["GET"]),
        Route(base + "/moveDevicesToOu", move, methods=["POST"]),
        Route(base + "/{resourceId}/action", action, methods=["POST"]),
        Route(base + "/{deviceId}", get, methods=["GET"]),
        Route(base + "/{deviceId}", patch, methods=["PATCH"]),
        Route(base + "/{deviceId}", update, methods=["PUT"]),
    ]
