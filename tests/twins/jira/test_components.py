"""Component assignees through both SDKs: the assignee type a component asks for, the one in
effect, and the assignee a new issue of the component gets."""

from __future__ import annotations

import pytest
import requests


def test_a_component_lead_receives_the_components_new_issues(jira_client, atlassian_jira):
    grace = jira_client.search_users(query="grace@example.com")[0].accountId
    led = atlassian_jira.post(
        "rest/api/3/component",
        data={
            "project": "DEMO",
            "name": "Payments",
            "leadAccountId": grace,
            "assigneeType": "COMPONENT_LEAD",
        },
    )
    assert (led["assigneeType"], led["realAssigneeType"], led["isAssigneeTypeValid"]) == (
        "COMPONENT_LEAD",
        "COMPONENT_LEAD",
        True,
    )
    assert led["assignee"]["accountId"] == led["realAssignee"]["accountId"] == grace
    issue = jira_client.create_issue(
        project="DEMO",
        summary="Refund fails",
        issuetype={"name": "Bug"},
        components=[{"name": "Payments"}],
    )
    assert issue.fields.assignee.accountId == grace
    named = jira_client.create_issue(
        project="DEMO",
        summary="Named assignee wins",
        issuetype={"name": "Bug"},
        components=[{"name": "Payments"}],
        assignee={"accountId": jira_client.myself()["accountId"]},
    )
    assert named.fields.assignee.accountId != grace


def test_a_component_lead_type_without_a_lead_falls_back(
    jira_client, atlassian_jira, atlassian_jira_for
):
    leaderless = atlassian_jira.post(
        "rest/api/3/component",
        data={"project": "DEMO", "name": "Ops", "assigneeType": "COMPONENT_LEAD"},
    )
    project = atlassian_jira.get("rest/api/3/project/DEMO")
    assert leaderless["isAssigneeTypeValid"] is False
    assert leaderless["realAssigneeType"] == project["assigneeType"]
    plain = jira_client.create_component("Docs", "DEMO")
    assert (plain.assigneeType, plain.isAssigneeTypeValid) == ("PROJECT_DEFAULT", True)
    with pytest.raises(requests.HTTPError) as refused:
        atlassian_jira_for("grace@example.com").post(
            "rest/api/3/component",
            data={"project": "DEMO", "name": "Hers", "assigneeType": "COMPONENT_LEAD"},
        )
    assert refused.value.response.status_code == 403
    with pytest.raises(requests.HTTPError) as hidden:
        atlassian_jira.get("rest/api/3/component/99999")
    assert hidden.value.response.status_code == 404
