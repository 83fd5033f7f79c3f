"""Groups and group rules through the okta SDK: CRUD, membership, expression-based rules."""

from __future__ import annotations

from okta.models import (
    AddGroupRequest,
    CreateGroupRuleRequest,
    CreateUserRequest,
    GroupRule,
    UpdateUserRequest,
)


async def make_group(client, name: str):
    group, _, err = await client.add_group(AddGroupRequest.from_dict({"profile": {"name": name}}))
    assert err is None
    return group


async def member_logins(client, group_id: str) -> list[str]:
    users, _, err = await client.list_group_users(group_id)
    assert err is None
    return sorted(u.profile.login for u in users)


async def test_group_crud_and_errors(okta_client):
    group = await make_group(okta_client, "Engineering")
    assert group.id.startswith("00g") and group.type.value == "OKTA_GROUP"
    found, _, _ = await okta_client.list_groups(q="Engin")
    assert [g.id for g in found] == [group.id]
    renamed, _, err = await okta_client.replace_group(
        group.id, AddGroupRequest.from_dict({"profile": {"name": "Eng", "description": "d"}})
    )
    assert err is None and renamed.profile.actual_instance.name == "Eng"
    _, _, err = await okta_client.add_group(AddGroupRequest.from_dict({"profile": {}}))
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.delete_group(group.id))[-1] is None
    _, _, err = await okta_client.get_group(group.id)
    assert err.status == 404 and err.error_code == "E0000007"


async def test_builtin_everyone_cannot_be_deleted_and_holds_new_users(okta_client):
    everyone = (await okta_client.list_groups(q="Everyone"))[0][0]
    assert everyone.type.value == "BUILT_IN"
    err = (await okta_client.delete_group(everyone.id))[-1]
    assert err.status == 403 and err.error_code == "E0000006"
    user, _, _ = await okta_client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": "new@example.com",
                    "email": "new@example.com",
                    "firstName": "N",
                    "lastName": "U",
                }
            }
        )
    )
    assert "new@example.com" in await member_logins(okta_client, everyone.id)
    groups, _, _ = await okta_client.list_user_groups(user.id)
    assert [g.id for g in groups] == [everyone.id]


async def test_add_and_remove_members(okta_client):
    group = await make_group(okta_client, "Finance")
    assert (await okta_client.assign_user_to_group(group.id, "demo@example.com"))[-1] is None
    assert await member_logins(okta_client, group.id) == ["demo@example.com"]
    err = (await okta_client.assign_user_to_group(group.id, "00unobody"))[-1]
    assert err.status == 404 and err.error_code == "E0000007"
    assert (await okta_client.unassign_user_from_group(group.id, "demo@example.com"))[-1] is None
    assert await member_logins(okta_client, group.id) == []


def rule_body(name: str, expression: str, group_id: str, model=CreateGroupRuleRequest):
    return model.from_dict(
        {
            "type": "group_rule",
            "name": name,
            "conditions": {"expression": {"value": expression, "type": "urn:okta:expression:1.0"}},
            "actions": {"assignUserToGroups": {"groupIds": [group_id]}},
        }
    )


async def test_group_rule_applies_on_activation_and_on_profile_change(okta_client):
    group = await make_group(okta_client, "Physicists")
    rule, _, err = await okta_client.create_group_rule(
        rule_body("physics", 'user.department == "Physics"', group.id)
    )
    assert err is None and rule.status.value == "INACTIVE"
    user, _, _ = await okta_client.create_user(
        CreateUserRequest.from_dict(
            {
                "profile": {
                    "login": "marie@example.com",
                    "email": "marie@example.com",
                    "firstName": "Marie",
                    "lastName": "Curie",
                    "department": "Physics",
                }
            }
        )
    )
    assert await member_logins(okta_client, group.id) == []
    assert (await okta_client.activate_group_rule(rule.id))[-1] is None
    assert await member_logins(okta_client, group.id) == ["marie@example.com"]
    _, _, err = await okta_client.replace_group_rule(
        rule.id, rule_body("physics", 'user.department == "Chemistry"', group.id, GroupRule)
    )
    assert err.status == 400 and err.error_code == "E0000001"
    await okta_client.update_user(
        user.id, UpdateUserRequest.from_dict({"profile": {"department": "Chemistry"}})
    )
    assert await member_logins(okta_client, group.id) == []


async def test_group_rule_rejects_a_bad_expression(okta_client):
    group = await make_group(okta_client, "Nobody")
    _, _, err = await okta_client.create_group_rule(
        rule_body("bad", "user.department ===", group.id)
    )
    assert err.status == 400 and err.error_code == "E0000001"
