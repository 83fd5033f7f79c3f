"""Okta's exact shapes through the okta SDK: users' links per status, credentials, API tokens'
and applications' fields, app usernames."""

from __future__ import annotations

from okta.models import Application, AppUserAssignRequest, CreateUserRequest

from darkfactory.twins.okta.testing import send

ALWAYS = {"self", "schema", "type"}


def new_user(login: str, password: str | None = "Sup3r-Secret!") -> CreateUserRequest:
    body = {
        "profile": {"login": login, "email": login, "firstName": "T", "lastName": "U"},
    }
    if password:
        body["credentials"] = {"password": {"value": password}}
    return CreateUserRequest.from_dict(body)


async def links_of(client, user_id: str) -> dict:
    user, err = await send(client, "GET", f"/api/v1/users/{user_id}")
    assert err is None
    return user["_links"]


async def test_a_users_links_follow_its_status(okta_client):
    staged, _, _ = await okta_client.create_user(new_user("st@example.com"), activate=False)
    links = await links_of(okta_client, staged.id)
    assert set(links) == ALWAYS | {"activate", "deactivate"}
    assert links["activate"]["href"].endswith(f"/api/v1/users/{staged.id}/lifecycle/activate")
    assert links["activate"]["method"] == "POST"

    await okta_client.activate_user(staged.id, send_email=False)
    assert set(await links_of(okta_client, staged.id)) == ALWAYS | {
        "suspend",
        "resetPassword",
        "expirePassword",
        "changePassword",
        "changeRecoveryQuestion",
        "deactivate",
    }
    await okta_client.suspend_user(staged.id)
    assert set(await links_of(okta_client, staged.id)) == ALWAYS | {"unsuspend", "deactivate"}
    await okta_client.deactivate_user(staged.id)
    assert set(await links_of(okta_client, staged.id)) == ALWAYS | {"activate"}

    provisioned, _, _ = await okta_client.create_user(new_user("pr@example.com", None))
    links = await links_of(okta_client, provisioned.id)
    assert set(links) == ALWAYS | {"resetPassword", "deactivate"}
    assert links["type"]["href"].endswith(f"/api/v1/meta/types/user/{provisioned.type.id}")


async def test_a_list_of_users_links_each_to_itself_only(okta_client):
    listed, err = await send(okta_client, "GET", "/api/v1/users?limit=3")
    assert err is None and len(listed) == 3
    assert all(set(u["_links"]) == {"self"} for u in listed)


async def test_setting_a_password_stamps_password_changed_and_emails_are_listed(okta_client):
    with_password, _, _ = await okta_client.create_user(new_user("pw@example.com"))
    without, _, _ = await okta_client.create_user(new_user("nopw@example.com", None))
    assert with_password.password_changed is not None and without.password_changed is None
    user, _ = await send(okta_client, "GET", f"/api/v1/users/{with_password.id}")
    assert user["credentials"]["emails"] == [
        {"value": "pw@example.com", "status": "VERIFIED", "type": "PRIMARY"}
    ]
    user, _ = await send(okta_client, "GET", f"/api/v1/users/{without.id}")
    assert user["credentials"]["emails"][0]["status"] == "NOT_VERIFIED"


async def test_api_tokens_link_under_links(okta_client):
    tokens, err = await send(okta_client, "GET", "/api/v1/api-tokens")
    assert err is None and tokens
    token = tokens[0]
    assert "_link" not in token
    assert token["_links"]["self"]["href"].endswith(f"/api/v1/api-tokens/{token['id']}")


async def test_applications_carry_oktas_fields(okta_client):
    created, _, err = await okta_client.create_application(
        Application.from_dict(
            {
                "name": "bookmark",
                "label": "Wiki",
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://example.com/wiki"}},
            }
        )
    )
    assert err is None
    assert created.credentials.user_name_template.template == "${source.login}"
    assert created.credentials.user_name_template.type == "BUILT_IN"
    app, _ = await send(okta_client, "GET", f"/api/v1/apps/{created.id}")
    assert app["orn"].startswith("orn:okta:idp:00o") and app["orn"].endswith(created.id)
    assert app["visibility"]["appLinks"] == {"bookmark_link": True}
    assert app["universalLogout"]["status"] == "UNSUPPORTED"
    assert "signing" in app["credentials"]


async def test_updating_an_app_users_username_takes_effect(okta_client):
    app, _, _ = await okta_client.create_application(
        Application.from_dict(
            {
                "name": "bookmark",
                "label": "Docs",
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://example.com/docs"}},
            }
        )
    )
    demo, _, _ = await okta_client.get_user("demo@example.com")
    await okta_client.assign_user_to_application(
        app.id, AppUserAssignRequest.from_dict({"id": demo.id, "credentials": {"userName": "dee"}})
    )
    _, err = await send(
        okta_client,
        "POST",
        f"/api/v1/apps/{app.id}/users/{demo.id}",
        {"credentials": {"userName": "dee.demo"}},
    )
    assert err is None
    app_user, _, _ = await okta_client.get_application_user(app.id, demo.id)
    assert app_user.credentials.user_name == "dee.demo"
    _, err = await send(
        okta_client, "POST", f"/api/v1/apps/{app.id}/users/{demo.id}", {"profile": {"x": "y"}}
    )
    app_user, _, _ = await okta_client.get_application_user(app.id, demo.id)
    assert app_user.credentials.user_name == "dee.demo"


async def test_every_error_answer_is_oktas_envelope_with_rate_limit_headers(okta_client):
    answers = [
        await send(okta_client, "GET", "/api/v1/nowhere/at/all"),
        await send(okta_client, "PATCH", "/api/v1/users"),
        await send(okta_client, "GET", "/api/v1/users/00unothere"),
    ]
    codes = [(err.status, err.error_code) for _, err in answers]
    assert codes == [(404, "E0000007"), (405, "E0000022"), (404, "E0000007")]
    for _, err in answers:
        assert {"X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"} <= set(
            err.headers
        )
