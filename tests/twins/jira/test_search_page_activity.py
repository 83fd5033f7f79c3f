"""A search page's comments, worklogs, links and subtasks are read for the whole page in one
statement, through indexes, and each issue shows its own: a link between two issues of the page
on both, from each end."""

from __future__ import annotations

from tests.sql import full_scans, statements
from tests.twins.jira.conftest import doc

JQL = "project = DEMO ORDER BY key ASC"
FIELDS = "comment,issuelinks,subtasks,worklog"


def test_a_page_reads_its_issues_activity_in_one_statement(universe, jira_client):
    jira_client.add_comment("DEMO-1", doc("first on one"))
    jira_client.add_comment("DEMO-2", doc("first on two"))
    jira_client.add_comment("DEMO-1", doc("second on one"))
    jira_client.add_worklog("DEMO-2", timeSpent="1h")
    jira_client.create_issue_link("Blocks", "DEMO-1", "DEMO-2")
    child = jira_client.create_issue(
        project="DEMO", summary="Child", issuetype={"name": "Subtask"}, parent={"key": "DEMO-2"}
    )
    with statements(universe) as ran:
        answer = jira_client.enhanced_search_issues(JQL, fields=FIELDS, json_result=True)
    shown = {issue["key"]: issue["fields"] for issue in answer["issues"]}
    texts = {
        key: [c["body"]["content"][0]["content"][0]["text"] for c in f["comment"]["comments"]]
        for key, f in shown.items()
    }
    assert texts["DEMO-1"] == ["first on one", "second on one"]
    assert texts["DEMO-2"] == ["first on two"]
    assert all(texts[key] == [] for key in shown if key not in ("DEMO-1", "DEMO-2"))
    assert [w["timeSpent"] for w in shown["DEMO-2"]["worklog"]["worklogs"]] == ["1h"]
    assert shown["DEMO-1"]["worklog"]["worklogs"] == []
    assert [link["outwardIssue"]["key"] for link in shown["DEMO-1"]["issuelinks"]] == ["DEMO-2"]
    assert [link["inwardIssue"]["key"] for link in shown["DEMO-2"]["issuelinks"]] == ["DEMO-1"]
    assert [s["key"] for s in shown["DEMO-2"]["subtasks"]] == [child.key]
    assert shown["DEMO-1"]["subtasks"] == []
    related = [s for s in ran if "'$.source'" in s]
    assert len(related) == 1  # the whole page's, in one statement
    assert full_scans(universe, ran, {"jira_records"}) == {}
