"""``admin.customer.devices.chromeos.*``: counting ChromeOS devices, changing many devices'
status at once, and remote commands (reboot, screenshot...) issued to an active device and
read back by id."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.api import timestamp
from darkfactory.twins.google.directory import documents
from darkfactory.twins.google.directory.devices import chromeos
from darkfactory.twins.google.directory.wire import body, invalid, not_found, required
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.state import DIGITS
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

KIND = "chromeos-command"
ACTION_PREFIX = "CHANGE_CHROME_OS_DEVICE_STATUS_ACTION_"
REASON_PREFIX = "DEPROVISION_REASON_"
COMMAND_LIFETIME = 5 * 24 * 3600


@operation("admin.customer.devices.chromeos.countChromeOsDevices")
def count(call: Call) -> dict:
    documents.reader(call, "customerId")
    return {"count": str(len(chromeos.chosen(call, call.query.get("filter", ""))))}


@operation("admin.customer.devices.chromeos.batchChangeStatus")
def batch_change_status(call: Call) -> dict:
    documents.writer(call, "customerId")
    given = body(call, "BatchChangeChromeOsDeviceStatusRequest")
    action = (given.get("changeChromeOsDeviceStatusAction") or "").removeprefix(ACTION_PREFIX)
    if action in ("", "UNSPECIFIED"):
        raise required("changeChromeOsDeviceStatusAction")
    reason = (given.get("deprovisionReason") or "").removeprefix(REASON_PREFIX).lower() or None
    results = []
    for device_id in given.get("deviceIds") or []:
        try:
            found = chromeos.device(call, device_id)
            chromeos.change_status(call, found, action.lower(), reason)
        except GoogleError as error:
            status = {"code": error.status, "message": error.message}
            results.append({"deviceId": device_id, "error": status})
        else:
            results.append({"deviceId": device_id, "response": {}})
    return {"changeChromeOsDeviceStatusResults": results}


@operation("admin.customer.devices.chromeos.issueCommand")
def issue_command(call: Call) -> dict:
    documents.writer(call, "customerId")
    found = chromeos.device(call, call.path_params["deviceId"])
    given = body(call, "DirectoryChromeosdevicesIssueCommandRequest")
    kind = given.get("commandType")
    if kind in (None, "COMMAND_TYPE_UNSPECIFIED"):
        raise required("commandType")
    if found["status"] != "ACTIVE":
        raise invalid("Device is not active")
    now = call.universe.clock.now()
    command_id = call.universe.ids.token("google.directory.command", 12, DIGITS)
    command = {
        "commandId": command_id,
        "type": kind,
        "state": "PENDING",
        "issueTime": timestamp(now),
        "commandExpireTime": timestamp(now + COMMAND_LIFETIME),
    }
    if given.get("payload"):
        command["payload"] = given["payload"]
    documents.put(call.universe, KIND, f"{found['deviceId']}/{command_id}", command, tag=None)
    return {"commandId": command_id}


@operation("admin.customer.devices.chromeos.commands.get")
def get_command(call: Call) -> dict:
    documents.reader(call, "customerId")
    key = f"{call.path_params['deviceId']}/{call.path_params['commandId']}"
    command = documents.get(call.universe, KIND, key)
    if command is None:
        raise not_found("commandId")
    return command


def routes() -> list[Route]:
    base = "/admin/directory/v1/customer/{customerId}/devices/chromeos"
    return [
        Route(base + ":countChromeOsDevices", count, methods=["GET"]),
        Route(base + ":batchChangeStatus", batch_change_status, methods=["POST"]),
        Route(base + "/{deviceId}:issueCommand", issue_command, methods=["POST"]),
        Route(base + "/{deviceId}/commands/{commandId}", get_command, methods=["GET"]),
    ]
