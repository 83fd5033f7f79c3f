"""Workflows through both SDKs: the default To Do / In Progress / Done with resolutions, a custom
workflow assigned to one project, and the changelog every transition leaves."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


def test_default_workflow_sets_and_clears_the_resolution(jira_client, atlassian_jira):
    issue = jira_client.create_issue(project="DEMO", summary="Flow", issuetype={"name": "Task"})
    assert [t["name"] for t in jira_client.transitions(issue)] == ["To Do", "In Progress", "Done"]
    jira_client.transition_issue(issue, "In Progress")
    jira_client.transition_issue(issue, "Done", fields={"resolution": {"name": "Won't Do"}})
    done = jira_client.issue(issue.key)
    assert done.fields.status.name == "Done" and done.fields.status.statusCategory.key == "done"
    assert done.fields.resolution.name == "Won't Do" and done.fields.resolutiondate
    atlassian_jira.set_issue_status(issue.key, "To Do")
    reopened = jira_client.issue(issue.key)
    assert reopened.fields.status.name == "To Do" and reopened.fields.resolution is None
    history = atlassian_jira.get_issue_changelog(issue.key)
    items = [
        (i["field"], i["fromString"], i["toString"]) for h in history["values"] for i in h["items"]
    ]
    assert items == [
        ("status", "To Do", "In Progress"),
        ("status", "In Progress", "Done"),
        ("resolution", None, "Won't Do"),
        ("status", "Done", "To Do"),
        ("resolution", "Won't Do", None),
    ]
    assert all(h["author"]["emailAddress"] == "admin@example.com" for h in history["values"])


def test_transition_with_default_resolution_and_a_comment(jira_client):
    issue = jira_client.create_issue(project="DEMO", summary="Close me", issuetype={"name": "Task"})
    body = {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Shipped"}]}],
    }
    jira_client.transition_issue(issue, "31", comment=body)
    done = jira_client.issue(issue.key)
    assert done.fields.resolution.name == "Done"
    assert jira_client.comments(issue.key)[0].raw["body"] == body


def test_an_unknown_transition_is_refused(jira_client):
    issue = jira_client.create_issue(project="DEMO", summary="Stay", issuetype={"name": "Task"})
    with pytest.raises(JIRAError) as caught:
        jira_client.transition_issue(issue, "999")
    assert caught.value.status_code == 400
    assert caught.value.response.json()["errorMessages"] == [
        "Transition id '999' is not valid for this issue."
    ]


def test_a_custom_workflow_for_one_project(jira_client, atlassian_jira):
    review = atlassian_jira.post(
        "rest/api/3/statuses",
        data={
            "scope": {"type": "GLOBAL"},
            "statuses": [
                {"name": "Triage", "statusCategory": "TODO"},
                {"name": "Verified", "statusCategory": "DONE"},
            ],
        },
    )
    triage, verified = (s["id"] for s in review)
    statuses = {s.name: s.id for s in jira_client.statuses()}
    progress = statuses["In Progress"]
    atlassian_jira.post(
        "rest/api/3/workflow",
        data={
            "name": "Ops flow",
            "statuses": [{"id": triage}, {"id": progress}, {"id": verified}],
            "transitions": [
                {"name": "Create", "to": triage, "type": "initial"},
                {"name": "Start", "from": [triage], "to": progress, "type": "directed"},
                {"name": "Verify", "from": [progress], "to": verified, "type": "directed"},
                {"name": "Back to triage", "to": triage, "type": "global"},
            ],
        },
    )
    scheme = atlassian_jira.post(
        "rest/api/3/workflowscheme", data={"name": "Ops scheme", "defaultWorkflow": "Ops flow"}
    )
    ops = jira_client.project("OPS")
    atlassian_jira.put(
        "rest/api/3/workflowscheme/project",
        data={"workflowSchemeId": str(scheme["id"]), "projectId": ops.id},
    )

    issue = jira_client.create_issue(project="OPS", summary="Disk full", issuetype={"name": "Bug"})
    assert issue.fields.status.name == "Triage"
    assert [t["name"] for t in jira_client.transitions(issue)] == ["Start", "Back to triage"]
    with pytest.raises(JIRAError):
        jira_client.transition_issue(issue, "Verify")
    jira_client.transition_issue(issue, "Start")
    jira_client.transition_issue(issue, "Verify")
    verified_issue = jira_client.issue(issue.key)
    assert (
        verified_issue.fields.status.name == "Verified"
        and verified_issue.fields.resolution.name == "Done"
    )
    demo = jira_client.create_issue(
        project="DEMO", summary="Unaffected", issuetype={"name": "Task"}
    )
    assert demo.fields.status.name == "To Do"
    found = jira_client.search_issues(
        'project = OPS AND status CHANGED FROM "In Progress" TO Verified', fields="summary"
    )
    assert [i.key for i in found] == [issue.key]


def test_workflow_with_unknown_status_is_refused(atlassian_jira):
    with pytest.raises(requests.HTTPError) as caught:
        atlassian_jira.post(
            "rest/api/3/workflow",
            data={"name": "Broken", "statuses": [{"id": "424242"}], "transitions": []},
        )
    assert caught.value.response.status_code == 404
