"""ChromeOS and mobile devices through googleapiclient: the seeded devices, their lifecycle
actions and the states that refuse them, moves between units, remote commands, and plain
users refused."""

from __future__ import annotations

import pytest
from tests.twins.google.directory_clients import (
    ALICE,
    assert_not_authorized,
    directory_as,
    failure,
)

C = "my_customer"


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def chromebook(admin) -> dict:
    listed = admin.chromeosdevices().list(customerId=C, query=ALICE).execute()
    (device,) = listed["chromeosdevices"]
    return device


def test_chromebooks_are_listed_found_and_annotated(admin, chromebook):
    every = admin.chromeosdevices().list(customerId=C, orderBy="serialNumber").execute()
    serials = [d["serialNumber"] for d in every["chromeosdevices"]]
    assert serials == sorted(serials) and len(serials) == 3
    assert chromebook["annotatedUser"] == ALICE and chromebook["status"] == "ACTIVE"
    patched = (
        admin.chromeosdevices()
        .patch(customerId=C, deviceId=chromebook["deviceId"], body={"notes": "spare charger"})
        .execute()
    )
    assert patched["notes"] == "spare charger" and patched["annotatedUser"] == ALICE
    replaced = (
        admin.chromeosdevices()
        .update(customerId=C, deviceId=chromebook["deviceId"], body={"annotatedLocation": "Desk 4"})
        .execute()
    )
    assert "notes" not in replaced and "annotatedUser" not in replaced
    assert replaced["serialNumber"] == chromebook["serialNumber"]
    status, error = failure(admin.chromeosdevices().get(customerId=C, deviceId="missing"))
    assert (status, error["message"]) == (404, "Resource Not Found: resource_id")


def test_chromebooks_are_disabled_reenabled_and_deprovisioned(admin, chromebook):
    device_id = chromebook["deviceId"]
    devices = admin.chromeosdevices()
    status, _ = failure(
        devices.action(customerId=C, resourceId=device_id, body={"action": "reenable"})
    )
    assert status == 400
    devices.action(customerId=C, resourceId=device_id, body={"action": "disable"}).execute()
    assert devices.get(customerId=C, deviceId=device_id).execute()["status"] == "DISABLED"
    devices.action(customerId=C, resourceId=device_id, body={"action": "reenable"}).execute()
    status, error = failure(
        devices.action(customerId=C, resourceId=device_id, body={"action": "deprovision"})
    )
    assert (status, error["reason"]) == (400, "required")
    devices.action(
        customerId=C,
        resourceId=device_id,
        body={"action": "deprovision", "deprovisionReason": "retiring_device"},
    ).execute()
    assert devices.get(customerId=C, deviceId=device_id).execute()["status"] == "DEPROVISIONED"
    result = (
        admin.customer()
        .devices()
        .chromeos()
        .batchChangeStatus(
            customerId=C,
            body={
                "deviceIds": [device_id, "missing"],
                "changeChromeOsDeviceStatusAction": "CHANGE_CHROME_OS_DEVICE_STATUS_ACTION_DISABLE",
            },
        )
        .execute()["changeChromeOsDeviceStatusResults"]
    )
    assert [r["deviceId"] for r in result] == [device_id, "missing"]
    assert result[0]["error"]["code"] == 400 and result[1]["error"]["code"] == 404


def test_chromebooks_move_between_units_and_are_counted(admin, chromebook):
    admin.orgunits().insert(
        customerId=C, body={"name": "Loaners", "parentOrgUnitPath": "/"}
    ).execute()
    admin.chromeosdevices().moveDevicesToOu(
        customerId=C, orgUnitPath="/Loaners", body={"deviceIds": [chromebook["deviceId"]]}
    ).execute()
    there = admin.chromeosdevices().list(customerId=C, orgUnitPath="/Loaners").execute()
    assert [d["deviceId"] for d in there["chromeosdevices"]] == [chromebook["deviceId"]]
    counted = (
        admin.customer()
        .devices()
        .chromeos()
        .countChromeOsDevices(customerId=C, orgUnitPath="/Loaners")
    )
    assert counted.execute() == {"count": "1"}
    status, _ = failure(
        admin.chromeosdevices().moveDevicesToOu(
            customerId=C, orgUnitPath="/Nowhere", body={"deviceIds": [chromebook["deviceId"]]}
        )
    )
    assert status == 400


def test_commands_go_to_active_chromebooks(admin, chromebook):
    chromeos = admin.customer().devices().chromeos()
    issued = chromeos.issueCommand(
        customerId=C, deviceId=chromebook["deviceId"], body={"commandType": "REBOOT"}
    ).execute()
    command = (
        chromeos.commands()
        .get(customerId=C, deviceId=chromebook["deviceId"], commandId=issued["commandId"])
        .execute()
    )
    assert (command["type"], command["state"]) == ("REBOOT", "PENDING")
    status, _ = failure(
        chromeos.commands().get(customerId=C, deviceId=chromebook["deviceId"], commandId="1")
    )
    assert status == 404
    admin.chromeosdevices().action(
        customerId=C, resourceId=chromebook["deviceId"], body={"action": "disable"}
    ).execute()
    status, _ = failure(
        chromeos.issueCommand(
            customerId=C, deviceId=chromebook["deviceId"], body={"commandType": "REBOOT"}
        )
    )
    assert status == 400


def test_phones_are_blocked_wiped_and_removed(admin):
    phones = admin.mobiledevices()
    listed = phones.list(customerId=C, orderBy="model").execute()["mobiledevices"]
    assert [p["model"] for p in listed] == ["iPhone 15", "Pixel 8"]
    phone = next(p for p in listed if p["email"] == [ALICE])
    key = phone["resourceId"]
    phones.action(customerId=C, resourceId=key, body={"action": "admin_remote_wipe"}).execute()
    assert phones.get(customerId=C, resourceId=key).execute()["status"] == "WIPING"
    status, _ = failure(phones.action(customerId=C, resourceId=key, body={"action": "approve"}))
    assert status == 400
    phones.action(
        customerId=C, resourceId=key, body={"action": "cancel_remote_wipe_then_block"}
    ).execute()
    assert (
        phones.get(customerId=C, resourceId=key, projection="BASIC").execute()["status"]
        == "BLOCKED"
    )
    status, _ = failure(phones.action(customerId=C, resourceId=key, body={"action": "explode"}))
    assert status == 400
    phones.delete(customerId=C, resourceId=key).execute()
    status, error = failure(phones.get(customerId=C, resourceId=key))
    assert (status, error["message"]) == (404, "Resource Not Found: resourceId")


def test_plain_users_may_not_read_or_act_on_devices(google_service_for, chromebook):
    alice = directory_as(google_service_for, ALICE)
    assert_not_authorized(alice.chromeosdevices().list(customerId=C))
    assert_not_authorized(
        alice.chromeosdevices().action(
            customerId=C, resourceId=chromebook["deviceId"], body={"action": "disable"}
        )
    )
    assert_not_authorized(alice.mobiledevices().list(customerId=C))
    assert_not_authorized(alice.customer().devices().chromeos().countChromeOsDevices(customerId=C))
    assert_not_authorized(
        alice.customer()
        .devices()
        .chromeos()
        .issueCommand(customerId=C, deviceId=chromebook["deviceId"], body={"commandType": "REBOOT"})
    )
