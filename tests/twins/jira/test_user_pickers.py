"""User searches by permission through both SDKs: who can browse an issue or project, who is
assignable in several projects at once, and the user picker."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


def emails(users) -> set[str]:
    return {u.emailAddress for u in users}


def test_who_can_browse_an_issue_or_a_project(jira_client, jira_client_for):
    demo = emails(jira_client.search_allowed_users_for_issue("example.com", issueKey="DEMO-1"))
    assert "grace@example.com" in demo and "guest@example.com" not in demo
    viewer = jira_client.project_roles("SEC")["Viewer"]["id"]
    barbara = jira_client.search_users(query="barbara@example.com")[0].accountId
    sec = emails(jira_client.search_allowed_users_for_issue("example.com", projectKey="SEC"))
    assert "barbara@example.com" not in sec
    jira_client.project_role("SEC", viewer).add_user(users=barbara)
    sec = emails(jira_client.search_allowed_users_for_issue("example.com", projectKey="SEC"))
    assert "barbara@example.com" in sec
    guest = jira_client_for("guest@example.com")
    with pytest.raises(JIRAError) as hidden:
        guest.search_allowed_users_for_issue("example.com", issueKey="DEMO-1")
    assert hidden.value.status_code == 404
    with pytest.raises(JIRAError) as unnamed:
        jira_client.search_allowed_users_for_issue("example.com")
    assert unnamed.value.status_code == 400


def test_assignable_in_every_project_and_the_picker(atlassian_jira, jira_client):
    both = atlassian_jira.get(
        "rest/api/3/user/assignable/multiProjectSearch",
        params={"projectKeys": ["DEMO", "SEC"], "query": "example.com"},
    )
    demo = atlassian_jira.get(
        "rest/api/3/user/assignable/multiProjectSearch",
        params={"projectKeys": "DEMO", "query": "example.com"},
    )
    both_ids = {u["accountId"] for u in both}
    assert both_ids < {u["accountId"] for u in demo}
    member = jira_client.project_roles("SEC")["Member"]["id"]
    grace = jira_client.search_users(query="grace@example.com")[0].accountId
    assert grace not in both_ids
    jira_client.project_role("SEC", member).add_user(users=grace)
    again = atlassian_jira.get(
        "rest/api/3/user/assignable/multiProjectSearch",
        params={"projectKeys": "DEMO,SEC", "query": "grace"},
    )
    assert [u["accountId"] for u in again] == [grace]
    with pytest.raises(requests.HTTPError) as missing:
        atlassian_jira.get("rest/api/3/user/assignable/multiProjectSearch")
    assert missing.value.response.status_code == 400

    picked = atlassian_jira.get("rest/api/3/user/picker", params={"query": "grace"})
    assert [u["accountId"] for u in picked["users"]] == [grace]
    assert picked["total"] == 1 and picked["header"] == "Showing 1 of 1 matching users"
