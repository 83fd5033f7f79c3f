"""Applications through the okta SDK: CRUD, lifecycle, user and group assignments."""

from __future__ import annotations

from okta.models import (
    AddGroupRequest,
    Application,
    ApplicationGroupAssignment,
    AppUserAssignRequest,
    AppUserProfileRequestPayload,
    AppUserUpdateRequest,
)


def bookmark(label: str) -> Application:
    return Application.from_dict(
        {
            "name": "bookmark",
            "label": label,
            "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://example.com/wiki"}},
        }
    )


async def test_application_crud_and_lifecycle(okta_client):
    app, _, err = await okta_client.create_application(bookmark("Wiki"))
    assert err is None and app.id.startswith("0oa") and app.status.value == "ACTIVE"
    assert app.settings.app.url == "https://example.com/wiki"
    listed, _, _ = await okta_client.list_applications(q="Wik")
    assert [a.id for a in listed] == [app.id]
    err = (await okta_client.delete_application(app.id))[-1]
    assert err.status == 400 and err.error_code == "E0000056"
    assert (await okta_client.deactivate_application(app.id))[-1] is None
    fetched, _, _ = await okta_client.get_application(app.id)
    assert fetched.status.value == "INACTIVE"
    assert (await okta_client.delete_application(app.id))[-1] is None
    _, _, err = await okta_client.get_application(app.id)
    assert err.status == 404 and err.error_code == "E0000007"


async def test_bad_sign_on_mode_is_rejected(okta_client, okta_credentials):
    import httpx

    answer = httpx.post(
        f"{okta_credentials['org_url']}/api/v1/apps",
        headers={"Authorization": f"SSWS {okta_credentials['api_token']}"},
        json={"label": "X", "signOnMode": "TELEPATHY"},
    )
    assert answer.status_code == 400 and answer.json()["errorCode"] == "E0000001"


async def test_user_and_group_assignments_make_app_users(okta_client):
    app, _, _ = await okta_client.create_application(bookmark("Payroll"))
    demo, _, _ = await okta_client.get_user("demo@example.com")
    app_user, _, err = await okta_client.assign_user_to_application(
        app.id,
        AppUserAssignRequest.from_dict(
            {
                "id": demo.id,
                "scope": "USER",
                "credentials": {"userName": "dee"},
                "profile": {"role": "viewer"},
            }
        ),
    )
    assert err is None and app_user.scope == "USER" and app_user.credentials.user_name == "dee"
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Payroll users"}})
    )
    await okta_client.assign_user_to_group(group.id, "admin@example.com")
    assignment, _, err = await okta_client.assign_group_to_application(
        app.id, group.id, ApplicationGroupAssignment.from_dict({"priority": 1})
    )
    assert err is None and assignment.id == group.id
    app_users, _, _ = await okta_client.list_application_users(app.id)
    assert sorted((u.credentials.user_name, u.scope) for u in app_users) == [
        ("admin@example.com", "GROUP"),
        ("dee", "USER"),
    ]
    updated, _, _ = await okta_client.update_application_user(
        app.id,
        demo.id,
        AppUserUpdateRequest(AppUserProfileRequestPayload(profile={"role": "editor"})),
    )
    assert updated.profile["role"] == "editor"
    links, _, _ = await okta_client.list_app_links(demo.id)
    assert [link.app_instance_id for link in links] == [app.id]
    assert (await okta_client.unassign_user_from_application(app.id, demo.id))[-1] is None
    assert (await okta_client.unassign_application_from_group(app.id, group.id))[-1] is None
    app_users, _, _ = await okta_client.list_application_users(app.id)
    assert app_users == []
    _, _, err = await okta_client.get_application_user(app.id, demo.id)
    assert err.status == 404 and err.error_code == "E0000007"


async def test_assignment_is_logged_with_the_admin_as_actor(okta_client):
    app, _, _ = await okta_client.create_application(bookmark("Audit"))
    demo, _, _ = await okta_client.get_user("demo@example.com")
    await okta_client.assign_user_to_application(
        app.id, AppUserAssignRequest.from_dict({"id": demo.id, "scope": "USER"})
    )
    events, _, _ = await okta_client.list_log_events(
        filter=f'eventType eq "application.user_membership.add" and target.id eq "{app.id}"'
    )
    assert [e.actor.alternate_id for e in events] == ["admin@example.com"]
