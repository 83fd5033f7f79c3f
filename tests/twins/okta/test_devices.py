"""Devices through the okta SDK: the demo user's enrolled laptop and phone, search and the
``expand=user`` embedding, the lifecycle and its refusals, deletion only once deactivated, and
the admins refused."""

from __future__ import annotations

import pytest

from darkfactory.twins.okta.testing import send


async def devices_by_name(client) -> dict:
    listed, _, err = await client.list_devices()
    assert err is None
    return {d.profile.display_name: d for d in listed}


async def test_a_fresh_org_lists_the_demo_users_devices_and_finds_them(okta_client):
    devices = await devices_by_name(okta_client)
    assert sorted(devices) == ["Dee's MacBook Pro", "Dee's iPhone"]
    laptop = devices["Dee's MacBook Pro"]
    assert laptop.id.startswith("guo") and laptop.status == "ACTIVE"
    assert laptop.profile.platform == "MACOS" and laptop.resource_type == "UDDevice"
    assert laptop.resource_display_name.value == "Dee's MacBook Pro"

    found, _, err = await okta_client.list_devices(search='profile.platform eq "IOS"')
    assert err is None and [d.profile.display_name for d in found] == ["Dee's iPhone"]
    found, _, _ = await okta_client.list_devices(search='status eq "SUSPENDED"')
    assert found == []
    _, _, err = await okta_client.list_devices(search="profile.platform eq")
    assert err.status == 400 and err.error_code == "E0000031"

    # expand=user embeds each device's users, which the SDK's model drops: read the JSON.
    expanded, err = await send(okta_client, "GET", "/api/v1/devices?expand=user")
    assert err is None
    embedded = [u["user"]["profile"]["login"] for d in expanded for u in d["_embedded"]["users"]]
    assert embedded == ["demo@example.com", "demo@example.com"]
    plain, _ = await send(okta_client, "GET", "/api/v1/devices")
    assert all("_embedded" not in d for d in plain)

    one, _, err = await okta_client.get_device(laptop.id)
    assert err is None and one.profile.serial_number == "C02FK0ZZQ05N"
    users, _, err = await okta_client.list_device_users(laptop.id)
    assert err is None and [u.user.profile.login for u in users] == ["demo@example.com"]
    assert users[0].screen_lock_type == "BIOMETRIC"
    _, _, err = await okta_client.get_device("guo0000000000000000")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_the_device_lifecycle_and_deletion_only_once_deactivated(okta_client):
    phone = (await devices_by_name(okta_client))["Dee's iPhone"]
    raw, _ = await send(okta_client, "GET", f"/api/v1/devices/{phone.id}")
    assert sorted(raw["_links"]) == ["deactivate", "self", "suspend", "users"]

    # An active device cannot be deleted, unsuspended or activated.
    _, err = await okta_client.delete_device(phone.id)
    assert err.status == 400 and err.error_code == "E0000001"
    for refused in (okta_client.unsuspend_device, okta_client.activate_device):
        _, err = await refused(phone.id)
        assert err.status == 400 and err.error_code == "E0000001"

    assert (await okta_client.suspend_device(phone.id))[-1] is None
    suspended, _, _ = await okta_client.get_device(phone.id)
    assert suspended.status == "SUSPENDED"
    _, err = await okta_client.suspend_device(phone.id)
    assert err.status == 400
    assert (await okta_client.unsuspend_device(phone.id))[-1] is None
    assert (await okta_client.get_device(phone.id))[0].status == "ACTIVE"

    # Deactivation drops the device's user links; then it may be reactivated or deleted.
    assert (await okta_client.deactivate_device(phone.id))[-1] is None
    deactivated, _ = await send(okta_client, "GET", f"/api/v1/devices/{phone.id}")
    assert deactivated["status"] == "DEACTIVATED"
    assert sorted(deactivated["_links"]) == ["activate", "self", "users"]
    users, _, _ = await okta_client.list_device_users(phone.id)
    assert users == []
    assert (await okta_client.delete_device(phone.id))[-1] is None
    _, _, err = await okta_client.get_device(phone.id)
    assert err.status == 404
    assert list(await devices_by_name(okta_client)) == ["Dee's MacBook Pro"]


async def test_only_admins_with_the_devices_scope_read_and_change_devices(
    okta_client, okta_client_as
):
    laptop = (await devices_by_name(okta_client))["Dee's MacBook Pro"]
    reader = okta_client_as(role="READ_ONLY_ADMIN")
    assert (await reader.get_device(laptop.id))[-1] is None
    scoped_reader = okta_client_as(scopes=["okta.devices.read"])
    assert (await scoped_reader.list_device_users(laptop.id))[-1] is None
    for client in (reader, okta_client_as(), scoped_reader):
        err = (await client.suspend_device(laptop.id))[-1]
        assert err.status == 403 and err.error_code == "E0000006"
    for client in (okta_client_as(), okta_client_as(scopes=["okta.users.read"])):
        err = (await client.list_devices())[-1]
        assert err.status == 403 and err.error_code == "E0000006"
    assert (await okta_client_as(scopes=["okta.devices.manage"]).suspend_device(laptop.id))[
        -1
    ] is None
    assert (await okta_client.get_device(laptop.id))[0].status == "SUSPENDED"


@pytest.mark.parametrize("action", ["activate", "deactivate", "suspend", "unsuspend"])
async def test_lifecycle_of_an_unknown_device_is_not_found(action, okta_client):
    _, err = await getattr(okta_client, f"{action}_device")("guo0000000000000000")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_a_deleted_user_is_no_longer_among_a_devices_users(okta_client):
    laptop = (await devices_by_name(okta_client))["Dee's MacBook Pro"]
    demo, _, _ = await okta_client.get_user("demo@example.com")
    await okta_client.deactivate_user(demo.id)
    assert (await okta_client.delete_user(demo.id))[-1] is None
    users, _, err = await okta_client.list_device_users(laptop.id)
    assert err is None and users == []
    expanded, err = await send(okta_client, "GET", "/api/v1/devices?expand=user")
    assert err is None and all(d["_embedded"]["users"] == [] for d in expanded)
