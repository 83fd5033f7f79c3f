"""A group's applications through the okta SDK: listing them and patching an assignment."""

from __future__ import annotations

from okta.models import AddGroupRequest, Application, ApplicationGroupAssignment, JsonPatchOperation
from okta.pagination import PaginationHelper

from darkfactory.twins.okta.testing import send


async def app_named(client, label: str):
    app, _, err = await client.create_application(
        Application.from_dict(
            {
                "name": "bookmark",
                "label": label,
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://example.com"}},
            }
        )
    )
    assert err is None
    return app


async def test_a_groups_assigned_applications_page_with_links(okta_client):
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Finance"}})
    )
    apps = [await app_named(okta_client, f"Ledger {i}") for i in range(3)]
    await app_named(okta_client, "Unrelated")
    for app in apps:
        await okta_client.assign_group_to_application(
            app.id, group.id, ApplicationGroupAssignment.from_dict({"priority": 0})
        )
    first, resp, err = await okta_client.list_assigned_applications_for_group(group.id, limit=2)
    assert err is None and [a.label for a in first] == ["Ledger 0", "Ledger 1"]
    after = PaginationHelper.extract_next_cursor(resp.headers)
    rest, resp, _ = await okta_client.list_assigned_applications_for_group(
        group.id, limit=2, after=after
    )
    assert PaginationHelper.extract_next_cursor(resp.headers) is None
    assert [a.label for a in rest] == ["Ledger 2"]
    _, _, err = await okta_client.list_assigned_applications_for_group("00gmissing")
    assert err.status == 404 and err.error_code == "E0000007"


async def test_patching_a_group_assignment(okta_client):
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Auditors"}})
    )
    app = await app_named(okta_client, "Audit")
    await okta_client.assign_group_to_application(
        app.id, group.id, ApplicationGroupAssignment.from_dict({"priority": 3})
    )
    patch = [
        JsonPatchOperation.from_dict(
            {"op": "replace", "path": "/profile", "value": {"role": "auditor"}}
        )
    ]
    updated, _, err = await okta_client.update_group_assignment_to_application(
        app.id, group.id, patch
    )
    assert err is None and updated.profile == {"role": "auditor"} and updated.priority == 3
    got, _, _ = await okta_client.get_application_group_assignment(app.id, group.id)
    assert got.profile == {"role": "auditor"}

    path = f"/api/v1/apps/{app.id}/groups/{group.id}"
    _, err = await send(okta_client, "PATCH", path, [{"op": "remove", "path": "/profile"}])
    assert err.status == 400 and err.error_code == "E0000001"
    _, err = await send(
        okta_client, "PATCH", path, [{"op": "replace", "path": "/priority", "value": "high"}]
    )
    assert err.status == 400 and err.error_code == "E0000001"
    moved, err = await send(
        okta_client, "PATCH", path, [{"op": "replace", "path": "/priority", "value": 1}]
    )
    assert err is None and moved["priority"] == 1
