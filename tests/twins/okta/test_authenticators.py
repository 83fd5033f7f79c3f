"""Authenticators through the okta SDK: a fresh org's set, lifecycle, methods, and what they let
users enroll."""

from __future__ import annotations

import pytest
from okta.models import AuthenticatorEnrollmentCreateRequest, UserFactor

from darkfactory.twins.okta.testing import send


async def authenticator(client, key: str):
    found, _, err = await client.list_authenticators()
    assert err is None
    return next(a for a in found if a.key.value == key)


def sms(phone: str = "+15555550100") -> UserFactor:
    return UserFactor.from_dict(
        {"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": phone}}
    )


async def test_a_fresh_org_has_its_authenticators(okta_client):
    found, _, err = await okta_client.list_authenticators()
    assert err is None
    keys = [a.key.value for a in found]
    assert keys[:2] == ["okta_email", "okta_password"]
    assert {"okta_verify", "phone_number", "security_question", "google_otp"} <= set(keys)
    password = await authenticator(okta_client, "okta_password")
    assert password.id.startswith("aut") and password.status.value == "ACTIVE"
    got, _, err = await okta_client.get_authenticator(password.id)
    assert err is None and got.name == "Password"
    raw, _ = await send(okta_client, "GET", f"/api/v1/authenticators/{password.id}")
    assert raw["type"] == "password" and "methods" not in raw
    assert raw["_links"]["methods"]["href"].endswith(f"/{password.id}/methods")
    _, _, err = await okta_client.deactivate_authenticator(password.id)
    assert err.status == 400 and err.error_code == "E0000001"


async def test_an_inactive_authenticator_refuses_its_factors(okta_client):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    phone = await authenticator(okta_client, "phone_number")
    _, _, err = await okta_client.deactivate_authenticator(phone.id)
    assert err is None
    got, _, _ = await okta_client.get_authenticator(phone.id)
    assert got.status.value == "INACTIVE"
    _, _, err = await okta_client.enroll_factor(demo.id, sms())
    assert err.status == 400 and err.error_code == "E0000001"
    assert "not allowed" in err.error_causes[0]["errorSummary"]
    catalog, _, _ = await okta_client.list_supported_factors(demo.id)
    assert "sms" not in {f.factor_type.value for f in catalog}

    _, _, err = await okta_client.activate_authenticator(phone.id)
    assert err is None
    factor, _, err = await okta_client.enroll_factor(demo.id, sms())
    assert err is None and factor.factor_type.value == "sms"


async def test_a_methods_status_decides_its_factor(okta_client):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    phone = await authenticator(okta_client, "phone_number")
    methods, _, err = await okta_client.list_authenticator_methods(phone.id)
    assert err is None
    assert [m.type.value for m in methods] == ["sms", "voice"]
    _, _, err = await okta_client.deactivate_authenticator_method(phone.id, "voice")
    assert err is None
    voice, _, _ = await okta_client.get_authenticator_method(phone.id, "voice")
    assert voice.status.value == "INACTIVE"
    call = UserFactor.from_dict(
        {"factorType": "call", "provider": "OKTA", "profile": {"phoneNumber": "+15555550101"}}
    )
    _, _, err = await okta_client.enroll_factor(demo.id, call)
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.enroll_factor(demo.id, sms())
    assert err is None
    _, _, err = await okta_client.get_authenticator_method(phone.id, "push")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_an_added_authenticator_and_a_replaced_one(okta_client):
    created, err = await send(
        okta_client,
        "POST",
        "/api/v1/authenticators?activate=false",
        {"key": "yubikey_token", "name": "YubiKey"},
    )
    assert err is None and created["status"] == "INACTIVE" and created["id"].startswith("aut")
    _, err = await send(
        okta_client, "POST", "/api/v1/authenticators", {"key": "yubikey_token", "name": "Again"}
    )
    assert err.status == 400 and "already exists" in err.error_causes[0]["errorSummary"]
    _, err = await send(okta_client, "POST", "/api/v1/authenticators", {"key": "nope", "name": "X"})
    assert err.status == 400 and err.error_code == "E0000001"
    email = await authenticator(okta_client, "okta_email")
    replaced, err = await send(
        okta_client,
        "PUT",
        f"/api/v1/authenticators/{email.id}",
        {"key": "okta_email", "name": "Work email", "settings": {"allowedFor": "recovery"}},
    )
    assert err is None and replaced["name"] == "Work email"
    assert replaced["settings"] == {"allowedFor": "recovery"}
    _, err = await send(
        okta_client, "PUT", f"/api/v1/authenticators/{email.id}", {"key": "webauthn"}
    )
    assert err.status == 400 and err.error_code == "E0000001"


@pytest.mark.parametrize("who", [{"role": "READ_ONLY_ADMIN"}, {"role": None}, {"scopes": []}])
async def test_only_admins_with_the_scope_change_authenticators(who, okta_client, okta_client_as):
    phone = await authenticator(okta_client, "phone_number")
    client = okta_client_as(**who)
    _, _, err = await client.deactivate_authenticator(phone.id)
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await client.deactivate_authenticator_method(phone.id, "sms")
    assert err.status == 403 and err.error_code == "E0000006"
    got, _, _ = await okta_client.get_authenticator(phone.id)
    assert got.status.value == "ACTIVE"


async def test_a_read_only_admin_and_a_read_scope_read_authenticators(okta_client_as):
    for client in (
        okta_client_as(role="READ_ONLY_ADMIN"),
        okta_client_as(scopes=["okta.authenticators.read"]),
    ):
        found, _, err = await client.list_authenticators()
        assert err is None and found
    _, _, err = await okta_client_as(scopes=["okta.users.read"]).list_authenticators()
    assert err.status == 403 and err.error_code == "E0000006"


async def enrollments_of(client, user_id: str) -> list[dict]:
    """A user's enrollments, a JSON list as Okta answers (the SDK's model expects one object)."""
    listed, err = await send(client, "GET", f"/api/v1/users/{user_id}/authenticator-enrollments")
    assert err is None
    return listed


def phone_enrollment(authenticator_id: str, phone: str = "+15555550123"):
    return AuthenticatorEnrollmentCreateRequest.from_dict(
        {"authenticatorId": authenticator_id, "profile": {"phoneNumber": phone}}
    )


async def test_an_admin_enrolls_a_users_phone_while_the_authenticator_is_on(okta_client):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    phone = await authenticator(okta_client, "phone_number")
    enrollment, _, err = await okta_client.create_authenticator_enrollment(
        demo.id, phone_enrollment(phone.id)
    )
    assert err is None and enrollment.key == "phone_number" and enrollment.status == "ACTIVE"
    assert enrollment.profile.phone_number == "+15555550123"
    factors, _, _ = await okta_client.list_factors(demo.id)
    assert [f.id for f in factors] == [enrollment.id]
    listed = await enrollments_of(okta_client, demo.id)
    assert [(e["id"], e["type"], e["name"]) for e in listed] == [(enrollment.id, "phone", "Phone")]
    _, _, err = await okta_client.create_authenticator_enrollment(
        demo.id, phone_enrollment(phone.id)
    )
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.delete_authenticator_enrollment(demo.id, enrollment.id))[-1] is None
    _, _, err = await okta_client.get_authenticator_enrollment(demo.id, enrollment.id)
    assert err.status == 404 and err.error_code == "E0000007"

    await okta_client.deactivate_authenticator_method(phone.id, "sms")
    _, _, err = await okta_client.create_authenticator_enrollment(
        demo.id, phone_enrollment(phone.id)
    )
    assert err.status == 400 and err.error_code == "E0000001"
    email = await authenticator(okta_client, "okta_email")
    await okta_client.activate_authenticator_method(phone.id, "sms")
    _, _, err = await okta_client.create_authenticator_enrollment(
        demo.id, phone_enrollment(email.id)
    )
    assert err.status == 400 and err.error_code == "E0000001"


@pytest.mark.parametrize("who", [{"role": "READ_ONLY_ADMIN"}, {"role": None}, {"scopes": []}])
async def test_only_user_admins_enroll_phones(who, okta_client, okta_client_as):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    phone = await authenticator(okta_client, "phone_number")
    _, _, err = await okta_client_as(**who).create_authenticator_enrollment(
        demo.id, phone_enrollment(phone.id)
    )
    assert err.status == 403 and err.error_code == "E0000006"
    assert await enrollments_of(okta_client, demo.id) == []
