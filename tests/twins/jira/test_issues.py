"""Issues through both SDKs: create (single, bulk), get with fields and expand, edit with fields
and update operations, assign, delete, and the errors Jira gives for bad input."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError
from tests.twins.jira.conftest import doc


def test_create_and_get_with_fields_and_expand(jira_client):
    issue = jira_client.create_issue(
        project="DEMO",
        summary="Checkout is slow",
        issuetype={"name": "Bug"},
        description=doc("Takes 9 seconds."),
        labels=["perf"],
        priority={"name": "High"},
        duedate="2026-05-01",
    )
    assert issue.key.startswith("DEMO-") and issue.fields.status.name == "To Do"
    assert issue.fields.reporter.emailAddress == "admin@example.com"
    assert issue.fields.priority.name == "High" and issue.fields.labels == ["perf"]
    assert issue.fields.duedate == "2026-05-01" and issue.fields.resolution is None
    slim = jira_client.issue(issue.key, fields="summary,status")
    assert set(slim.raw["fields"]) == {"summary", "status"}
    named = jira_client.issue(
        issue.key, fields="summary", expand="names,renderedFields,transitions"
    )
    assert named.raw["names"] == {"summary": "Summary"}
    assert named.raw["renderedFields"]["description"] == "Takes 9 seconds."
    assert [t["name"] for t in named.raw["transitions"]] == ["To Do", "In Progress", "Done"]
    without = jira_client.issue(issue.key, fields="*all,-comment")
    assert "comment" not in without.raw["fields"] and "summary" in without.raw["fields"]


def test_bulk_create_reports_each_failure(jira_client, atlassian_jira):
    made = jira_client.create_issues(
        [
            {"project": {"key": "DEMO"}, "summary": "One", "issuetype": {"name": "Task"}},
            {"project": {"key": "DEMO"}, "summary": "", "issuetype": {"name": "Task"}},
            {"project": {"key": "NOPE"}, "summary": "Three", "issuetype": {"name": "Task"}},
        ]
    )
    assert [m["status"] for m in made] == ["Success", "Error", "Error"]
    assert made[1]["error"] == {"summary": "You must specify a summary of the issue."}
    assert made[2]["error"] == {"project": "Specify a valid project ID or key"}
    raw = atlassian_jira.create_issues(
        [{"fields": {"project": {"key": "OPS"}, "summary": "Two", "issuetype": {"name": "Bug"}}}]
    )
    assert raw["issues"][0]["key"] == "OPS-1" and raw["errors"] == []


def test_edit_fields_and_update_operations_record_the_changelog(jira_client):
    issue = jira_client.issue("DEMO-1")
    issue.update(fields={"summary": "Set up the CI pipeline", "labels": ["seed", "ci"]})
    issue.update(
        update={
            "labels": [{"add": "infra"}, {"remove": "seed"}],
            "comment": [{"add": {"body": doc("Renamed.")}}],
        }
    )
    issue = jira_client.issue("DEMO-1", expand="changelog")
    assert issue.fields.summary == "Set up the CI pipeline"
    assert issue.fields.labels == ["ci", "infra"]
    assert [
        c.raw["body"]["content"][0]["content"][0]["text"] for c in jira_client.comments("DEMO-1")
    ] == ["Renamed."]
    items = [
        (i.field, i.fromString, i.toString) for h in issue.changelog.histories for i in h.items
    ]
    assert ("summary", "Set up the build pipeline", "Set up the CI pipeline") in items
    assert ("labels", "seed", "seed ci") in items and ("labels", "seed ci", "ci infra") in items


def test_status_cannot_be_edited_directly(jira_client):
    with pytest.raises(JIRAError) as caught:
        jira_client.issue("DEMO-1").update(fields={"status": {"name": "Done"}})
    assert caught.value.response.json()["errors"] == {
        "status": "Field 'status' cannot be set. It is not on the appropriate screen, or unknown."
    }


def test_assign_unassign_and_who_may_be_assigned(jira_client, atlassian_jira):
    grace = jira_client.search_users(query="grace")[0].accountId
    jira_client.assign_issue("DEMO-1", grace)
    assert jira_client.issue("DEMO-1").fields.assignee.accountId == grace
    atlassian_jira.assign_issue("DEMO-1", None)
    assert jira_client.issue("DEMO-1").fields.assignee is None
    guest = jira_client.search_users(query="guest")[0].accountId
    with pytest.raises(JIRAError) as caught:
        jira_client.assign_issue("DEMO-1", guest)
    assert caught.value.response.json()["errors"] == {
        "assignee": "User 'Gus Guest' cannot be assigned issues."
    }
    assignable = jira_client.search_assignable_users_for_issues(query="example", project="DEMO")
    assert guest not in [u.accountId for u in assignable] and grace in [
        u.accountId for u in assignable
    ]


def test_delete_and_subtasks(jira_client):
    parent = jira_client.create_issue(project="DEMO", summary="Parent", issuetype={"name": "Story"})
    child = jira_client.create_issue(
        project="DEMO", summary="Child", issuetype={"name": "Subtask"}, parent={"key": parent.key}
    )
    assert jira_client.issue(child.key).fields.parent.key == parent.key
    with pytest.raises(JIRAError) as caught:
        parent.delete()
    assert caught.value.status_code == 400
    parent.delete(deleteSubtasks=True)
    for key in (parent.key, child.key):
        with pytest.raises(JIRAError) as missing:
            jira_client.issue(key)
        assert missing.value.status_code == 404
        assert missing.value.response.json()["errorMessages"] == [
            "Issue does not exist or you do not have permission to see it."
        ]


def test_create_errors(jira_client, atlassian_jira):
    cases = [
        (
            {"project": {"key": "DEMO"}, "issuetype": {"name": "Task"}},
            {"summary": "You must specify a summary of the issue."},
        ),
        ({"project": {"key": "DEMO"}, "summary": "x"}, {"issuetype": "Specify an issue type"}),
        (
            {"project": {"key": "DEMO"}, "summary": "x", "issuetype": {"name": "Saga"}},
            {"issuetype": "Specify a valid 'issuetype' id or name"},
        ),
        (
            {
                "project": {"key": "DEMO"},
                "summary": "x",
                "issuetype": {"name": "Task"},
                "duedate": "soon",
            },
            {"duedate": "Error parsing date string: soon"},
        ),
        (
            {
                "project": {"key": "DEMO"},
                "summary": "x",
                "issuetype": {"name": "Task"},
                "labels": ["two words"],
            },
            {"labels": "The label 'two words' contains spaces which is invalid."},
        ),
    ]
    for fields, errors in cases:
        with pytest.raises(requests.HTTPError) as caught:
            atlassian_jira.create_issue(fields=fields)
        assert caught.value.response.status_code == 400
        assert caught.value.response.json() == {"errorMessages": [], "errors": errors}


def test_issue_keys_resolve_case_insensitively_and_by_id(jira_client):
    issue = jira_client.issue("demo-2")
    assert issue.key == "DEMO-2"
    assert jira_client.issue(issue.id).key == "DEMO-2"


def test_bulk_fetch_issues_changelogs_and_comments(jira_client, atlassian_jira, atlassian_jira_for):
    jira_client.transition_issue("DEMO-1", "In Progress")
    comment = jira_client.add_comment("DEMO-1", doc("first"))
    fetched = atlassian_jira.post(
        "rest/api/3/issue/bulkfetch",
        data={"issueIdsOrKeys": ["DEMO-1", "DEMO-99"], "fields": ["summary"]},
    )
    assert [i["key"] for i in fetched["issues"]] == ["DEMO-1"]
    assert set(fetched["issues"][0]["fields"]) == {"summary"}
    assert fetched["issueErrors"] == []
    logs = atlassian_jira.post(
        "rest/api/3/changelog/bulkfetch",
        data={"issueIdsOrKeys": ["DEMO-1"], "fieldIds": ["status"]},
    )
    items = [i for h in logs["issueChangeLogs"][0]["changeHistories"] for i in h["items"]]
    assert [(i["fromString"], i["toString"]) for i in items] == [("To Do", "In Progress")]
    listed = atlassian_jira.post("rest/api/3/comment/list", data={"ids": [int(comment.id)]})
    assert [c["id"] for c in listed["values"]] == [comment.id]
    guest = atlassian_jira_for("guest@example.com")
    assert guest.post("rest/api/3/comment/list", data={"ids": [int(comment.id)]})["values"] == []


def test_jql_autocomplete_data(atlassian_jira):
    data = atlassian_jira.get("rest/api/3/jql/autocompletedata")
    fields = {f["displayName"]: f for f in data["visibleFieldNames"]}
    assert "~" in fields["summary"]["operators"] and "was" in fields["status"]["operators"]
    assert fields["Severity"]["cfid"] == "cf[10002]"
    assert "currentUser()" in [f["value"] for f in data["visibleFunctionNames"]]
    assert "order" in data["jqlReservedWords"]
