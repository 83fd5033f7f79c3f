"""Attempts to get past Jira's permissions, each beside the same call made by someone allowed:
issues of a project one may not browse, changes without the matching project permission,
site and project administration without Administer Jira, and anonymous calls. SEC is
restricted to its members (Ada is one); Grace is an ordinary member of the site."""

from __future__ import annotations

import io

import pytest
import requests
from atlassian import Jira
from jira import JIRA, JIRAError
from tests.twins.jira.conftest import doc

HIDDEN = ["Issue does not exist or you do not have permission to see it."]
NOT_ADMIN = [
    "You are not authorized to perform this action. Administrator privileges are required."
]


@pytest.fixture
def secret(jira_client) -> str:
    return jira_client.create_issue(
        project="SEC", summary="Rotate the secret keys", issuetype={"name": "Task"}
    ).key


def account(jira_client: JIRA, name: str) -> str:
    return jira_client.search_users(query=f"{name}@example.com")[0].accountId


def issue_changes(client: JIRA, key: str, assignee: str, other: str) -> list:
    """Every kind of change to issue ``key``, each as a call ``client`` makes."""
    return [
        lambda: client.issue(key).update(summary="changed"),
        lambda: client.add_comment(key, doc("a comment")),
        lambda: client.transition_issue(key, "In Progress"),
        lambda: client.assign_issue(key, assignee),
        lambda: client.add_worklog(key, timeSpent="1h"),
        lambda: client.add_watcher(key, assignee),
        lambda: client.add_vote(key),
        lambda: client.add_attachment(key, attachment=io.BytesIO(b"x"), filename="x.txt"),
        lambda: client.create_issue_link("Blocks", key, other),
        lambda: client.transitions(key),
    ]


def test_no_change_reaches_an_issue_one_may_not_browse(jira_client, jira_client_for, secret):
    grace = jira_client_for("grace@example.com")
    ada = jira_client_for("ada@example.com")
    other = jira_client.create_issue(project="SEC", summary="Other", issuetype={"name": "Task"})
    for attempt in issue_changes(grace, secret, account(jira_client, "grace"), other.key):
        with pytest.raises(JIRAError) as caught:
            attempt()
        assert caught.value.status_code == 404
        assert caught.value.response.json()["errorMessages"] == HIDDEN
    assert jira_client.issue(secret).fields.summary == "Rotate the secret keys"
    for allowed in issue_changes(ada, secret, account(jira_client, "ada"), other.key):
        allowed()
    changed = jira_client.issue(secret)
    assert changed.fields.summary == "changed" and changed.fields.status.name == "In Progress"
    assert changed.fields.assignee.emailAddress == "ada@example.com"
    assert len(changed.fields.attachment) == 1 and changed.fields.votes.votes == 1


def test_browse_alone_does_not_allow_work_attachments_or_links(
    jira_client, jira_client_for, secret
):
    viewer = jira_client.project_roles("SEC")["Viewer"]["id"]
    jira_client.project_role("SEC", viewer).add_user(users=account(jira_client, "barbara"))
    barbara = jira_client_for("barbara@example.com")
    other = jira_client.create_issue(project="SEC", summary="Other", issuetype={"name": "Task"})
    for attempt in (
        lambda: barbara.add_worklog(secret, timeSpent="1h"),
        lambda: barbara.add_attachment(secret, attachment=io.BytesIO(b"x"), filename="x.txt"),
        lambda: barbara.create_issue_link("Blocks", secret, other.key),
        lambda: barbara.add_watcher(secret, account(jira_client, "ada")),
    ):
        with pytest.raises(JIRAError) as caught:
            attempt()
        assert caught.value.status_code == 403
    fresh = jira_client.issue(secret)
    assert fresh.fields.attachment == [] and fresh.fields.issuelinks == []
    assert barbara.worklogs(secret) == []
    barbara.add_watcher(secret, account(jira_client, "barbara"))
    assert "barbara@example.com" in [w.emailAddress for w in barbara.watchers(secret).watchers]


def administration(client: JIRA, atlassian: Jira, suffix: str) -> list:
    """Site administration, each as a call made through one of the SDKs."""
    status = client.statuses()[0].id
    return [
        lambda: client.create_project(f"NEW{suffix}", f"New {suffix}"),
        lambda: atlassian.create_permission_scheme(f"Scheme {suffix}", "", []),
        lambda: atlassian.post(
            "rest/api/3/workflow",
            data={
                "name": f"Flow {suffix}",
                "statuses": [{"id": status}],
                "transitions": [{"name": "Create", "to": status, "type": "initial"}],
            },
        ),
        lambda: atlassian.post(
            "rest/api/3/workflowscheme",
            data={"name": f"Workflows {suffix}", "defaultWorkflow": f"Flow {suffix}"},
        ),
        lambda: atlassian.post("rest/api/3/role", data={"name": f"Role {suffix}"}),
        lambda: client.add_group(f"group-{suffix.lower()}"),
    ]


def test_only_jira_administrators_administer_the_site(
    jira_client, atlassian_jira, jira_client_for, atlassian_jira_for
):
    grace, grace_raw = jira_client_for("grace@example.com"), atlassian_jira_for("grace@example.com")
    for attempt in administration(grace, grace_raw, "G"):
        with pytest.raises((JIRAError, requests.HTTPError)) as caught:
            attempt()
        response = caught.value.response
        assert response.status_code == 403 and response.json()["errorMessages"] == NOT_ADMIN
    assert "NEWG" not in [p.key for p in jira_client.projects()]
    assert "Role G" not in [r["name"] for r in atlassian_jira.get("rest/api/3/role")]
    for allowed in administration(jira_client, atlassian_jira, "A"):
        allowed()
    assert "NEWA" in [p.key for p in jira_client.projects()]
    assert "Role A" in [r["name"] for r in atlassian_jira.get("rest/api/3/role")]


def test_a_project_administrator_edits_the_project_but_not_its_key_schemes_or_existence(
    jira_client, atlassian_jira, atlassian_jira_for
):
    admins = jira_client.project_roles("DEMO")["Administrators"]["id"]
    jira_client.project_role("DEMO", admins).add_user(users=account(jira_client, "grace"))
    grace = atlassian_jira_for("grace@example.com")
    scheme = atlassian_jira.create_permission_scheme("Open", "", [])
    for change in ({"key": "DEMX"}, {"permissionScheme": scheme["id"]}):
        with pytest.raises(requests.HTTPError) as caught:
            grace.put("rest/api/3/project/DEMO", data=change)
        assert caught.value.response.status_code == 403
    with pytest.raises(requests.HTTPError) as deleting:
        grace.delete("rest/api/3/project/DEMO")
    assert deleting.value.response.status_code == 404
    assert atlassian_jira.get_project_permission_scheme("DEMO")["name"] != "Open"
    assert grace.put("rest/api/3/project/DEMO", data={"name": "Demo site"})["name"] == "Demo site"
    assert jira_client.project("DEMO").name == "Demo site"
    moved = atlassian_jira.put("rest/api/3/project/DEMO", data={"permissionScheme": scheme["id"]})
    assert moved["key"] == "DEMO"
    assert atlassian_jira.get_project_permission_scheme("DEMO")["name"] == "Open"


def test_anonymous_calls_are_refused(jira_credentials, jira_client):
    before = jira_client.issue("DEMO-1").fields.comment.total
    anonymous = JIRA(
        jira_credentials["url"], options={"rest_api_version": "3"}, get_server_info=False
    )
    for attempt in (
        anonymous.projects,
        lambda: anonymous.issue("DEMO-1"),
        lambda: anonymous.search_issues("project = DEMO"),
        lambda: anonymous.create_issue(project="DEMO", summary="x", issuetype={"name": "Task"}),
        lambda: anonymous.add_comment("DEMO-1", doc("hi")),
    ):
        with pytest.raises(JIRAError) as caught:
            attempt()
        assert caught.value.status_code == 401
    assert anonymous.server_info()["deploymentType"] == "Cloud"
    assert jira_client.issue("DEMO-1").fields.comment.total == before


def test_anonymous_bulk_check_is_answered_with_nothing_granted(jira_credentials, jira_client):
    anonymous = Jira(url=jira_credentials["url"], cloud=True)
    demo = int(jira_client.project("DEMO").id)
    question = {
        "projectPermissions": [{"permissions": ["BROWSE_PROJECTS"], "projects": [demo]}],
        "globalPermissions": ["USER_PICKER"],
    }
    assert anonymous.post("rest/api/3/permissions/check", data=question) == {
        "projectPermissions": [{"permission": "BROWSE_PROJECTS", "projects": [], "issues": []}],
        "globalPermissions": [],
    }


def test_boards_and_sprints_of_a_hidden_project_are_not_found(
    jira_client, jira_client_for, atlassian_jira_for
):
    saved = jira_client.create_filter(name="Secrets", jql="project = SEC")
    board = jira_client.create_board(
        "Secret board", filter_id=saved.id, location_type="project", location_id="SEC"
    )
    sprint = jira_client.create_sprint("Secret sprint", board.id)
    grace = atlassian_jira_for("grace@example.com")
    for path in (f"board/{board.id}", f"board/{board.id}/configuration", f"sprint/{sprint.id}"):
        with pytest.raises(requests.HTTPError) as caught:
            grace.get(f"rest/agile/1.0/{path}")
        assert caught.value.response.status_code == 404
    with pytest.raises(JIRAError) as creating:
        jira_client_for("grace@example.com").create_sprint("Sneak", board.id)
    assert creating.value.status_code == 404
    ada = atlassian_jira_for("ada@example.com")
    assert ada.get(f"rest/agile/1.0/board/{board.id}")["name"] == "Secret board"
    assert ada.get(f"rest/agile/1.0/sprint/{sprint.id}")["name"] == "Secret sprint"
