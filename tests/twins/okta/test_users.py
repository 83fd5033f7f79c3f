"""Users through the okta SDK: create, get, list with q/filter/search, update, auth and errors."""

from __future__ import annotations

import pytest
from okta.models import CreateUserRequest, UpdateUserRequest


def new_user(login: str, password: str | None = "Sup3r-Secret!", **profile) -> CreateUserRequest:
    body = {
        "profile": {
            "login": login,
            "email": login,
            "firstName": "Test",
            "lastName": "User",
            **profile,
        }
    }
    if password:
        body["credentials"] = {"password": {"value": password}}
    return CreateUserRequest.from_dict(body)


async def test_create_with_password_is_active_and_found_by_id_and_login(okta_client):
    user, _, err = await okta_client.create_user(new_user("pat@example.com"))
    assert err is None and user.status.value == "ACTIVE"
    assert user.id.startswith("00u") and len(user.id) == 20
    by_login, _, err = await okta_client.get_user("pat@example.com")
    assert err is None and by_login.id == user.id and by_login.profile.first_name == "Test"


async def test_create_without_password_is_provisioned_and_staged_when_not_activated(okta_client):
    provisioned, _, _ = await okta_client.create_user(new_user("prov@example.com", None))
    staged, _, _ = await okta_client.create_user(new_user("staged@example.com"), activate=False)
    assert provisioned.status.value == "PROVISIONED"
    assert staged.status.value == "STAGED" and staged.activated is None


async def test_duplicate_login_is_e0000001_with_cause(okta_client):
    await okta_client.create_user(new_user("dup@example.com"))
    user, _, err = await okta_client.create_user(new_user("DUP@example.com"))
    assert user is None and err.status == 400 and err.error_code == "E0000001"
    assert "already exists" in err.error_causes[0]["errorSummary"]


async def test_missing_user_is_e0000007(okta_client):
    _, _, err = await okta_client.get_user("00unothere")
    assert err.status == 404 and err.error_code == "E0000007"
    assert err.error_id and err.error_summary.startswith("Not found")


async def test_list_with_q_filter_and_search(okta_client):
    await okta_client.create_user(
        new_user("zed.q@example.com", firstName="Zedekiah", department="Physics")
    )
    await okta_client.create_user(
        new_user("zora@example.com", None, firstName="Zora"), activate=False
    )
    by_q, _, _ = await okta_client.list_users(q="zed")
    assert [u.profile.login for u in by_q] == ["zed.q@example.com"]
    staged, _, _ = await okta_client.list_users(filter='status eq "STAGED"')
    assert [u.profile.login for u in staged] == ["zora@example.com"]
    found, _, _ = await okta_client.list_users(
        search='profile.department eq "physics" or (profile.firstName sw "Zo" and '
        'status eq "STAGED")'
    )
    assert sorted(u.profile.login for u in found) == ["zed.q@example.com", "zora@example.com"]
    _, _, err = await okta_client.list_users(search="profile.login eq")
    assert err.status == 400 and err.error_code == "E0000031"


async def test_list_filter_by_last_updated(okta_client, universe):
    everyone, _, _ = await okta_client.list_users()
    universe.call(universe.universe.clock.advance, 3600)
    fresh, _, _ = await okta_client.create_user(new_user("late@example.com"))
    newest = max(u.last_updated for u in everyone)
    stamp = newest.strftime("%Y-%m-%dT%H:%M:%S.") + f"{newest.microsecond // 1000:03d}Z"
    later, _, _ = await okta_client.list_users(filter=f'lastUpdated gt "{stamp}"')
    assert [u.id for u in later] == [fresh.id]


async def test_partial_update_keeps_profile_and_replace_overwrites(okta_client):
    user, _, _ = await okta_client.create_user(new_user("upd@example.com", title="Engineer"))
    body = UpdateUserRequest.from_dict({"profile": {"nickName": "Updy"}})
    updated, _, err = await okta_client.update_user(user.id, body)
    assert err is None and updated.profile.nick_name == "Updy"
    assert updated.profile.title == "Engineer"
    replaced, _, _ = await okta_client.replace_user(
        user.id,
        UpdateUserRequest.from_dict(
            {
                "profile": {
                    "login": "upd@example.com",
                    "email": "upd@example.com",
                    "firstName": "New",
                    "lastName": "Name",
                }
            }
        ),
    )
    assert replaced.profile.first_name == "New" and replaced.profile.title is None


async def test_invalid_token_is_e0000011(okta_client_for):
    _, _, err = await okta_client_for("00not-a-token").list_users()
    assert err.status == 401 and err.error_code == "E0000011"


def test_ssws_without_space_and_read_only_admin(universe, okta_credentials):
    import httpx

    url = f"{okta_credentials['org_url']}/api/v1/users"
    answer = httpx.get(url, headers={"Authorization": f"SSWS{okta_credentials['api_token']}"})
    assert answer.status_code == 200 and len(answer.json()) > 3

    def read_only_token() -> str:
        with universe.universe.store.transaction():
            universe.universe.tokens.issue(
                "okta",
                "00readonly",
                okta_credentials["admin_user_id"],
                kind="ssws",
                meta={"role": "READ_ONLY_ADMIN"},
            )
        return "00readonly"

    headers = {"Authorization": f"SSWS {universe.call(read_only_token)}"}
    assert httpx.get(url, headers=headers).status_code == 200
    denied = httpx.post(url, headers=headers, json={"profile": {}})
    assert denied.status_code == 403 and denied.json()["errorCode"] == "E0000006"


@pytest.mark.parametrize("payload", [b"{not json", b"[1, 2]"])
def test_malformed_body_is_e0000003(okta_credentials, payload):
    import httpx

    answer = httpx.post(
        f"{okta_credentials['org_url']}/api/v1/users",
        content=payload,
        headers={
            "Authorization": f"SSWS {okta_credentials['api_token']}",
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 400 and answer.json()["errorCode"] == "E0000003"
