"""The site's application role, project types and announcement banner through both SDKs; roles
and the banner are for administrators only."""

from __future__ import annotations

import pytest
import requests


def test_application_role_counts_the_users_its_groups_hold(atlassian_jira, atlassian_jira_for):
    [role] = atlassian_jira.get("rest/api/3/applicationrole")
    assert role["key"] == "jira-software"
    assert "jira-software-users" in role["groups"]
    assert role["remainingSeats"] == role["numberOfSeats"] - role["userCount"]
    assert atlassian_jira.get("rest/api/3/applicationrole/jira-software") == role
    with pytest.raises(requests.HTTPError) as unknown:
        atlassian_jira.get("rest/api/3/applicationrole/jira-core")
    assert unknown.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as refused:
        atlassian_jira_for("grace@example.com").get("rest/api/3/applicationrole")
    assert refused.value.response.status_code == 403


def test_project_types_and_the_accessible_ones(jira_client, atlassian_jira):
    every = [t["key"] for t in atlassian_jira.get("rest/api/3/project/type")]
    accessible = [t["key"] for t in atlassian_jira.get("rest/api/3/project/type/accessible")]
    assert "software" in accessible and set(accessible) < set(every)
    assert atlassian_jira.get("rest/api/3/project/type/software")["formattedKey"] == "Software"
    with pytest.raises(requests.HTTPError) as unlicensed:
        atlassian_jira.get("rest/api/3/project/type/service_desk/accessible")
    assert unlicensed.value.response.status_code == 404
    assert jira_client.project("DEMO").projectTypeKey == "software"


def test_the_banner_is_set_by_administrators(atlassian_jira, atlassian_jira_for):
    banner = "rest/api/3/announcementBanner"
    assert atlassian_jira.get(banner)["isEnabled"] is False
    atlassian_jira.put(banner, data={"message": "Maintenance at 6pm", "isEnabled": True})
    shown = atlassian_jira.get(banner)
    assert (shown["message"], shown["isEnabled"], shown["visibility"]) == (
        "Maintenance at 6pm",
        True,
        "private",
    )
    with pytest.raises(requests.HTTPError) as bad:
        atlassian_jira.put(banner, data={"visibility": "everyone"})
    assert bad.value.response.status_code == 400
    grace = atlassian_jira_for("grace@example.com")
    for attempt in (lambda: grace.get(banner), lambda: grace.put(banner, data={"message": "x"})):
        with pytest.raises(requests.HTTPError) as refused:
            attempt()
        assert refused.value.response.status_code == 403
    assert atlassian_jira.get(banner)["message"] == "Maintenance at 6pm"


def test_project_categories_are_managed_by_administrators(jira_client, atlassian_jira_for):
    assert jira_client.projectcategories() == []
    api = "rest/api/3/projectCategory"
    admin, grace = atlassian_jira_for(), atlassian_jira_for("grace@example.com")
    made = admin.post(api, data={"name": "Internal", "description": "Our own tools"})
    assert [c["name"] for c in grace.get(api)] == ["Internal"]
    assert grace.get(f"{api}/{made['id']}")["description"] == "Our own tools"
    renamed = admin.put(f"{api}/{made['id']}", data={"name": "In-house"})
    assert (renamed["name"], renamed["description"]) == ("In-house", "Our own tools")
    for attempt, status in (
        (lambda: admin.post(api, data={"name": "In-house"}), 400),
        (lambda: admin.post(api, data={}), 400),
        (lambda: grace.post(api, data={"name": "Mine"}), 403),
        (lambda: grace.delete(f"{api}/{made['id']}"), 403),
        (lambda: admin.get(f"{api}/99999"), 404),
    ):
        with pytest.raises(requests.HTTPError) as refused:
            attempt()
        assert refused.value.response.status_code == status
    admin.delete(f"{api}/{made['id']}")
    assert grace.get(api) == []
