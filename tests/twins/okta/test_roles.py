"""Admin roles through the okta SDK: assignments to users and groups, and what a token may do."""

from __future__ import annotations

from okta.models import (
    AssignRoleToGroupRequest,
    AssignRoleToUserRequest,
    CreateUserRequest,
    StandardRoleAssignmentSchema,
    UpdateUserRequest,
)

from darkfactory.twins.okta.testing import send


def to_user(role: str) -> AssignRoleToUserRequest:
    return AssignRoleToUserRequest(StandardRoleAssignmentSchema(type=role))


def to_group(role: str) -> AssignRoleToGroupRequest:
    return AssignRoleToGroupRequest(StandardRoleAssignmentSchema(type=role))


def role_of(assignment):
    """The SDK wraps a role answer in a oneOf holder; the standard role is inside."""
    return getattr(assignment, "actual_instance", None) or assignment


def demo_token(universe) -> str:
    """An API token of the demo user, who starts with no admin role."""

    def issue() -> str:
        okta = universe.universe.twins["okta"]
        demo = okta.state.user("demo@example.com")
        universe.universe.tokens.issue("okta", "00demo-token", demo["id"], kind="ssws")
        return demo["id"]

    return universe.call(issue)


async def test_assign_list_get_and_unassign_a_user_role(okta_client):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    admin, _, _ = await okta_client.get_user("admin@example.com")
    roles, _, err = await okta_client.list_assigned_roles_for_user(admin.id)
    assert err is None and [role_of(r).type.value for r in roles] == ["SUPER_ADMIN"]

    created, resp, err = await okta_client.assign_role_to_user(demo.id, to_user("USER_ADMIN"))
    created = role_of(created)
    assert err is None and resp.status_code == 201
    assert created.id.startswith("ra1") and created.label == "Group Administrator"
    assert created.assignment_type.value == "USER"
    _, resp, err = await okta_client.assign_role_to_user(demo.id, to_user("USER_ADMIN"))
    assert err.status == 409 and err.error_code == "E0000090"
    got, _, err = await okta_client.get_user_assigned_role(demo.id, created.id)
    assert err is None and role_of(got).type.value == "USER_ADMIN"
    _, _, err = await okta_client.get_user_assigned_role(admin.id, created.id)
    assert err.status == 404 and err.error_code == "E0000007"
    _, err = await send(okta_client, "POST", f"/api/v1/users/{demo.id}/roles", {"type": "KING"})
    assert err.status == 400 and err.error_code == "E0000001"

    assignees, _, err = await okta_client.list_users_with_role_assignments()
    assert err is None and {u.id for u in assignees.value} == {admin.id, demo.id}
    assert (await okta_client.unassign_role_from_user(demo.id, created.id))[-1] is None
    roles, _, _ = await okta_client.list_assigned_roles_for_user(demo.id)
    assert roles == []
    events, _, _ = await okta_client.list_log_events(filter='eventType sw "user.account.privilege"')
    assert [(e.event_type, e.target[0].id) for e in events if e.target[0].id == demo.id] == [
        ("user.account.privilege.grant", demo.id),
        ("user.account.privilege.revoke", demo.id),
    ]


async def test_group_roles_reach_members_but_not_built_in_groups(okta_client):
    groups, _, _ = await okta_client.list_groups(q="Okta Administrators")
    admins = groups[0]
    everyone = (await okta_client.list_groups(q="Everyone"))[0][0]
    _, _, err = await okta_client.assign_role_to_group(everyone.id, to_group("READ_ONLY_ADMIN"))
    assert err.status == 400 and err.error_code == "E0000001"

    created, resp, err = await okta_client.assign_role_to_group(admins.id, to_group("APP_ADMIN"))
    assert err is None and resp.status_code == 200
    created = role_of(created)
    listed, _, _ = await okta_client.list_group_assigned_roles(admins.id)
    assert [role_of(r).id for r in listed] == [created.id]
    admin, _, _ = await okta_client.get_user("admin@example.com")
    roles, _, _ = await okta_client.list_assigned_roles_for_user(admin.id)
    assert {(role_of(r).type.value, role_of(r).assignment_type.value) for r in roles} == {
        ("SUPER_ADMIN", "USER"),
        ("APP_ADMIN", "GROUP"),
    }
    assert (await okta_client.unassign_role_from_group(admins.id, created.id))[-1] is None
    _, _, err = await okta_client.get_group_assigned_role(admins.id, created.id)
    assert err.status == 404


async def test_an_api_token_acts_with_its_admins_current_roles(
    okta_client, okta_client_for, universe
):
    demo_id = demo_token(universe)
    client = okta_client_for("00demo-token")
    new = CreateUserRequest.from_dict(
        {
            "profile": {
                "login": "hire@example.com",
                "email": "hire@example.com",
                "firstName": "New",
                "lastName": "Hire",
            }
        }
    )
    _, _, err = await client.list_users()
    assert err.status == 403 and err.error_code == "E0000006"  # not an admin at all

    read_only, _, _ = await okta_client.assign_role_to_user(demo_id, to_user("READ_ONLY_ADMIN"))
    users, _, err = await client.list_users()
    assert err is None and users
    _, _, err = await client.create_user(new)
    assert err.status == 403 and err.error_code == "E0000006"

    await okta_client.assign_role_to_user(demo_id, to_user("USER_ADMIN"))
    created, _, err = await client.create_user(new)
    assert err is None and created.profile.login == "hire@example.com"
    _, _, err = await client.assign_role_to_user(created.id, to_user("SUPER_ADMIN"))
    assert err.status == 403  # roles are for super and org admins

    await okta_client.assign_role_to_user(demo_id, to_user("ORG_ADMIN"))
    _, _, err = await client.assign_role_to_user(created.id, to_user("HELP_DESK_ADMIN"))
    assert err is None
    _, _, err = await client.assign_role_to_user(created.id, to_user("SUPER_ADMIN"))
    assert err.status == 403 and err.error_code == "E0000006"  # only a super admin grants it

    roles, _, _ = await okta_client.list_assigned_roles_for_user(demo_id)
    for role in roles:
        await okta_client.unassign_role_from_user(demo_id, role_of(role).id)
    _, _, err = await client.get_user(created.id)
    assert err.status == 403 and role_of(read_only).type.value == "READ_ONLY_ADMIN"


async def test_a_help_desk_admin_resets_but_does_not_administer(
    okta_client, okta_client_for, universe
):
    demo_id = demo_token(universe)
    client = okta_client_for("00demo-token")
    await okta_client.assign_role_to_user(demo_id, to_user("HELP_DESK_ADMIN"))
    target, _, _ = await okta_client.get_user("admin@example.com")
    users, _, _ = await okta_client.list_users(limit=20)
    other = next(u for u in users if u.id not in (demo_id, target.id))
    reset, _, err = await client.reset_password(other.id, send_email=False)
    assert err is None and "/reset_password/" in reset.reset_password_url
    assert (await client.reset_factors(other.id))[-1] is None
    err = (await client.deactivate_user(other.id))[-1]
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await client.update_user(
        other.id, UpdateUserRequest.from_dict({"profile": {"nickName": "x"}})
    )
    assert err.status == 403
