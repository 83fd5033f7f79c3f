"""Transition rules of a custom workflow, through both SDKs: conditions decide who is offered a
transition, validators refuse a move with Jira's errors, post functions change the issue in the
same changelog entry; the rules show in ``workflow/search?expand=transitions.rules``."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError
from tests.twins.jira.conftest import doc


@pytest.fixture
def guarded(jira_client, atlassian_jira) -> dict[str, str]:
    """DEMO follows "Guarded flow": only developers may Start (and take the issue), Finish
    needs a due date and a comment, Reopen is offered only to issues that have been Done."""
    statuses = {s.name: s.id for s in jira_client.statuses()}
    todo, progress, done = statuses["To Do"], statuses["In Progress"], statuses["Done"]
    atlassian_jira.post(
        "rest/api/3/workflow",
        data={
            "name": "Guarded flow",
            "statuses": [{"id": todo}, {"id": progress}, {"id": done}],
            "transitions": [
                {"name": "Create", "to": todo, "type": "initial"},
                {
                    "name": "Start",
                    "from": [todo],
                    "to": progress,
                    "type": "directed",
                    "rules": {
                        "conditions": [
                            {
                                "type": "UserInGroupCondition",
                                "configuration": {"group": "developers"},
                            }
                        ],
                        "postFunctions": [{"type": "AssignToCurrentUserFunction"}],
                    },
                },
                {
                    "name": "Finish",
                    "from": [progress],
                    "to": done,
                    "type": "directed",
                    "rules": {
                        "validators": [
                            {
                                "type": "FieldRequiredValidator",
                                "configuration": {"fieldIds": ["duedate"]},
                            },
                            {
                                "type": "FieldChangedValidator",
                                "configuration": {
                                    "fieldId": "comment",
                                    "errorMessage": "Say what you did.",
                                },
                            },
                        ]
                    },
                },
                {
                    "name": "Reopen",
                    "to": todo,
                    "type": "global",
                    "rules": {
                        "conditions": {
                            "operator": "OR",
                            "conditions": [
                                {
                                    "type": "PreviousStatusCondition",
                                    "configuration": {
                                        "previousStatus": {"id": done},
                                        "includeCurrentStatus": True,
                                    },
                                },
                                {"type": "AlwaysFalseCondition"},
                            ],
                        }
                    },
                },
            ],
        },
    )
    scheme = atlassian_jira.post(
        "rest/api/3/workflowscheme", data={"name": "Guarded", "defaultWorkflow": "Guarded flow"}
    )
    atlassian_jira.put(
        "rest/api/3/workflowscheme/project",
        data={"workflowSchemeId": str(scheme["id"]), "projectId": jira_client.project("DEMO").id},
    )
    return statuses


def names(client, key: str) -> list[str]:
    return [t["name"] for t in client.transitions(key)]


def test_conditions_decide_who_is_offered_a_transition(jira_client_for, guarded):
    ada, grace = jira_client_for("ada@example.com"), jira_client_for("grace@example.com")
    key = grace.create_issue(project="DEMO", summary="Fix it", issuetype={"name": "Task"}).key
    assert names(ada, key) == ["Start"], "Reopen waits until the issue has been Done"
    assert names(grace, key) == [], "Grace is not in developers"
    with pytest.raises(JIRAError) as refused:
        grace.transition_issue(key, "11")
    assert refused.value.status_code == 400
    assert refused.value.response.json()["errorMessages"] == [
        "Transition id '11' is not valid for this issue."
    ]


def test_a_post_function_changes_the_issue_in_the_same_changelog_entry(
    jira_client_for, atlassian_jira, guarded
):
    ada = jira_client_for("ada@example.com")
    key = ada.create_issue(project="DEMO", summary="Take me", issuetype={"name": "Task"}).key
    ada.transition_issue(key, "Start")
    issue = ada.issue(key)
    assert issue.fields.status.name == "In Progress"
    assert issue.fields.assignee.emailAddress == "ada@example.com"
    (entry,) = atlassian_jira.get_issue_changelog(key)["values"]
    assert sorted(item["field"] for item in entry["items"]) == ["assignee", "status"]


def test_validators_refuse_with_jira_errors_until_the_input_is_complete(jira_client_for, guarded):
    ada = jira_client_for("ada@example.com")
    key = ada.create_issue(project="DEMO", summary="Ship it", issuetype={"name": "Task"}).key
    ada.transition_issue(key, "Start")
    with pytest.raises(JIRAError) as no_date:
        ada.transition_issue(key, "Finish")
    assert no_date.value.status_code == 400
    assert no_date.value.response.json() == {
        "errorMessages": [],
        "errors": {"duedate": "Due date is required."},
    }
    with pytest.raises(JIRAError) as no_comment:
        ada.transition_issue(key, "Finish", fields={"duedate": "2026-12-01"})
    assert no_comment.value.response.json()["errorMessages"] == ["Say what you did."]
    assert ada.issue(key).fields.status.name == "In Progress", "a refused move changes nothing"
    assert ada.issue(key).fields.duedate is None
    ada.transition_issue(key, "Finish", fields={"duedate": "2026-12-01"}, comment=doc("Shipped"))
    finished = ada.issue(key)
    assert finished.fields.status.name == "Done" and finished.fields.duedate == "2026-12-01"
    assert [c.raw["body"] for c in ada.comments(key)] == [doc("Shipped")]
    assert names(ada, key) == ["Reopen"], "having been Done, the issue may be reopened"


def test_rules_are_listed_and_unknown_rule_types_are_refused(atlassian_jira, guarded):
    found = atlassian_jira.get(
        "rest/api/3/workflow/search",
        params={"workflowName": "Guarded flow", "expand": "transitions.rules"},
    )
    (workflow,) = found["values"]
    start = next(t for t in workflow["transitions"] if t["name"] == "Start")
    assert start["rules"]["conditionsTree"] == {
        "operator": "AND",
        "conditions": [{"type": "UserInGroupCondition", "configuration": {"group": "developers"}}],
    }
    assert start["rules"]["postFunctions"] == [{"type": "AssignToCurrentUserFunction"}]
    with pytest.raises(requests.HTTPError) as caught:
        atlassian_jira.post(
            "rest/api/3/workflow",
            data={
                "name": "Odd flow",
                "statuses": [{"id": guarded["To Do"]}],
                "transitions": [
                    {
                        "name": "Loop",
                        "to": guarded["To Do"],
                        "type": "global",
                        "rules": {"validators": [{"type": "MagicValidator"}]},
                    }
                ],
            },
        )
    assert caught.value.response.status_code == 400
    message = caught.value.response.json()["errorMessages"][0]
    assert "MagicValidator" in message and "FieldRequiredValidator" in message


def test_a_value_field_condition_offers_a_transition_by_the_issues_own_values(
    jira_client, atlassian_jira
):
    statuses = {s.name: s.id for s in jira_client.statuses()}
    todo, progress = statuses["To Do"], statuses["In Progress"]
    atlassian_jira.post(
        "rest/api/3/workflow",
        data={
            "name": "Urgent flow",
            "statuses": [{"id": todo}, {"id": progress}],
            "transitions": [
                {
                    "name": "Escalate",
                    "to": progress,
                    "type": "global",
                    "rules": {
                        "conditions": [
                            {
                                "type": "ValueFieldCondition",
                                "configuration": {
                                    "fieldId": "summary",
                                    "fieldValue": "Site down",
                                    "comparisonType": "STRING",
                                    "comparator": "=",
                                },
                            },
                            {
                                "type": "ValueFieldCondition",
                                "configuration": {
                                    "fieldId": "customfield_10000",
                                    "fieldValue": "3",
                                    "comparisonType": "NUMBER",
                                    "comparator": ">",
                                },
                            },
                        ]
                    },
                }
            ],
        },
    )
    scheme = atlassian_jira.post(
        "rest/api/3/workflowscheme", data={"name": "Urgent", "defaultWorkflow": "Urgent flow"}
    )
    atlassian_jira.put(
        "rest/api/3/workflowscheme/project",
        data={"workflowSchemeId": str(scheme["id"]), "projectId": jira_client.project("OPS").id},
    )

    def make(summary: str, points: float) -> str:
        return jira_client.create_issue(
            project="OPS", summary=summary, issuetype={"name": "Task"}, customfield_10000=points
        ).key

    assert names(jira_client, make("Site down", 5)) == ["Escalate"]
    assert names(jira_client, make("Site down", 2)) == [], "3 points or fewer stay put"
    assert names(jira_client, make("Typo", 8)) == [], "the summary must be the given text"
