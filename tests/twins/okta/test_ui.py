"""The admin console at /ui/okta/: people, groups, applications with assignments."""

from __future__ import annotations

import httpx
from okta.models import AddGroupRequest, Application, ApplicationGroupAssignment


async def test_console_pages_show_the_org(okta_client, universe):
    group, _, _ = await okta_client.add_group(
        AddGroupRequest.from_dict({"profile": {"name": "Console crew"}})
    )
    await okta_client.assign_user_to_group(group.id, "demo@example.com")
    app, _, _ = await okta_client.create_application(
        Application.from_dict(
            {
                "name": "bookmark",
                "label": "Console wiki",
                "signOnMode": "BOOKMARK",
                "settings": {"app": {"url": "https://example.com"}},
            }
        )
    )
    await okta_client.assign_group_to_application(
        app.id, group.id, ApplicationGroupAssignment.from_dict({"priority": 0})
    )
    await okta_client.suspend_user("demo@example.com")

    async with httpx.AsyncClient(
        base_url=f"{universe.url}/ui/okta", headers=universe.admin_headers
    ) as ui:
        people = (await ui.get("/")).text
        groups = (await ui.get("/groups")).text
        apps = (await ui.get("/apps")).text
    assert "demo@example.com" in people and "SUSPENDED" in people
    assert "Console crew" in groups and "demo@example.com" in groups
    assert "Console wiki" in apps and "GROUP" in apps and "Console crew" in apps
