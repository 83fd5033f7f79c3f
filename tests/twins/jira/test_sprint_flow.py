"""A whole sprint through the ``jira`` client: a board over a user's filter, ranking, a sprint
started and completed, its unfinished issues carried to the next sprint, the board deleted."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


def keys(page: dict) -> list[str]:
    return [i["key"] for i in page["issues"]]


@pytest.fixture
def user_board(jira_client):
    saved = jira_client.create_filter(name="Demo by rank", jql="project = DEMO ORDER BY Rank ASC")
    return jira_client.create_board("Team board", filter_id=saved.id, preset="scrum")


def test_a_sprint_runs_on_a_board_of_a_users_filter(jira_client, atlassian_jira, user_board):
    board = atlassian_jira.get(f"rest/agile/1.0/board/{user_board.id}")
    assert "location" not in board
    config = atlassian_jira.get_agile_board_configuration(user_board.id)
    assert config["location"]["type"] == "user"
    backlog = f"rest/agile/1.0/board/{user_board.id}/backlog"
    assert keys(atlassian_jira.get(backlog)) == ["DEMO-1", "DEMO-2", "DEMO-4", "DEMO-5"]

    assert jira_client.rank("DEMO-5", next_issue="DEMO-1").status_code == 204
    assert jira_client.rank("DEMO-2", prev_issue="DEMO-4").status_code == 204
    assert keys(atlassian_jira.get(backlog)) == ["DEMO-5", "DEMO-1", "DEMO-4", "DEMO-2"]
    ranked = jira_client.search_issues("project = DEMO ORDER BY Rank ASC")
    assert [i.key for i in ranked][:4] == ["DEMO-5", "DEMO-1", "DEMO-3", "DEMO-4"]

    first = jira_client.create_sprint("Sprint 1", user_board.id)
    second = jira_client.create_sprint("Sprint 2", user_board.id)
    jira_client.add_issues_to_sprint(first.id, ["DEMO-1", "DEMO-2", "DEMO-5"])
    assert keys(atlassian_jira.get_sprint_issues(first.id, 0, 50)) == ["DEMO-5", "DEMO-1", "DEMO-2"]
    jira_client.update_sprint(
        first.id,
        state="active",
        startDate="2026-01-05T09:00:00.000Z",
        endDate="2026-01-19T17:00:00.000Z",
    )
    jira_client.transition_issue("DEMO-1", "In Progress")
    jira_client.transition_issue("DEMO-1", "Done")
    jira_client.transition_issue("DEMO-5", "Done")
    jira_client.update_sprint(first.id, state="closed")

    assert jira_client.sprint(first.id).state == "closed"
    carried = jira_client.search_issues("sprint in closedSprints() AND statusCategory != Done")
    assert [i.key for i in carried] == ["DEMO-2"]
    assert keys(atlassian_jira.get(backlog)) == ["DEMO-4", "DEMO-2"]
    jira_client.add_issues_to_sprint(second.id, ["DEMO-2"])
    assert keys(atlassian_jira.get_sprint_issues(second.id, 0, 50)) == ["DEMO-2"]
    in_both = jira_client.search_issues(f"sprint = {first.id} AND sprint = {second.id}")
    assert [i.key for i in in_both] == ["DEMO-2"]
    assert keys(atlassian_jira.get(backlog)) == ["DEMO-4"]

    user_board.delete()
    with pytest.raises(requests.HTTPError) as gone:
        atlassian_jira.get(f"rest/agile/1.0/board/{user_board.id}")
    assert gone.value.response.status_code == 404


def test_only_the_boards_administrators_manage_its_sprints(
    jira_client, jira_client_for, atlassian_jira_for, user_board
):
    grace = jira_client_for("grace@example.com")
    with pytest.raises(JIRAError) as sprint:
        grace.create_sprint("Rogue", user_board.id)
    assert sprint.value.status_code == 403
    assert sprint.value.response.json()["errorMessages"] == [
        "You don't have permission to manage sprints on this board."
    ]
    planned = jira_client.create_sprint("Planned", user_board.id)
    with pytest.raises(JIRAError) as start:
        grace.update_sprint(planned.id, name="Hijacked")
    assert start.value.status_code == 403
    with pytest.raises(requests.HTTPError) as delete:
        atlassian_jira_for("grace@example.com").delete(f"rest/agile/1.0/board/{user_board.id}")
    assert delete.value.response.status_code == 403
    assert jira_client.sprint(planned.id).name == "Planned"


def test_ranking_refuses_what_jira_refuses(atlassian_jira, atlassian_jira_for, jira_client):
    rank = "rest/agile/1.0/issue/rank"
    for payload in (
        {"issues": ["DEMO-1"], "rankBeforeIssue": "DEMO-2", "rankAfterIssue": "DEMO-3"},
        {"issues": ["DEMO-1"]},
        {"issues": [], "rankBeforeIssue": "DEMO-2"},
        {"issues": ["DEMO-1"], "rankBeforeIssue": "NOPE-9"},
    ):
        with pytest.raises(requests.HTTPError) as refused:
            atlassian_jira.put(rank, data=payload)
        assert refused.value.response.status_code == 400
        assert (
            refused.value.response.json()["errorMessages"]
            or refused.value.response.json()["errors"]
        )
    viewer = jira_client.project_roles("SEC")["Viewer"]["id"]
    barbara = jira_client.search_users(query="barbara@example.com")[0].accountId
    jira_client.project_role("SEC", viewer).add_user(users=barbara)
    secret = jira_client.create_issue(project="SEC", summary="Secret", issuetype={"name": "Task"})
    answer = atlassian_jira_for("barbara@example.com").put(
        rank,
        data={"issues": [secret.key, "DEMO-1"], "rankBeforeIssue": "DEMO-2"},
        absolute=False,
    )
    entries = {e["issueKey"]: e["status"] for e in answer["entries"]}
    assert entries == {secret.key: 403, "DEMO-1": 200}
