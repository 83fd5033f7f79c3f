"""What an issue read and a search keep between requests (the shapes of users, statuses and
projects, a query's SQL) follows every write on the very next call, and a caller who loses a
permission is refused on the very next call, whatever the calls before kept."""

from __future__ import annotations

import pytest
from jira import JIRAError

OPEN = "project = DEMO AND status != Done ORDER BY key ASC"


def page(client, jql: str = OPEN, fields: str = "summary,status,assignee") -> dict[str, dict]:
    answer = client.enhanced_search_issues(jql, fields=fields, json_result=True)
    return {issue["key"]: issue["fields"] for issue in answer["issues"]}


def in_transaction(universe, change) -> None:
    """``change(state)`` written in one transaction of the served universe."""

    def write() -> None:
        with universe.universe.store.transaction():
            change(universe.universe.twins["jira"].state)

    universe.call(write)


def test_a_renamed_project_is_in_the_next_issue_read(jira_client, atlassian_jira):
    assert jira_client.issue("DEMO-1").raw["fields"]["project"]["name"] == "Demo"
    atlassian_jira.update_project("DEMO", {"name": "Demo renamed"})
    assert jira_client.issue("DEMO-1").raw["fields"]["project"]["name"] == "Demo renamed"


def test_a_deactivated_assignee_reads_inactive_on_the_next_calls(universe, jira_client):
    assignee = jira_client.issue("DEMO-1").raw["fields"]["assignee"]
    assert assignee["active"] is True
    assert page(jira_client)["DEMO-1"]["assignee"]["active"] is True
    in_transaction(universe, lambda state: state.set_active(assignee["accountId"], False))
    assert jira_client.issue("DEMO-1").raw["fields"]["assignee"]["active"] is False
    assert page(jira_client)["DEMO-1"]["assignee"]["active"] is False


def test_a_renamed_status_is_in_the_next_search_and_issue_read(universe, jira_client):
    status = page(jira_client)["DEMO-1"]["status"]
    assert status["name"] == "To Do"

    def rename(state) -> None:
        state.put("status", status["id"], {**state.get("status", status["id"]), "name": "Queued"})

    in_transaction(universe, rename)
    assert page(jira_client)["DEMO-1"]["status"]["name"] == "Queued"
    assert jira_client.issue("DEMO-1").raw["fields"]["status"]["name"] == "Queued"


def test_the_next_search_finds_an_issue_made_and_loses_one_closed(jira_client):
    before = page(jira_client)
    made = jira_client.create_issue(project="DEMO", summary="Fresh", issuetype={"name": "Task"})
    assert set(page(jira_client)) == {*before, made.key}
    done = next(t["id"] for t in jira_client.transitions(made.key) if t["name"] == "Done")
    jira_client.transition_issue(made.key, done)
    assert set(page(jira_client)) == set(before)


def test_a_searcher_taken_out_of_the_group_is_refused_on_the_next_search(
    jira_client, jira_client_for
):
    grace = jira_client_for("grace@example.com", max_retries=0)
    assert "DEMO-1" in page(grace)
    account = jira_client.search_users(query="grace")[0].accountId
    jira_client.remove_user_from_group(account, "jira-software-users")
    with pytest.raises(JIRAError) as refused:
        page(grace)
    assert refused.value.status_code == 400
    with pytest.raises(JIRAError) as hidden:
        grace.issue("DEMO-1")
    assert hidden.value.status_code == 404
    jira_client.add_user_to_group(account, "jira-software-users")
    assert "DEMO-1" in page(grace)


def test_a_query_relative_to_now_follows_the_clock(universe, jira_client):
    recent = "project = DEMO AND created >= -1h ORDER BY key ASC"
    assert "DEMO-1" in page(jira_client, recent)
    universe.control("POST", "/clock", json={"advance": 2 * 3600})
    assert page(jira_client, recent) == {}


def test_a_query_naming_an_issue_follows_the_issue(jira_client):
    made = jira_client.create_issue(project="DEMO", summary="Named", issuetype={"name": "Task"})
    named = f"issuekey = {made.key} ORDER BY key ASC"
    assert list(page(jira_client, named)) == [made.key]
    made.delete()
    with pytest.raises(JIRAError) as refused:
        page(jira_client, named)
    assert refused.value.status_code == 400
    assert f"An issue with key '{made.key}' does not exist" in refused.value.text
