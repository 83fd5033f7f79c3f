"""The admin console's groups and applications pages in headless Chromium: adding and removing a
group's members, and assigning people and groups to an application, each an Okta API call
checked through the okta SDK. Only groups of Okta's own type offer membership controls."""

from __future__ import annotations

import pytest
from okta.models import AddGroupRequest, Application
from tests.twins.okta.test_ui_person import sdk


def _user_id(universe, login: str) -> str:
    return universe.call(universe.universe.twins["okta"].state.user, login)["id"]


def _logins(users) -> list[str]:
    return [u.profile.login for u in users]


@pytest.mark.browser
def test_a_groups_members_are_added_and_removed_on_the_page(
    universe, browser_page, okta_client_for
):
    group = sdk(
        okta_client_for,
        lambda c: c.add_group(AddGroupRequest.from_dict({"profile": {"name": "Reviewers"}})),
    )
    page = browser_page
    page.goto(f"{universe.url}/ui/okta/groups")
    row = page.locator(f'tr[data-id="{group.id}"]')
    row.locator("select").select_option(label="demo@example.com")
    row.locator('button:has-text("Add")').click()
    page.locator(f'tr[data-id="{group.id}"] .okta-member').wait_for()
    members = sdk(okta_client_for, lambda c: c.list_group_users(group.id))
    assert _logins(members) == ["demo@example.com"]

    page.click('button[aria-label="Remove demo@example.com"]')
    page.locator(f'tr[data-id="{group.id}"] .okta-member').wait_for(state="detached")
    assert sdk(okta_client_for, lambda c: c.list_group_users(group.id)) == []

    everyone = page.locator("tr", has=page.locator("td", has_text="Everyone"))
    assert everyone.locator("select").count() == 0
    assert everyone.locator("button").count() == 0
    assert everyone.locator(".hint").inner_text() == "Membership managed by Okta"


@pytest.mark.browser
def test_people_and_groups_are_assigned_to_an_application_on_the_page(
    universe, browser_page, okta_client_for
):
    app = sdk(
        okta_client_for,
        lambda c: c.create_application(
            Application.from_dict(
                {
                    "name": "bookmark",
                    "label": "Wiki",
                    "signOnMode": "BOOKMARK",
                    "settings": {"app": {"url": "https://wiki.example.com"}},
                }
            )
        ),
    )
    group = sdk(
        okta_client_for,
        lambda c: c.add_group(AddGroupRequest.from_dict({"profile": {"name": "Wiki editors"}})),
    )
    page = browser_page
    page.goto(f"{universe.url}/ui/okta/apps")
    section = page.locator(f'section[data-id="{app.id}"]')
    section.locator('select[aria-label="Assign a person to Wiki"]').select_option(
        label="demo@example.com"
    )
    section.locator('button[data-pick^="user-"]').click()
    page.locator(f'section[data-id="{app.id}"] tr[data-user]').wait_for()
    assigned = sdk(okta_client_for, lambda c: c.list_application_users(app.id))
    assert [(a.id, a.scope) for a in assigned] == [(_user_id(universe, "demo@example.com"), "USER")]

    section = page.locator(f'section[data-id="{app.id}"]')
    section.locator('select[aria-label="Assign a group to Wiki"]').select_option(
        label="Wiki editors"
    )
    section.locator('button[data-pick^="group-"]').click()
    page.locator(f'section[data-id="{app.id}"] .okta-app-group').wait_for()
    groups = sdk(okta_client_for, lambda c: c.list_application_group_assignments(app.id))
    assert [g.id for g in groups] == [group.id]

    page.click('button[aria-label="Unassign demo@example.com"]')
    page.locator(f'section[data-id="{app.id}"] tr[data-user]').wait_for(state="detached")
    assert sdk(okta_client_for, lambda c: c.list_application_users(app.id)) == []
