"""Group owners through the okta SDK: users and groups owning an Okta group."""

from __future__ import annotations

from okta.models import AddGroupRequest, AssignGroupOwnerRequestBody


def owner(owner_type: str, owner_id: str) -> AssignGroupOwnerRequestBody:
    return AssignGroupOwnerRequestBody.from_dict({"type": owner_type, "id": owner_id})


async def test_owners_are_assigned_listed_and_removed(okta_client):
    team, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Team"}})
    )
    leads, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Leads"}})
    )
    demo, _, _ = await okta_client.get_user("demo@example.com")
    added, _, err = await okta_client.assign_group_owner(team.id, owner("USER", demo.id))
    assert err is None and added.id == demo.id and added.display_name == "Dee Demo"
    await okta_client.assign_group_owner(team.id, owner("GROUP", leads.id))
    _, _, err = await okta_client.assign_group_owner(team.id, owner("USER", demo.id))
    assert err.status == 400 and err.error_code == "E0000001"
    _, _, err = await okta_client.assign_group_owner(team.id, owner("USER", "00unobody"))
    assert err.status == 404 and err.error_code == "E0000007"

    owners, _, _ = await okta_client.list_group_owners(team.id)
    assert [(o.type.value, o.display_name) for o in owners] == [
        ("USER", "Dee Demo"),
        ("GROUP", "Leads"),
    ]
    # A deleted owner group drops out of the list.
    await okta_client.delete_group(leads.id)
    owners, _, _ = await okta_client.list_group_owners(team.id)
    assert [o.id for o in owners] == [demo.id]
    assert (await okta_client.delete_group_owner(team.id, demo.id))[-1] is None
    err = (await okta_client.delete_group_owner(team.id, demo.id))[-1]
    assert err.status == 404


async def test_the_built_in_group_has_no_owners(okta_client):
    everyone = (await okta_client.list_groups(q="Everyone"))[0][0]
    demo, _, _ = await okta_client.get_user("demo@example.com")
    _, _, err = await okta_client.assign_group_owner(everyone.id, owner("USER", demo.id))
    assert err.status == 400 and err.error_code == "E0000001"
