"""Projects through both SDKs: create, get, list, search, update, delete; components, versions,
issue types, project roles and their actors."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


def test_create_get_update_delete(jira_client, atlassian_jira):
    created = jira_client.create_project("PLAT", "Platform")
    assert created["key"] == "PLAT"
    project = jira_client.project("PLAT")
    assert project.name == "Platform" and project.lead.displayName == "Ada Admin"
    assert [t.name for t in project.issueTypes] == ["Epic", "Story", "Task", "Bug", "Subtask"]
    atlassian_jira.update_project(
        "PLAT", {"name": "Platform team", "description": "Shared services"}
    )
    assert jira_client.project("PLAT").name == "Platform team"
    assert "PLAT" in [p.key for p in jira_client.projects()]
    jira_client.delete_project("PLAT")
    with pytest.raises(JIRAError) as caught:
        jira_client.project("PLAT")
    assert caught.value.status_code == 404
    assert caught.value.response.json()["errorMessages"] == [
        "No project could be found with key 'PLAT'."
    ]


def test_bad_project_keys_are_refused_with_field_errors(atlassian_jira):
    for key, message in (
        ("lower", "Project keys must start with an uppercase letter"),
        ("DEMO", "Project 'DEMO' uses this project key."),
    ):
        with pytest.raises(requests.HTTPError) as caught:
            atlassian_jira.create_project_from_raw_json(
                {
                    "key": key,
                    "name": f"Named {key}",
                    "projectTypeKey": "software",
                    "leadAccountId": atlassian_jira.myself()["accountId"],
                }
            )
        assert caught.value.response.status_code == 400
        assert caught.value.response.json()["errors"]["projectKey"].startswith(message)


def test_search_projects_pages(atlassian_jira):
    page = atlassian_jira.get("rest/api/3/project/search", params={"query": "o", "maxResults": 1})
    assert page["total"] == 2 and page["isLast"] is False
    assert [p["key"] for p in page["values"]] == ["DEMO"]
    assert {p["key"] for p in atlassian_jira.get_all_projects()} == {"DEMO", "OPS", "SEC"}


def test_components_and_versions(jira_client, atlassian_jira):
    component = jira_client.create_component("API", "OPS", description="Public API")
    assert jira_client.component(component.id).name == "API"
    version = jira_client.create_version("2026.1", "OPS", releaseDate="2026-03-01")
    assert [v.name for v in jira_client.project_versions("OPS")] == ["2026.1"]
    issue = jira_client.create_issue(
        project="OPS",
        summary="Ship it",
        issuetype={"name": "Task"},
        components=[{"name": "API"}],
        fixVersions=[{"name": "2026.1"}],
    )
    assert [c.name for c in issue.fields.components] == ["API"]
    version.update(released=True)
    assert jira_client.version(version.id).released is True
    component.delete()
    assert jira_client.issue(issue.key).fields.components == []
    with pytest.raises(JIRAError) as caught:
        jira_client.create_component("API2", "NOPE")
    assert caught.value.status_code == 404
    with pytest.raises(requests.HTTPError) as duplicate:
        atlassian_jira.add_version(project_id=jira_client.project("OPS").id, version="2026.1")
    assert duplicate.value.response.status_code == 400


def test_issue_types_and_creating_one(jira_client, atlassian_jira):
    names = [t.name for t in jira_client.issue_types()]
    assert names == ["Epic", "Story", "Task", "Bug", "Subtask"]
    made = atlassian_jira.create_issue_type("Incident", "Something broke")
    assert made["name"] == "Incident"
    assert "Incident" in [t.name for t in jira_client.project("DEMO").issueTypes]
    issue = jira_client.create_issue(
        project="DEMO", summary="Outage", issuetype={"name": "Incident"}
    )
    assert issue.fields.issuetype.name == "Incident"


def test_roles_and_actors(jira_client, atlassian_jira):
    roles = jira_client.project_roles("OPS")
    assert set(roles) == {"Administrators", "Member", "Viewer"}
    viewer_id = roles["Viewer"]["id"]
    grace = jira_client.search_users(query="grace")[0].accountId
    role = jira_client.project_role("OPS", viewer_id)
    assert role.actors == []
    role.add_user(users=grace)
    role = jira_client.project_role("OPS", viewer_id)
    assert [a.actorUser.accountId for a in role.actors] == [grace]
    atlassian_jira.delete_project_actors("OPS", viewer_id, actor=grace, actor_type="user")
    assert jira_client.project_role("OPS", viewer_id).actors == []
    member = jira_client.project_role("OPS", roles["Member"]["id"])
    assert [a.name for a in member.actors] == ["jira-software-users"]
    everyone = atlassian_jira.get("rest/api/3/role")
    assert [r["name"] for r in everyone] == ["Administrators", "Member", "Viewer"]


def test_project_statuses_follow_its_workflow(atlassian_jira):
    statuses = atlassian_jira.get("rest/api/3/project/DEMO/statuses")
    assert {tuple(s["name"] for s in t["statuses"]) for t in statuses} == {
        ("To Do", "In Progress", "Done")
    }


def test_issue_type_schemes_decide_which_types_a_project_offers(jira_client, atlassian_jira):
    types = {t.name: t.id for t in jira_client.issue_types()}
    made = atlassian_jira.post(
        "rest/api/3/issuetypescheme",
        data={
            "name": "Support",
            "issueTypeIds": [types["Task"], types["Bug"]],
            "defaultIssueTypeId": types["Bug"],
        },
    )
    ops = jira_client.project("OPS")
    atlassian_jira.put(
        "rest/api/3/issuetypescheme/project",
        data={"issueTypeSchemeId": made["issueTypeSchemeId"], "projectId": ops.id},
    )
    assert [t.name for t in jira_client.project("OPS").issueTypes] == ["Task", "Bug"]
    with pytest.raises(JIRAError) as caught:
        jira_client.create_issue(project="OPS", summary="x", issuetype={"name": "Story"})
    assert caught.value.response.json()["errors"] == {"issuetype": "Specify a valid issue type"}
    mapping = atlassian_jira.get("rest/api/3/issuetypescheme/project", params={"projectId": ops.id})
    assert mapping["values"][0]["issueTypeScheme"]["name"] == "Support"
    atlassian_jira.put(
        f"rest/api/3/issuetypescheme/{made['issueTypeSchemeId']}/issuetype",
        data={"issueTypeIds": [types["Story"]]},
    )
    story = jira_client.create_issue(project="OPS", summary="y", issuetype={"name": "Story"})
    assert story.fields.issuetype.name == "Story"
    bugs_only = atlassian_jira.post(
        "rest/api/3/issuetypescheme", data={"name": "Bugs only", "issueTypeIds": [types["Bug"]]}
    )
    with pytest.raises(requests.HTTPError) as in_use:
        atlassian_jira.put(
            "rest/api/3/issuetypescheme/project",
            data={
                "issueTypeSchemeId": bugs_only["issueTypeSchemeId"],
                "projectId": jira_client.project("DEMO").id,
            },
        )
    assert in_use.value.response.status_code == 400


def test_related_issue_counts(jira_client):
    component = jira_client.create_component("Billing", "DEMO")
    version = jira_client.create_version("3.0", "DEMO")
    for n in range(2):
        jira_client.create_issue(
            project="DEMO",
            summary=f"Invoice {n}",
            issuetype={"name": "Task"},
            components=[{"name": "Billing"}],
            fixVersions=[{"name": "3.0"}],
        )
    jira_client.transition_issue("DEMO-7", "Done")
    assert jira_client.component_count_related_issues(component.id) == 2
    assert jira_client.version_count_related_issues(version.id) == {
        "issuesFixedCount": 2,
        "issuesAffectedCount": 0,
        "issueCountWithCustomFieldsShowingVersion": 0,
    }
    assert jira_client.version_count_unresolved_issues(version.id) == 1
