"""Query parameters read as Jira reads them, through both SDKs: an issue's ``editmeta``,
``schema`` and ``versionedRepresentations`` expansions and ``properties`` selection, a
project's ``projectKeys`` and ``issueTypeHierarchy``, ``validateQuery`` on search, and JQL over
issue properties (``issue.property[key].path``)."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


def refused(attempt) -> tuple[int, dict]:
    with pytest.raises((JIRAError, requests.HTTPError)) as caught:
        attempt()
    return caught.value.response.status_code, caught.value.response.json()


def test_issue_expansions(jira_client, jira_client_for):
    raw = jira_client.issue("DEMO-1", expand="editmeta,schema", fields="summary,labels").raw
    assert raw["schema"] == {
        "summary": {"type": "string", "system": "summary"},
        "labels": {"type": "array", "items": "string", "system": "labels"},
    }
    assert raw["editmeta"] == jira_client.editmeta("DEMO-1")
    assert {"summary", "comment", "attachment", "issuelinks"} <= set(raw["editmeta"]["fields"])
    assert raw["editmeta"]["fields"]["comment"]["operations"] == ["add", "edit", "remove"]
    versioned = jira_client.issue("DEMO-1", expand="versionedRepresentations").raw
    assert "fields" not in versioned
    assert versioned["versionedRepresentations"]["summary"] == {"1": "Set up the build pipeline"}
    assert versioned["versionedRepresentations"]["status"]["1"]["name"] == "To Do"

    viewer = jira_client.project_roles("DEMO")["Viewer"]["id"]
    barbara = jira_client.search_users(query="barbara")[0].accountId
    jira_client.project_role("DEMO", viewer).add_user(users=barbara)
    jira_client.remove_user_from_group(barbara, "jira-software-users")
    seen = jira_client_for("barbara@example.com").issue("DEMO-1", expand="editmeta").raw
    assert seen["editmeta"] == {"fields": {}}, "no Edit Issues permission, nothing to edit"


def test_issue_properties_are_selected_by_key(jira_client, jira_client_for, atlassian_jira):
    jira_client.add_issue_property("DEMO-1", "support", {"level": "high"})
    jira_client.add_issue_property("DEMO-1", "review", {"state": "open"})
    every = jira_client.issue("DEMO-1", properties="*all", fields="summary").raw["properties"]
    assert every == {"support": {"level": "high"}, "review": {"state": "open"}}
    chosen = atlassian_jira.get(
        "rest/api/3/issue/DEMO-1", params={"properties": "*all,-review", "fields": "summary"}
    )
    assert chosen["properties"] == {"support": {"level": "high"}}
    named = jira_client.issue("DEMO-1", properties="review,absent").raw["properties"]
    assert named == {"review": {"state": "open"}}
    assert "properties" not in jira_client.issue("DEMO-1").raw
    status, _ = refused(
        lambda: jira_client_for("guest@example.com").issue("DEMO-1", properties="*all")
    )
    assert status == 404, "a hidden issue shows none of its properties"
    (found,) = jira_client.search_issues("key = DEMO-1", properties="support", json_result=True)[
        "issues"
    ]
    assert found["properties"] == {"support": {"level": "high"}}


def test_project_expansions(atlassian_jira):
    project = atlassian_jira.get(
        "rest/api/3/project/DEMO", params={"expand": "projectKeys,issueTypeHierarchy"}
    )
    assert project["projectKeys"] == ["DEMO"]
    types = {t["name"]: int(t["id"]) for t in project["issueTypes"]}
    levels = {
        level["name"]: (level["level"], level["issueTypeIds"])
        for level in project["issueTypeHierarchy"]["levels"]
    }
    assert levels == {
        "Epic": (1, [types["Epic"]]),
        "Base": (0, [types["Story"], types["Task"], types["Bug"]]),
        "Subtask": (-1, [types["Subtask"]]),
    }
    plain = atlassian_jira.get("rest/api/3/project/DEMO")
    assert "projectKeys" not in plain and "issueTypeHierarchy" not in plain


def test_validate_query_strict_warn_and_none(atlassian_jira):
    jql = "project = DEMO AND component = Nothing ORDER BY key"
    status, body = refused(
        lambda: atlassian_jira.get(
            "rest/api/3/search", params={"jql": jql, "validateQuery": "strict"}
        )
    )
    message = (
        "Error in the JQL Query: The value 'Nothing' does not exist for the field 'component'."
    )
    assert (status, body["errorMessages"]) == (400, [message])
    assert refused(lambda: atlassian_jira.get("rest/api/3/search", params={"jql": jql}))[0] == 400
    warned = atlassian_jira.get("rest/api/3/search", params={"jql": jql, "validateQuery": "warn"})
    assert warned["issues"] == [] and warned["warningMessages"] == [message]
    either = "project = DEMO AND (foo = bar OR labels = seed) ORDER BY key"
    quiet = atlassian_jira.post("rest/api/3/search", data={"jql": either, "validateQuery": "none"})
    assert [i["key"] for i in quiet["issues"]] == ["DEMO-1", "DEMO-4"]
    assert "warningMessages" not in quiet
    legacy = atlassian_jira.get(
        "rest/api/3/search", params={"jql": either, "validateQuery": "false"}
    )
    assert legacy["warningMessages"] == [
        "Error in the JQL Query: Field 'foo' does not exist or you do not have permission to "
        "view it."
    ]
    status, body = refused(
        lambda: atlassian_jira.get(
            "rest/api/3/search", params={"jql": "project DEMO", "validateQuery": "none"}
        )
    )
    assert status == 400, "a query that does not parse is refused whatever the validation"
    status, _ = refused(
        lambda: atlassian_jira.get(
            "rest/api/3/search", params={"jql": jql, "validateQuery": "loose"}
        )
    )
    assert status == 400


def test_jql_searches_issue_properties(jira_client, jira_client_for):
    jira_client.add_issue_property("DEMO-1", "support", {"level": "high", "tags": ["vip", "eu"]})
    jira_client.add_issue_property("DEMO-2", "support", {"level": "low", "count": 3})
    jira_client.add_issue_property("DEMO-3", "other", {"level": "high"})

    def keys(jql: str, client=jira_client) -> list[str]:
        return [i.key for i in client.search_issues(jql + " ORDER BY key", fields="summary")]

    assert keys("issue.property[support].level = high") == ["DEMO-1"]
    assert keys("issue.property[support].level in (high, low)") == ["DEMO-1", "DEMO-2"]
    assert keys("issue.property[support].tags = vip") == ["DEMO-1"]
    assert keys("issue.property[support].count = 3") == ["DEMO-2"]
    assert keys("project = DEMO AND issue.property[support].level is EMPTY")[:2] == [
        "DEMO-3",
        "DEMO-4",
    ]
    assert keys('issue.property["support"].level != high') == ["DEMO-2"]
    secret = jira_client.create_issue(project="SEC", summary="s", issuetype={"name": "Task"})
    jira_client.add_issue_property(secret.key, "support", {"level": "high"})
    guest = jira_client_for("guest@example.com")
    assert keys("issue.property[support].level = high", guest) == [], "unbrowsable issues stay out"
    status, body = refused(lambda: keys("project.property[support].level = high"))
    assert status == 400 and "does not exist" in body["errorMessages"][0]
