"""Fields through both SDKs: system and custom fields, custom options, create and edit meta."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError

SELECT = "com.atlassian.jira.plugin.system.customfieldtypes:select"


def test_system_and_custom_fields_are_listed_with_schemas(jira_client):
    fields = {f["id"]: f for f in jira_client.fields()}
    assert fields["summary"]["schema"] == {"type": "string", "system": "summary"}
    assert fields["assignee"]["schema"]["type"] == "user" and fields["assignee"]["custom"] is False
    severity = fields["customfield_10002"]
    assert severity["name"] == "Severity" and severity["custom"] is True
    assert severity["schema"] == {"type": "option", "custom": SELECT, "customId": 10002}
    assert severity["clauseNames"] == ["cf[10002]", "Severity"]


def test_custom_select_field_with_options_set_on_an_issue(jira_client, atlassian_jira):
    field = atlassian_jira.create_custom_field("Team", SELECT, description="Owning team")
    assert field["id"].startswith("customfield_") and field["schema"]["custom"] == SELECT
    context = atlassian_jira.get(f"rest/api/3/field/{field['id']}/context")["values"][0]["id"]
    made = atlassian_jira.add_custom_field_option(field["id"], context, ["Red", "Blue"])
    assert [o["value"] for o in made["options"]] == ["Red", "Blue"]
    atlassian_jira.post(f"rest/api/3/screens/addToDefault/{field['id']}")
    issue = jira_client.create_issue(
        project="DEMO",
        summary="Teamed",
        issuetype={"name": "Task"},
        **{field["id"]: {"value": "Blue"}},
    )
    raw = jira_client.issue(issue.key).raw["fields"][field["id"]]
    assert raw["value"] == "Blue"
    assert jira_client.custom_field_option(raw["id"]).value == "Blue"
    found = jira_client.search_issues("Team = Blue", fields="summary")
    assert [i.key for i in found] == [issue.key]
    with pytest.raises(JIRAError) as caught:
        jira_client.create_issue(
            project="DEMO",
            summary="Bad",
            issuetype={"name": "Task"},
            **{field["id"]: {"value": "Green"}},
        )
    assert caught.value.response.json()["errors"] == {
        field["id"]: "Option value 'Green' is not valid"
    }


def test_number_and_text_custom_fields(jira_client):
    issue = jira_client.create_issue(
        project="DEMO",
        summary="Estimated",
        issuetype={"name": "Story"},
        customfield_10000=3.5,
        customfield_10003="Initech",
    )
    issue.update(fields={"customfield_10000": 5})
    fields = jira_client.issue(issue.key).raw["fields"]
    assert fields["customfield_10000"] == 5 and fields["customfield_10003"] == "Initech"
    with pytest.raises(JIRAError) as caught:
        issue.update(fields={"customfield_10000": "lots"})
    assert caught.value.response.json()["errors"] == {
        "customfield_10000": "Operation value must be a number"
    }


def test_unknown_fields_cannot_be_set(jira_client):
    with pytest.raises(JIRAError) as caught:
        jira_client.create_issue(
            project="DEMO", summary="x", issuetype={"name": "Task"}, customfield_99999="?"
        )
    assert caught.value.status_code == 400
    assert caught.value.response.json()["errors"] == {
        "customfield_99999": "Field 'customfield_99999' cannot be set. It is not on the "
        "appropriate screen, or unknown."
    }


def test_createmeta_lists_types_and_fields_with_allowed_values(jira_client, atlassian_jira):
    meta = jira_client.createmeta(projectKeys="DEMO", expand="projects.issuetypes.fields")
    project = meta["projects"][0]
    assert project["key"] == "DEMO"
    task = next(t for t in project["issuetypes"] if t["name"] == "Task")
    assert task["fields"]["summary"]["required"] is True
    assert [v["value"] for v in task["fields"]["customfield_10002"]["allowedValues"]] == [
        "Critical",
        "Major",
        "Minor",
    ]
    types = atlassian_jira.issue_createmeta_issuetypes("DEMO")
    assert [t["name"] for t in types["issueTypes"]] == ["Epic", "Story", "Task", "Bug", "Subtask"]
    fields = atlassian_jira.issue_createmeta_fieldtypes("DEMO", task["id"])
    assert {f["fieldId"] for f in fields["fields"]} >= {
        "summary",
        "priority",
        "labels",
        "customfield_10000",
    }


def test_editmeta_depends_on_the_edit_permission(jira_client, jira_client_for):
    meta = jira_client.editmeta("DEMO-1")
    assert "summary" in meta["fields"] and "project" not in meta["fields"]
    assert meta["fields"]["labels"]["operations"] == ["add", "set", "remove"]
    viewer = jira_client.project_roles("DEMO")["Viewer"]["id"]
    barbara = jira_client.search_users(query="barbara")[0].accountId
    jira_client.project_role("DEMO", viewer).add_user(users=barbara)
    jira_client.remove_user_from_group(barbara, "jira-software-users")
    assert jira_client_for("barbara@example.com").editmeta("DEMO-1") == {"fields": {}}
    with pytest.raises(JIRAError) as caught:
        jira_client_for("guest@example.com").editmeta("DEMO-1")
    assert caught.value.status_code == 404


def test_custom_field_removal(atlassian_jira, jira_client):
    field = atlassian_jira.create_custom_field(
        "Temporary", "com.atlassian.jira.plugin.system.customfieldtypes:textfield"
    )
    atlassian_jira.post(f"rest/api/3/screens/addToDefault/{field['id']}")
    jira_client.create_issue(
        project="DEMO", summary="t", issuetype={"name": "Task"}, **{field["id"]: "x"}
    )
    atlassian_jira.delete(f"rest/api/3/field/{field['id']}")
    assert field["id"] not in {f["id"] for f in jira_client.fields()}
    with pytest.raises(requests.HTTPError) as caught:
        atlassian_jira.delete(f"rest/api/3/field/{field['id']}")
    assert caught.value.response.status_code == 404
