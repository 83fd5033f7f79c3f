"""``directory.mobiledevices.*``: phones and tablets that sync the domain's accounts.

``action`` approves or blocks a device, wipes it (or only the account on it), or cancels a wipe
to approve or block it again; ``delete`` removes it from management.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.directory import documents, listing
from darkfactory.twins.google.directory.wire import body, invalid, not_found, page, required
from darkfactory.twins.google.fixtures import USERS
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.ids import HEX, MIXED_ALNUM
from darkfactory.twins.kit.operation import Call

KIND = "mobile"
WIPING = ("WIPING", "ACCOUNT_WIPING")
ACTIONS = {
    "approve": ("APPROVED", ("PENDING", "BLOCKED", "APPROVED")),
    "block": ("BLOCKED", ("PENDING", "APPROVED", "BLOCKED")),
    "admin_remote_wipe": ("WIPING", ("PENDING", "APPROVED", "BLOCKED")),
    "admin_account_wipe": ("ACCOUNT_WIPING", ("PENDING", "APPROVED", "BLOCKED")),
    "cancel_remote_wipe_then_activate": ("APPROVED", WIPING),
    "cancel_remote_wipe_then_block": ("BLOCKED", WIPING),
}
ORDERS = {
    "deviceId": "deviceId",
    "email": "email",
    "lastSync": "lastSync",
    "model": "model",
    "name": "name",
    "os": "os",
    "status": "status",
    "type": "type",
}
SEARCHED = ("email", "name", "model", "os", "status", "type", "serialNumber")
BASIC = (
    "kind",
    "etag",
    "resourceId",
    "deviceId",
    "name",
    "email",
    "model",
    "os",
    "type",
    "status",
    "lastSync",
)
PHONES = (("Pixel 8", "Android 14", "ANDROID"), ("iPhone 15", "iOS 17.4", "IOS_SYNC"))


def seed(universe) -> None:
    """A phone for each of the seeded domain's first two users."""
    people = [(e, n) for e, n, admin in USERS if not admin and e.endswith("@example.com")]
    for (email, name), (model, os, kind) in zip(people, PHONES, strict=False):
        resource_id = "AFiQxQ8" + universe.ids.token("google.directory.mobile", 40, MIXED_ALNUM)
        documents.put(
            universe,
            KIND,
            resource_id,
            {
                "kind": "admin#directory#mobiledevice",
                "resourceId": resource_id,
                "deviceId": universe.ids.token("google.directory.mobile-device", 16, HEX),
                "name": [name],
                "email": [email],
                "model": model,
                "os": os,
                "type": kind,
                "status": "APPROVED",
                "firstSync": "2026-01-02T08:00:00.000Z",
                "lastSync": "2026-01-05T09:00:00.000Z",
            },
            tag="etag",
        )


def _found(call: Call) -> dict:
    found = documents.get(call.universe, KIND, call.path_params["resourceId"])
    if found is None:
        raise not_found("resourceId")
    return found


def _shown(call: Call, device: dict) -> dict:
    projection = call.query.get("projection", "FULL").upper()
    if projection not in ("BASIC", "FULL"):
        raise invalid("projection")
    if projection == "BASIC":
        return {k: v for k, v in device.items() if k in BASIC}
    return device


@operation("directory.mobiledevices.list")
def list_devices(call: Call) -> dict:
    documents.reader(call, "customerId")
    found = documents.every(call.universe, KIND)
    found = listing.searched(found, call.query.get("query", ""), SEARCHED)
    shown = [_shown(call, d) for d in listing.ordered(call, found, ORDERS)]
    return page(call, "admin#directory#mobiledevices", shown, key="mobiledevices", limit=(100, 100))


@operation("directory.mobiledevices.get")
def get(call: Call) -> dict:
    documents.reader(call, "customerId")
    return _shown(call, _found(call))


@operation("directory.mobiledevices.action")
def action(call: Call) -> Response:
    documents.writer(call, "customerId")
    device = _found(call)
    name = body(call, "MobileDeviceAction").get("action")
    if not name:
        raise required("action")
    if name not in ACTIONS:
        raise invalid("action")
    status, allowed = ACTIONS[name]
    if device["status"] not in allowed:
        raise invalid(f"Device status is {device['status']}")
    documents.put(
        call.universe, KIND, device["resourceId"], device | {"status": status}, tag="etag"
    )
    return Response(status_code=204)


@operation("directory.mobiledevices.delete")
def delete(call: Call) -> Response:
    documents.writer(call, "customerId")
    documents.remove(call.universe, KIND, _found(call)["resourceId"])
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customerId}/devices/mobile"
    return [
        Route(base, list_devices, methods=["GET"]),
        Route(base + "/{resourceId}", get, methods=["GET"]),
        Route(base + "/{resourceId}", delete, methods=["DELETE"]),
        Route(base + "/{resourceId}/action", action, methods=["POST"]),
    ]
