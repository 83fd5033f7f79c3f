"""Linked objects through the okta SDK: a manager/subordinates relationship between users."""

from __future__ import annotations

from okta.models import LinkedObject

from darkfactory.twins.okta.testing import send

MANAGER = {
    "primary": {"name": "manager", "title": "Manager", "type": "USER"},
    "associated": {"name": "subordinates", "title": "Subordinates", "type": "USER"},
}


async def test_definitions_are_unique_and_found_by_either_name(okta_client):
    created, resp, err = await okta_client.create_linked_object_definition(
        LinkedObject.from_dict(MANAGER)
    )
    assert err is None and resp.status_code == 201 and created.primary.name == "manager"
    by_associated, _, _ = await okta_client.get_linked_object_definition("subordinates")
    assert by_associated.primary.title == "Manager"
    _, _, err = await okta_client.create_linked_object_definition(LinkedObject.from_dict(MANAGER))
    assert err.status == 400 and err.error_code == "E0000001"
    clash = {
        "primary": {"name": "mentor", "title": "Mentor", "type": "USER"},
        "associated": {"name": "subordinates", "title": "Mentees", "type": "USER"},
    }
    _, _, err = await okta_client.create_linked_object_definition(LinkedObject.from_dict(clash))
    assert err.status == 400  # an associated name already in use
    listed, _, _ = await okta_client.list_linked_object_definitions()
    assert [d.associated.name for d in listed] == ["subordinates"]


async def test_users_link_to_a_manager_and_list_both_ways(okta_client):
    await okta_client.create_linked_object_definition(LinkedObject.from_dict(MANAGER))
    users, _, _ = await okta_client.list_users(limit=4)
    boss, first, second = users[0], users[1], users[2]
    for report in (first, second):
        err = (
            await okta_client.assign_linked_object_value_for_primary(report.id, "manager", boss.id)
        )[-1]
        assert err is None
    manager, _, _ = await okta_client.list_linked_objects_for_user(first.id, "manager")
    assert [m.links.var_self.href.rsplit("/", 1)[1] for m in manager] == [boss.id]
    reports, _, _ = await okta_client.list_linked_objects_for_user(boss.id, "subordinates")
    assert [r.links.var_self.href.rsplit("/", 1)[1] for r in reports] == [first.id, second.id]

    err = (await okta_client.assign_linked_object_value_for_primary(boss.id, "manager", boss.id))[
        -1
    ]
    assert err.status == 400
    err = (await okta_client.delete_linked_object_for_user(boss.id, "subordinates"))[-1]
    assert err.status == 400 and err.error_code == "E0000001"
    assert (await okta_client.delete_linked_object_for_user(first.id, "manager"))[-1] is None
    reports, _, _ = await okta_client.list_linked_objects_for_user(boss.id, "subordinates")
    assert len(reports) == 1

    # Deleting the definition removes its links.
    assert (await okta_client.delete_linked_object_definition("manager"))[-1] is None
    _, err = await send(okta_client, "GET", f"/api/v1/users/{second.id}/linkedObjects/manager")
    assert err.status == 404 and err.error_code == "E0000007"
