"""Devices: ``/api/v1/devices``, the machines users enrolled with Okta Verify, their lifecycle
(ACTIVE, SUSPENDED, DEACTIVATED; only a deactivated device can be deleted) and their users."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import expressions, resources
from darkfactory.twins.okta.api import authorize, page, timestamp, user_json
from darkfactory.twins.okta.errors import OktaError, validation
from darkfactory.twins.okta.state import OktaState, state_of

# A lifecycle action: the statuses it may start from, the status it leaves.
LIFECYCLE = {
    "activate": (("DEACTIVATED", "CREATED"), "ACTIVE"),
    "deactivate": (("ACTIVE", "SUSPENDED", "CREATED"), "DEACTIVATED"),
    "suspend": (("ACTIVE",), "SUSPENDED"),
    "unsuspend": (("SUSPENDED",), "ACTIVE"),
}
# The devices a fresh org has once its demo user enrolled a laptop and a phone.
SEEDED = (
    {
        "displayName": "Dee's MacBook Pro",
        "platform": "MACOS",
        "manufacturer": "Apple",
        "model": "MacBookPro18,3",
        "osVersion": "14.4.1",
        "serialNumber": "C02FK0ZZQ05N",
        "udid": "2B7A2C4E-5F1B-4B0C-9E6C-3C1B7F6B2D11",
        "registered": True,
        "secureHardwarePresent": True,
        "diskEncryptionType": "ALL_INTERNAL_VOLUMES",
    },
    {
        "displayName": "Dee's iPhone",
        "platform": "IOS",
        "manufacturer": "APPLE",
        "model": "iPhone15,2",
        "osVersion": "17.4",
        "imei": "356789104523671",
        "udid": "00008120-001A2C3E0E38A01E",
        "registered": True,
        "secureHardwarePresent": True,
        "integrityJailbreak": False,
        "diskEncryptionType": "USER",
    },
)


def _shown(call: Call, resource: dict) -> dict:
    name = resource["document"]["profile"].get("displayName")
    return {
        "status": resource["status"],
        "resourceType": "UDDevice",
        "resourceDisplayName": {"value": name, "sensitive": False},
        "resourceAlternateId": None,
        "resourceId": resource["id"],
    }


def _links(call: Call, resource: dict, href: str) -> dict:
    links = {
        "self": {"href": href, "hints": {"allow": ["GET", "PATCH", "PUT"]}},
        "users": {"href": f"{href}/users", "hints": {"allow": ["GET"]}},
    }
    for action, (sources, _) in LIFECYCLE.items():
        if resource["status"] in sources:
            links[action] = {"href": f"{href}/lifecycle/{action}", "hints": {"allow": ["POST"]}}
    return links


def _refuse(call: Call, payload: dict, own_id: str | None) -> dict:
    raise validation("Devices enroll through Okta Verify")  # no API writes a device's document


KIND = resources.Kind(
    name="Device",
    path="/api/v1/devices",
    id_param="deviceId",
    prefix="guo",
    scope="okta.devices",
    event="device",
    clean=_refuse,
    lifecycle=False,
    shown=_shown,
    links=_links,
)


def seed(state: OktaState) -> None:
    """The demo user's enrolled laptop and phone, both ACTIVE."""
    demo = state.user("demo@example.com")
    for profile in SEEDED:
        link = {
            "userId": demo["id"],
            "managementStatus": "NOT_MANAGED",
            "screenLockType": "BIOMETRIC",
            "created": state.now(),
        }
        stored = {"profile": profile, "users": [link]}
        resources.insert(state, KIND, state.new_id(KIND.prefix), stored, "ACTIVE")


def _device_json(call: Call, resource: dict) -> dict:
    shown = resources.resource_json(call, KIND, resource)
    shown.pop("users")
    return shown


def _device_users(call: Call, resource: dict) -> list[dict]:
    """The device's users; a deleted user's link is gone with them."""
    state = state_of(call)
    linked = [(link, state.find_user(link["userId"])) for link in resource["document"]["users"]]
    return [
        {
            "created": timestamp(link["created"]),
            "managementStatus": link["managementStatus"],
            "screenLockType": link["screenLockType"],
            "user": user_json(call, user),
        }
        for link, user in linked
        if user is not None
    ]


@operation("listDevices")
def list_devices(call: Call) -> Response:
    authorize(call, "okta.devices.read")
    devices = resources.documents(call, KIND)
    shown = [_device_json(call, d) for d in devices]
    if call.query.get("search"):
        try:
            wanted = expressions.parse(call.query["search"])
        except ValueError as error:
            raise OktaError("E0000031", 400, "Invalid search criteria.", [str(error)]) from error
        devices = [d for d, s in zip(devices, shown, strict=True) if wanted(s)]
        shown = [s for s in shown if wanted(s)]
    if call.query.get("expand") == "user":
        for device, answer in zip(devices, shown, strict=True):
            answer["_embedded"] = {"users": _device_users(call, device)}
    return page(call, shown, 200, 200)


@operation("getDevice")
def get_device(call: Call) -> dict:
    authorize(call, "okta.devices.read")
    return _device_json(call, resources.document(call, KIND))


@operation("listDeviceUsers")
def list_device_users(call: Call) -> list:
    authorize(call, "okta.devices.read")
    return _device_users(call, resources.document(call, KIND))


@operation("deleteDevice")
def delete_device(call: Call) -> Response:
    actor = authorize(call, "okta.devices.manage")
    device = resources.document(call, KIND)
    if device["status"] != "DEACTIVATED":
        raise validation("Device must be DEACTIVATED before it can be deleted.")
    call.universe.store.execute(
        "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (KIND.name, device["id"])
    )
    resources.log(call, KIND, "delete", device, actor)
    return Response(status_code=204)


def _lifecycle(action: str):
    sources, target = LIFECYCLE[action]

    def handler(call: Call) -> Response:
        actor = authorize(call, "okta.devices.manage")
        device = resources.document(call, KIND)
        if device["status"] not in sources:
            raise validation(f"Cannot {action} a device whose status is {device['status']}.")
        if target == "DEACTIVATED":  # deactivation drops every device user link
            resources.store(call, KIND, device, {**device["document"], "users": []}, actor)
        resources.set_status(call, KIND, device, target, action, actor)
        return Response(status_code=204)

    return Route(
        f"{KIND.path}/{{deviceId}}/lifecycle/{action}",
        operation(f"{action}Device")(handler),
        methods=["POST"],
    )


def routes() -> list[Route]:
    one = f"{KIND.path}/{{deviceId}}"
    return [
        Route(KIND.path, list_devices, methods=["GET"]),
        Route(one, get_device, methods=["GET"]),
        Route(one, delete_device, methods=["DELETE"]),
        Route(f"{one}/users", list_device_users, methods=["GET"]),
        *(_lifecycle(action) for action in LIFECYCLE),
    ]
