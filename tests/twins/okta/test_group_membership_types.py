"""Okta changes group memberships through the API only for ``OKTA_GROUP`` groups: Everyone's
(``BUILT_IN``) is refused as Okta refuses it, and nothing changes."""

from __future__ import annotations

from okta.models import AddGroupRequest
from tests.twins.okta.test_ui_assignments import _logins, _user_id


async def test_okta_refuses_membership_changes_of_groups_it_manages(universe, okta_client):
    groups, _, _ = await okta_client.list_groups(q="Everyone")
    (everyone,) = [g for g in groups if g.type == "BUILT_IN"]
    user_id = _user_id(universe, "demo@example.com")
    for call in (okta_client.assign_user_to_group, okta_client.unassign_user_from_group):
        *_, error = await call(everyone.id, user_id)
        assert error.status == 403
        assert error.error_code == "E0000006"
        assert error.error_summary == "You do not have permission to perform the requested action"
    members, _, _ = await okta_client.list_group_users(everyone.id)
    assert "demo@example.com" in _logins(members), "nothing changed"

    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Managed here"}})
    )
    *_, error = await okta_client.assign_user_to_group(group.id, user_id)
    assert error is None
    members, _, _ = await okta_client.list_group_users(group.id)
    assert _logins(members) == ["demo@example.com"]
