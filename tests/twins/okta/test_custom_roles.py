"""Custom admin roles through the okta SDK: IAM roles, permissions, resource sets, bindings, and
the power a binding grants on exactly the set's resources."""

from __future__ import annotations

import pytest
from okta.models import (
    AddGroupRequest,
    CreateIamRoleRequest,
    CreateResourceSetRequest,
    CreateUserRequest,
    ResourceSetBindingAddMembersRequest,
    ResourceSetBindingCreateRequest,
    ResourceSetResourcePatchRequest,
    UpdateUserRequest,
)


def new_user(login: str) -> CreateUserRequest:
    profile = {"login": login, "email": login, "firstName": "Cee", "lastName": "Role"}
    return CreateUserRequest.from_dict({"profile": profile})


def retitle(title: str) -> UpdateUserRequest:
    return UpdateUserRequest.from_dict({"profile": {"title": title}})


async def make_role(client, label: str, *permissions: str):
    role, _, err = await client.create_role(
        CreateIamRoleRequest(label=label, description=f"{label} role", permissions=permissions)
    )
    assert err is None, err
    return role


@pytest.fixture
async def sales_helpdesk(okta_client, okta_credentials):
    """A group "Sales" with one member, another user outside it, and a custom role allowed to
    manage users, bound for the demo user on a resource set holding Sales' users."""
    sales, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Sales"}})
    )
    inside, _, _ = await okta_client.create_user(new_user("in.sales@example.com"))
    outside, _, _ = await okta_client.create_user(new_user("not.sales@example.com"))
    await okta_client.assign_user_to_group(sales.id, inside.id)
    role = await make_role(okta_client, "Sales helpdesk", "okta.users.manage")
    org = okta_credentials["org_url"]
    resource_set, _, err = await okta_client.create_resource_set(
        CreateResourceSetRequest(
            label="Sales people",
            description="The users of the Sales group",
            resources=[f"{org}/api/v1/groups/{sales.id}/users"],
        )
    )
    assert err is None, err
    demo, _, _ = await okta_client.get_user("demo@example.com")
    binding, _, err = await okta_client.create_resource_set_binding(
        resource_set.id,
        ResourceSetBindingCreateRequest(role=role.id, members=[f"{org}/api/v1/users/{demo.id}"]),
    )
    assert err is None and binding.links.var_self.href.endswith(f"/bindings/{role.id}")
    return {
        "group": sales,
        "inside": inside,
        "outside": outside,
        "role": role,
        "set": resource_set,
        "demo": demo,
    }


async def test_a_custom_role_reaches_only_its_resource_sets_users(
    sales_helpdesk, okta_client, okta_client_as
):
    demo = okta_client_as()  # the demo user's own API token: no standard role
    inside, outside = sales_helpdesk["inside"], sales_helpdesk["outside"]
    updated, _, err = await demo.update_user(inside.id, retitle("Account exec"))
    assert err is None and updated.profile.title == "Account exec"
    got, _, err = await demo.get_user("in.sales@example.com")
    assert err is None and got.id == inside.id
    assert (await demo.deactivate_user(inside.id))[-1] is None

    _, _, err = await demo.update_user(outside.id, retitle("Nope"))
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await demo.get_user(outside.id)
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await demo.list_users()  # the whole directory is beyond the set
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await demo.add_group(AddGroupRequest.from_dict({"profile": {"name": "X"}}))
    assert err.status == 403 and err.error_code == "E0000006"

    # Leaving the group takes the user out of reach.
    await okta_client.unassign_user_from_group(sales_helpdesk["group"].id, inside.id)
    _, _, err = await demo.get_user(inside.id)
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_read_only_custom_role_and_an_unbound_one_grant_nothing_more(
    sales_helpdesk, okta_client, okta_client_as, okta_credentials
):
    org, demo = okta_credentials["org_url"], okta_client_as()
    reader = await make_role(okta_client, "Directory reader", "okta.users.read")
    everyone, _, _ = await okta_client.create_resource_set(
        CreateResourceSetRequest(
            label="Everyone", description="All users", resources=[f"{org}/api/v1/users"]
        )
    )
    await make_role(okta_client, "Unbound", "okta.users.manage")
    await okta_client.create_resource_set_binding(
        everyone.id,
        ResourceSetBindingCreateRequest(
            role=reader.id, members=[f"{org}/api/v1/users/{sales_helpdesk['demo'].id}"]
        ),
    )
    users, _, err = await demo.list_users()
    assert err is None and users
    _, _, err = await demo.update_user(sales_helpdesk["outside"].id, retitle("No"))
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await demo.create_user(new_user("made.by.reader@example.com"))
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_group_member_of_a_binding_holds_the_role(
    sales_helpdesk, okta_client, okta_client_as, okta_credentials
):
    org = okta_credentials["org_url"]
    resource_set, role = sales_helpdesk["set"], sales_helpdesk["role"]
    members, _, _ = await okta_client.list_members_of_binding(resource_set.id, role.id)
    (only,) = members.members
    assert only.id.startswith("irb")
    assert (await okta_client.unassign_member_from_binding(resource_set.id, role.id, only.id))[
        -1
    ] is None
    demo = okta_client_as()
    _, _, err = await demo.get_user(sales_helpdesk["inside"].id)
    assert err.status == 403

    helpers, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Helpers"}})
    )
    await okta_client.assign_user_to_group(helpers.id, sales_helpdesk["demo"].id)
    _, _, err = await okta_client.add_members_to_binding(
        resource_set.id,
        role.id,
        ResourceSetBindingAddMembersRequest(additions=[f"{org}/api/v1/groups/{helpers.id}"]),
    )
    assert err is None
    got, _, err = await demo.get_user(sales_helpdesk["inside"].id)
    assert err is None and got.id == sales_helpdesk["inside"].id


async def test_roles_resource_sets_and_bindings_read_back(sales_helpdesk, okta_client):
    role, resource_set = sales_helpdesk["role"], sales_helpdesk["set"]
    assert role.id.startswith("cr0") and resource_set.id.startswith("iam")
    roles, _, err = await okta_client.list_roles()
    assert err is None and [r.label for r in roles.roles] == ["Sales helpdesk"]
    by_label, _, _ = await okta_client.get_role("Sales helpdesk")
    assert by_label.id == role.id
    permissions, _, _ = await okta_client.list_role_permissions(role.id)
    assert [p.label for p in permissions.permissions] == ["okta.users.manage"]
    assert (await okta_client.create_role_permission(role.id, "okta.groups.read"))[-1] is None
    got, _, err = await okta_client.get_role_permission(role.id, "okta.groups.read")
    assert err is None and got.label == "okta.groups.read"
    assert (await okta_client.delete_role_permission(role.id, "okta.groups.read"))[-1] is None
    _, _, err = await okta_client.get_role_permission(role.id, "okta.groups.read")
    assert err.status == 404 and err.error_code == "E0000007"

    found, _, _ = await okta_client.list_resource_set_resources(resource_set.id)
    (entry,) = found.resources
    group_id = sales_helpdesk["group"].id
    assert entry.orn.startswith("orn:okta:directory:00o")
    assert entry.orn.endswith(f":groups:{group_id}:contained_resources")
    _, _, err = await okta_client.add_resource_set_resources(
        resource_set.id, ResourceSetResourcePatchRequest(additions=["orn:okta:directory:x:nope"])
    )
    assert err.status == 400 and err.error_code == "E0000001"
    bindings, _, _ = await okta_client.list_bindings(resource_set.id)
    assert [b.id for b in bindings.roles] == [role.id]
    _, err = await okta_client.delete_role(role.id)
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.delete_binding(resource_set.id, role.id))[-1] is None
    assert (await okta_client.delete_role(role.id))[-1] is None
    assert (await okta_client.delete_resource_set(resource_set.id))[-1] is None
    sets, _, _ = await okta_client.list_resource_sets()
    assert sets.resource_sets == []


@pytest.mark.parametrize("who", [{"role": "READ_ONLY_ADMIN"}, {"role": None}, {"scopes": []}])
async def test_only_admins_with_the_roles_scope_make_custom_roles(who, okta_client_as):
    client = okta_client_as(**who)
    _, _, err = await client.create_role(
        CreateIamRoleRequest(label="Mine", description="Mine", permissions=["okta.users.manage"])
    )
    assert err.status == 403 and err.error_code == "E0000006"
    _, _, err = await client.create_resource_set(
        CreateResourceSetRequest(label="Mine", description="Mine", resources=[])
    )
    assert err.status == 403 and err.error_code == "E0000006"


async def test_a_read_scope_reads_custom_roles(okta_client, okta_client_as):
    await make_role(okta_client, "Visible", "okta.users.read")
    roles, _, err = await okta_client_as(scopes=["okta.roles.read"]).list_roles()
    assert err is None and [r.label for r in roles.roles] == ["Visible"]
    _, _, err = await okta_client_as(scopes=["okta.users.read"]).list_roles()
    assert err.status == 403 and err.error_code == "E0000006"
