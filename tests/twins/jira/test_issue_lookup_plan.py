"""An issue named by its key, and its subtasks, are found through indexes, not by reading every
issue."""

from __future__ import annotations

import pytest
from jira.exceptions import JIRAError
from tests.sql import full_scans, query_plan, statements


def test_get_issue_by_key_searches_an_index(universe, jira_client):
    with statements(universe) as ran:
        issue = jira_client.issue("DEMO-1")
    assert issue.key == "DEMO-1"
    by_key = [s for s in ran if "json_extract(data, '$.key')" in s]
    assert by_key  # the lookup by key ran
    for statement in by_key:
        assert any(
            "USING INDEX jira_records_issue_key" in step for step in query_plan(universe, statement)
        )
    assert full_scans(universe, ran, {"jira_records"}) == {}


def test_a_key_in_lower_case_finds_the_issue(jira_client):
    assert jira_client.issue("demo-1").key == "DEMO-1"


def test_an_issue_outside_the_callers_projects_is_still_not_found(jira_client_for):
    guest = jira_client_for("guest@example.com", max_retries=0)
    with pytest.raises(JIRAError) as refused:
        guest.issue("DEMO-1")
    assert refused.value.status_code == 404


def test_an_issues_subtasks_are_found_through_an_index(universe, jira_client):
    child = jira_client.create_issue(
        project="DEMO", summary="Child", issuetype={"name": "Subtask"}, parent={"key": "DEMO-1"}
    )
    with statements(universe) as ran:
        issue = jira_client.issue("DEMO-1", fields="subtasks")
    assert [s.key for s in issue.fields.subtasks] == [child.key]
    by_parent = [s for s in ran if "'$.fields.parent'" in s]
    assert by_parent
    for statement in by_parent:
        assert any(
            "USING INDEX jira_records_issue_parent" in step
            for step in query_plan(universe, statement)
        )
    assert full_scans(universe, ran, {"jira_records"}) == {}


def test_get_issue_reads_no_issue_but_its_own_and_its_subtasks(universe, jira_client):
    with statements(universe) as ran:
        jira_client.issue("DEMO-1")
    issue_reads = [s for s in ran if s.startswith("SELECT") and "kind = 'issue'" in s]
    assert any("$.fields.parent" in s for s in issue_reads)  # the subtasks were looked up
    for statement in issue_reads:
        plan = query_plan(universe, statement)
        assert not any(step.endswith("(kind=?)") for step in plan), (statement, plan)


def test_an_issues_links_are_found_through_indexes_at_both_ends(universe, jira_client):
    jira_client.create_issue_link("Blocks", "DEMO-1", "DEMO-2")
    with statements(universe) as ran:
        source = jira_client.issue("DEMO-1", fields="issuelinks,subtasks,comment")
        target = jira_client.issue("DEMO-2", fields="issuelinks")
    assert [link.outwardIssue.key for link in source.fields.issuelinks] == ["DEMO-2"]
    assert [link.inwardIssue.key for link in target.fields.issuelinks] == ["DEMO-1"]
    by_link = [s for s in ran if "'$.source'" in s]
    assert len(by_link) == 2  # one statement per issue, its links among the rest it shows
    for statement in by_link:
        plan = query_plan(universe, statement)
        assert any("USING INDEX jira_records_link_source" in step for step in plan)
        assert any("USING INDEX jira_records_link_target" in step for step in plan)
    assert full_scans(universe, ran, {"jira_records"}) == {}
