"""Query parameters as Atlassian documents them: lists repeated or comma-separated, filters on
create metadata, and permission checks against one issue."""

from __future__ import annotations

import pytest
from jira import JIRAError
from tests.twins.jira.conftest import doc


def test_lists_may_be_repeated_or_comma_separated(atlassian_jira):
    meta = "rest/api/3/issue/createmeta"
    repeated = atlassian_jira.get(meta, params={"projectKeys": ["DEMO", "OPS"]})
    commas = atlassian_jira.get(meta, params={"projectKeys": "DEMO,OPS"})
    assert sorted(p["key"] for p in repeated["projects"]) == ["DEMO", "OPS"]
    assert repeated == commas
    one = atlassian_jira.get(meta, params={"projectKeys": "DEMO"})
    assert [p["key"] for p in one["projects"]] == ["DEMO"]


def test_create_metadata_is_filtered_by_issue_type(atlassian_jira):
    meta = "rest/api/3/issue/createmeta"
    named = atlassian_jira.get(
        meta, params={"projectKeys": "DEMO", "issuetypeNames": ["Bug", "Task"]}
    )
    assert sorted(t["name"] for t in named["projects"][0]["issuetypes"]) == ["Bug", "Task"]
    bug = next(t for t in named["projects"][0]["issuetypes"] if t["name"] == "Bug")
    by_id = atlassian_jira.get(
        meta,
        params={
            "projectKeys": "DEMO",
            "issuetypeIds": bug["id"],
            "expand": "projects.issuetypes.fields",
        },
    )
    [only] = by_id["projects"][0]["issuetypes"]
    assert only["id"] == bug["id"] and "summary" in only["fields"]
    none = atlassian_jira.get(meta, params={"projectKeys": "DEMO", "issuetypeNames": "Nope"})
    assert none["projects"][0]["issuetypes"] == []


def test_my_permissions_on_one_issue(jira_client, jira_client_for):
    demo = jira_client.issue("DEMO-1")
    mine = jira_client.my_permissions(issueId=demo.id, permissions="EDIT_ISSUES,BROWSE_PROJECTS")
    assert mine["permissions"]["EDIT_ISSUES"]["havePermission"] is True
    guest = jira_client_for("guest@example.com")
    with pytest.raises(JIRAError) as hidden:
        guest.my_permissions(issueId=demo.id, permissions="EDIT_ISSUES")
    assert hidden.value.status_code == 404


def test_comments_are_rendered_when_asked(atlassian_jira):
    api = "rest/api/3/issue/DEMO-1/comment"
    made = atlassian_jira.post(
        api,
        data={"body": doc("Ship <it>")},
        params={"expand": "renderedBody"},
    )
    assert made["renderedBody"] == "<p>Ship &lt;it&gt;</p>"
    plain = atlassian_jira.get(f"{api}/{made['id']}")
    assert "renderedBody" not in plain
    listed = atlassian_jira.get(api, params={"expand": ["renderedBody"]})
    assert [c["renderedBody"] for c in listed["comments"]] == ["<p>Ship &lt;it&gt;</p>"]
