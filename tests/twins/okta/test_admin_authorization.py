"""Admin authorization: an OAuth token does what its scopes *and* its subject's roles allow."""

from __future__ import annotations

import pytest
from okta.models import (
    AddGroupRequest,
    AssignRoleToUserRequest,
    CreateUserRequest,
    JwkUse,
    StandardRoleAssignmentSchema,
)

from darkfactory.twins.okta.fixtures import ADMIN_PASSWORD, DEMO_PASSWORD
from darkfactory.twins.okta.testing import sign_in

MANAGE = "openid okta.users.manage okta.roles.manage"


def to_user(role: str) -> AssignRoleToUserRequest:
    return AssignRoleToUserRequest(StandardRoleAssignmentSchema(type=role))


def new_user(login: str) -> CreateUserRequest:
    return CreateUserRequest.from_dict(
        {"profile": {"login": login, "email": login, "firstName": "New", "lastName": "Hire"}}
    )


@pytest.fixture
def bearer_client(okta_client_for):
    """An SDK client calling with ``Authorization: Bearer <access token>``."""

    def build(token: dict):
        return okta_client_for(token["access_token"], authorizationMode="Bearer")

    return build


async def test_a_user_without_admin_roles_gets_no_okta_scopes_and_cannot_escalate(
    okta_client, okta_credentials, bearer_client
):
    token = sign_in(okta_credentials, "demo@example.com", DEMO_PASSWORD, MANAGE)
    assert token["scope"] == "openid"
    client = bearer_client(token)
    _, _, err = await client.list_users()
    assert err.status == 403 and err.error_code == "E0000006"
    demo, _, _ = await okta_client.get_user("demo@example.com")
    _, _, err = await client.assign_role_to_user(demo.id, to_user("SUPER_ADMIN"))
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await client.create_user(new_user("escalated@example.com"))
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_super_admin_signing_in_manages_users_and_roles(
    okta_client, okta_credentials, bearer_client
):
    token = sign_in(okta_credentials, "admin@example.com", ADMIN_PASSWORD, MANAGE)
    assert set(token["scope"].split()) == set(MANAGE.split())
    client = bearer_client(token)
    demo, _, _ = await okta_client.get_user("demo@example.com")
    _, resp, err = await client.assign_role_to_user(demo.id, to_user("SUPER_ADMIN"))
    assert err is None and resp.status_code == 201
    created, _, err = await client.create_user(new_user("signed-in@example.com"))
    assert err is None and created.profile.login == "signed-in@example.com"


async def test_a_tokens_power_follows_its_users_current_roles(
    okta_client, okta_credentials, bearer_client
):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    role, _, _ = await okta_client.assign_role_to_user(demo.id, to_user("USER_ADMIN"))
    token = sign_in(okta_credentials, "demo@example.com", DEMO_PASSWORD, MANAGE)
    assert token["scope"] == "openid okta.users.manage"  # a group admin does not manage roles
    client = bearer_client(token)
    created, _, err = await client.create_user(new_user("by-group-admin@example.com"))
    assert err is None and created.profile.login == "by-group-admin@example.com"

    await okta_client.unassign_role_from_user(demo.id, role.actual_instance.id)
    _, _, err = await client.create_user(new_user("after-revoke@example.com"))
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_read_only_admin_reads_but_creates_neither_users_nor_groups(
    okta_client, okta_credentials, bearer_client
):
    demo, _, _ = await okta_client.get_user("demo@example.com")
    await okta_client.assign_role_to_user(demo.id, to_user("READ_ONLY_ADMIN"))
    scope = "openid okta.users.manage okta.groups.manage okta.users.read okta.groups.read"
    token = sign_in(okta_credentials, "demo@example.com", DEMO_PASSWORD, scope)
    assert token["scope"] == "openid okta.users.read okta.groups.read"
    client = bearer_client(token)
    users, _, err = await client.list_users(limit=3)
    assert err is None and len(users) == 3
    groups, _, err = await client.list_groups()
    assert err is None and groups
    _, _, err = await client.create_user(new_user("ro@example.com"))
    assert err.status == 403 and err.error_code == "E0000006"
    group = AddGroupRequest.from_dict({"profile": {"name": "Read-only made"}})
    _, _, err = await client.add_group(group)
    assert err.status == 403 and err.error_code == "E0000006"


# Each standard role: one operation it may call and one it may not, as an API token of an admin
# holding that role alone. ``None``: nothing the twin serves is refused to that role.
async def make_group(client, ctx):
    return (await client.add_group(AddGroupRequest.from_dict({"profile": {"name": "New"}})))[-1]


async def make_user(client, ctx):
    return (await client.create_user(new_user("matrix@example.com")))[-1]


async def list_users(client, ctx):
    return (await client.list_users(limit=2))[-1]


async def read_log(client, ctx):
    return (await client.list_log_events(limit=2))[-1]


async def grant_super_admin(client, ctx):
    return (await client.assign_role_to_user(ctx["demo"], to_user("SUPER_ADMIN")))[-1]


async def list_apps(client, ctx):
    return (await client.list_applications())[-1]


async def reset_factors(client, ctx):
    return (await client.reset_factors(ctx["demo"]))[-1]


async def deactivate(client, ctx):
    return (await client.deactivate_user(ctx["demo"]))[-1]


async def add_member(client, ctx):
    return (await client.assign_user_to_group(ctx["group"], ctx["demo"]))[-1]


async def rotate_keys(client, ctx):
    return (await client.rotate_authorization_server_keys("default", JwkUse(use="sig")))[-1]


MATRIX = {
    "SUPER_ADMIN": (grant_super_admin, None),
    "ORG_ADMIN": (make_user, grant_super_admin),
    "APP_ADMIN": (list_apps, make_user),
    "USER_ADMIN": (make_group, read_log),
    "HELP_DESK_ADMIN": (reset_factors, deactivate),
    "READ_ONLY_ADMIN": (list_users, make_group),
    "REPORT_ADMIN": (read_log, list_users),
    "GROUP_MEMBERSHIP_ADMIN": (add_member, make_group),
    "API_ACCESS_MANAGEMENT_ADMIN": (rotate_keys, make_user),
}


@pytest.mark.parametrize("role", MATRIX)
async def test_each_standard_role_allows_and_refuses(role, okta_client, okta_client_for, universe):
    admin, _, _ = await okta_client.create_user(new_user(f"{role.lower()}@example.com"))
    await okta_client.assign_role_to_user(admin.id, to_user(role))
    token = f"00matrix-{role.lower()}"
    universe.call(lambda: universe.universe.tokens.issue("okta", token, admin.id, kind="ssws"))
    client = okta_client_for(token)
    demo, _, _ = await okta_client.get_user("demo@example.com")
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Team"}})
    )
    ctx = {"demo": demo.id, "group": group.id}
    allowed, refused = MATRIX[role]
    assert await allowed(client, ctx) is None
    if refused is not None:
        err = await refused(client, ctx)
        assert err.status == 403 and err.error_code == "E0000006"
