"""Permission enforcement per user, through both SDKs. SEC is restricted to its members (Ada the
developer and its lead); Grace is an ordinary member of the site; Gus has no product access;
Barbara is made a Viewer of SEC. Managing schemes and grants through the API changes who may
do what."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError
from tests.twins.jira.conftest import doc

HIDDEN = ["Issue does not exist or you do not have permission to see it."]


@pytest.fixture
def secret(jira_client) -> str:
    return jira_client.create_issue(
        project="SEC", summary="Rotate the secret keys", issuetype={"name": "Task"}
    ).key


def test_a_member_works_in_the_restricted_project(jira_client_for, secret):
    ada = jira_client_for("ada@example.com")
    assert ada.issue(secret).fields.summary == "Rotate the secret keys"
    assert "SEC" in [p.key for p in ada.projects()]
    made = ada.create_issue(project="SEC", summary="Audit access", issuetype={"name": "Bug"})
    ada.add_comment(made.key, doc("On it"))
    ada.transition_issue(made.key, "In Progress")
    assert [i.key for i in ada.search_issues("project = SEC ORDER BY key")] == [secret, made.key]
    with pytest.raises(JIRAError) as caught:
        ada.project("SEC").update(name="Renamed")
    assert caught.value.status_code == 403


def test_without_browse_the_project_is_invisible_everywhere(
    jira_client_for, atlassian_jira_for, secret
):
    grace = jira_client_for("grace@example.com")
    with pytest.raises(JIRAError) as direct:
        grace.issue(secret)
    assert (
        direct.value.status_code == 404 and direct.value.response.json()["errorMessages"] == HIDDEN
    )
    assert "SEC" not in [p.key for p in grace.projects()]
    with pytest.raises(JIRAError) as project:
        grace.project("SEC")
    assert project.value.status_code == 404
    assert [i.key for i in grace.search_issues('summary ~ "secret keys"')] == []
    with pytest.raises(JIRAError) as jql:
        grace.search_issues("project = SEC")
    assert jql.value.response.json()["errorMessages"] == [
        "Error in the JQL Query: The value 'SEC' does not exist for the field 'project'."
    ]
    old_search = atlassian_jira_for("grace@example.com").get(
        "rest/api/2/search", params={"jql": "text ~ secret"}
    )
    assert old_search["total"] == 0
    with pytest.raises(JIRAError) as comment:
        grace.add_comment(secret, doc("peek"))
    assert comment.value.status_code == 404
    with pytest.raises(JIRAError) as create:
        grace.create_issue(
            fields={"project": {"key": "SEC"}, "summary": "Sneak", "issuetype": {"name": "Task"}}
        )
    assert create.value.response.json()["errors"] == {
        "project": "Specify a valid project ID or key"
    }


def test_a_user_without_product_access_sees_nothing(jira_client_for):
    gus = jira_client_for("guest@example.com")
    assert gus.projects() == []
    assert gus.search_issues("created <= now() order by created", maxResults=False) == []
    with pytest.raises(JIRAError) as caught:
        gus.issue("DEMO-1")
    assert caught.value.status_code == 404


def test_a_viewer_may_browse_but_not_change(jira_client, jira_client_for, secret):
    viewer = jira_client.project_roles("SEC")["Viewer"]["id"]
    barbara_id = jira_client.search_users(query="barbara")[0].accountId
    jira_client.project_role("SEC", viewer).add_user(users=barbara_id)
    barbara = jira_client_for("barbara@example.com")
    assert barbara.issue(secret).key == secret
    assert barbara.transitions(secret) == []
    for attempt, status in (
        (lambda: barbara.issue(secret).update(summary="changed"), 403),
        (lambda: barbara.add_comment(secret, doc("hello")), 403),
        (lambda: barbara.assign_issue(secret, barbara_id), 403),
        (lambda: barbara.transition_issue(secret, "21"), 400),
        (lambda: barbara.create_issue(project="SEC", summary="x", issuetype={"name": "Task"}), 400),
        (lambda: barbara.issue(secret).delete(), 403),
    ):
        with pytest.raises(JIRAError) as caught:
            attempt()
        assert caught.value.status_code == status
    mine = barbara.my_permissions(
        projectKey="SEC", permissions="BROWSE_PROJECTS,EDIT_ISSUES,ADD_COMMENTS"
    )
    assert {k: v["havePermission"] for k, v in mine["permissions"].items()} == {
        "BROWSE_PROJECTS": True,
        "EDIT_ISSUES": False,
        "ADD_COMMENTS": False,
    }


def test_managing_a_scheme_through_the_api_changes_who_may_do_what(
    jira_client, jira_client_for, atlassian_jira
):
    developers = jira_client.group_members("developers")
    assert "linus@example.com" in [m["email"] for m in developers.values()]
    scheme = atlassian_jira.create_permission_scheme(
        "Developers only",
        "Only developers browse",
        [
            {
                "holder": {"type": "group", "parameter": "developers"},
                "permission": "BROWSE_PROJECTS",
            },
            {"holder": {"type": "group", "parameter": "developers"}, "permission": "CREATE_ISSUES"},
            {"holder": {"type": "projectLead"}, "permission": "ADMINISTER_PROJECTS"},
        ],
    )
    atlassian_jira.assign_project_permission_scheme("OPS", scheme["id"])
    assert atlassian_jira.get_project_permission_scheme("OPS")["name"] == "Developers only"
    grace, linus = jira_client_for("grace@example.com"), jira_client_for("linus@example.com")
    linus.create_issue(project="OPS", summary="Patch servers", issuetype={"name": "Task"})
    assert "OPS" not in [p.key for p in jira_client.projects()]
    assert "OPS" not in [p.key for p in grace.projects()]
    assert [i.key for i in linus.search_issues("project = OPS")] == ["OPS-1"]
    made = linus.create_issue(project="OPS", summary="Rotate logs", issuetype={"name": "Task"})
    assert made.key == "OPS-2"
    with pytest.raises(JIRAError) as caught:
        linus.issue(made.key).update(summary="edited")
    assert caught.value.status_code == 403

    grant = atlassian_jira.set_permissionscheme_grant(
        scheme["id"],
        {
            "holder": {"type": "user", "parameter": linus.myself()["accountId"]},
            "permission": "EDIT_ISSUES",
        },
    )
    linus.issue(made.key).update(summary="edited")
    assert linus.issue(made.key).fields.summary == "edited"
    atlassian_jira.delete(f"rest/api/3/permissionscheme/{scheme['id']}/permission/{grant['id']}")
    with pytest.raises(JIRAError):
        linus.issue(made.key).update(summary="again")
    with pytest.raises(requests.HTTPError) as in_use:
        atlassian_jira.delete(f"rest/api/3/permissionscheme/{scheme['id']}")
    assert in_use.value.response.status_code == 400


def test_bulk_permission_check_and_permitted_projects(atlassian_jira_for, jira_client, secret):
    grace = atlassian_jira_for("grace@example.com")
    projects = {p.key: int(p.id) for p in jira_client.projects()}
    answer = grace.post(
        "rest/api/3/permissions/check",
        data={
            "projectPermissions": [
                {"permissions": ["BROWSE_PROJECTS"], "projects": list(projects.values())}
            ],
            "globalPermissions": ["ADMINISTER", "USER_PICKER"],
        },
    )
    assert sorted(answer["projectPermissions"][0]["projects"]) == sorted(
        [projects["DEMO"], projects["OPS"]]
    )
    assert answer["globalPermissions"] == ["USER_PICKER"]
    permitted = grace.post(
        "rest/api/3/permissions/project", data={"permissions": ["CREATE_ISSUES"]}
    )
    assert [p["key"] for p in permitted["projects"]] == ["DEMO", "OPS"]
