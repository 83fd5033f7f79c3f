"""User lifecycle through the okta SDK: the status machine and the errors Okta gives."""

from __future__ import annotations

import json

from okta.models import CreateUserRequest


async def make_user(client, login: str, password: bool = True, activate: bool = True):
    body = {"profile": {"login": login, "email": login, "firstName": "Life", "lastName": "Cycle"}}
    if password:
        body["credentials"] = {"password": {"value": "Sup3r-Secret!"}}
    user, _, err = await client.create_user(CreateUserRequest.from_dict(body), activate=activate)
    assert err is None
    return user


async def status_of(client, user_id: str) -> str:
    user, _, _ = await client.get_user(user_id)
    return user.status.value


async def test_staged_user_activates_with_token_and_cannot_activate_twice(okta_client):
    user = await make_user(okta_client, "stage@example.com", password=False, activate=False)
    token, _, err = await okta_client.activate_user(user.id, send_email=False)
    assert err is None and token.activation_token and "/welcome/" in token.activation_url
    assert await status_of(okta_client, user.id) == "PROVISIONED"
    _, _, err = await okta_client.reactivate_user(user.id, send_email=False)
    assert err is None
    _, _, err = await okta_client.activate_user(user.id, send_email=False)
    assert err.status == 403 and err.error_code == "E0000016"


async def test_suspend_unsuspend_and_their_forbidden_forms(okta_client):
    user = await make_user(okta_client, "susp@example.com")
    err = (await okta_client.unsuspend_user(user.id))[-1]
    assert err.status == 400 and err.error_code == "E0000001"
    err = (await okta_client.suspend_user(user.id))[-1]
    assert err is None and await status_of(okta_client, user.id) == "SUSPENDED"
    err = (await okta_client.suspend_user(user.id))[-1]
    assert err.error_code == "E0000001"
    _, _, err = await okta_client.reset_password(user.id, send_email=False)
    assert err.status == 403 and err.error_code == "E0000038"
    assert (await okta_client.unsuspend_user(user.id))[-1] is None
    assert await status_of(okta_client, user.id) == "ACTIVE"


async def test_unlock_only_a_locked_out_user(okta_client, universe):
    user = await make_user(okta_client, "lock@example.com")
    err = (await okta_client.unlock_user(user.id))[-1]
    assert err.status == 403 and err.error_code == "E0000038"

    def lock_out():
        with universe.universe.store.transaction():
            universe.universe.twins["okta"].state.lock_out(user.id)

    universe.call(lock_out)
    assert await status_of(okta_client, user.id) == "LOCKED_OUT"
    locked, _, _ = await okta_client.get_user(user.id)
    assert locked.links.unlock.href.endswith(f"/users/{user.id}/lifecycle/unlock")
    err = (await okta_client.unlock_user(user.id))[-1]
    assert err is None and await status_of(okta_client, user.id) == "ACTIVE"


async def test_password_expiry_and_reset(okta_client):
    user = await make_user(okta_client, "pw@example.com")
    expired, _, err = await okta_client.expire_password(user.id)
    assert err is None and expired.status.value == "PASSWORD_EXPIRED"
    # The SDK types this answer as a User; the wire carries Okta's ``{"tempPassword": ...}``.
    _, resp, err = await okta_client.expire_password_with_temp_password(user.id)
    assert err is None and len(json.loads(resp.raw_data)["tempPassword"]) == 8
    reset, _, err = await okta_client.reset_password(user.id, send_email=False)
    assert err is None and "/reset_password/" in reset.reset_password_url
    assert await status_of(okta_client, user.id) == "RECOVERY"


async def test_delete_deactivates_first_then_removes(okta_client):
    user = await make_user(okta_client, "gone@example.com")
    err = (await okta_client.delete_user(user.id))[-1]
    assert err is None and await status_of(okta_client, user.id) == "DEPROVISIONED"
    err = (await okta_client.deactivate_user(user.id))[-1]
    assert err.status == 403 and err.error_code == "E0000038"
    err = (await okta_client.delete_user(user.id))[-1]
    assert err is None
    _, _, err = await okta_client.get_user(user.id)
    assert err.status == 404 and err.error_code == "E0000007"


async def test_deprovisioned_user_can_be_activated_again(okta_client):
    user = await make_user(okta_client, "back@example.com")
    assert (await okta_client.deactivate_user(user.id))[-1] is None
    _, _, err = await okta_client.activate_user(user.id, send_email=True)
    assert err is None and await status_of(okta_client, user.id) == "ACTIVE"
