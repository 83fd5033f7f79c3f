"""Jira Software through both SDKs: boards over a filter, columns by status, sprints created,
started and completed, the backlog, and moving issues between sprints and backlog."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError


@pytest.fixture
def board(jira_client):
    saved = jira_client.create_filter(name="Demo issues", jql="project = DEMO ORDER BY key ASC")
    return jira_client.create_board(
        "Demo board",
        filter_id=saved.id,
        project_ids="DEMO",
        location_type="project",
        location_id="DEMO",
        preset="scrum",
    )


def test_board_shows_the_filter_issues_in_status_columns(jira_client, atlassian_jira, board):
    assert [b.name for b in jira_client.boards()] == ["Demo board"]
    issues = atlassian_jira.get_issues_for_board(board.id, jql=None, fields="status")
    assert [i["key"] for i in issues["issues"]] == [f"DEMO-{n}" for n in range(1, 7)]
    config = atlassian_jira.get_agile_board_configuration(board.id)
    columns = {
        c["name"]: [s["id"] for s in c["statuses"]] for c in config["columnConfig"]["columns"]
    }
    status = {s.name: s.id for s in jira_client.statuses()}
    assert columns == {
        "To Do": [status["To Do"]],
        "In Progress": [status["In Progress"]],
        "Done": [status["Done"]],
    }


def test_sprint_lifecycle_and_backlog(jira_client, atlassian_jira, board):
    sprint = jira_client.create_sprint("Sprint 1", board.id, goal="Ship login")
    assert sprint.state == "future" and sprint.goal == "Ship login"
    backlog = atlassian_jira.get(f"rest/agile/1.0/board/{board.id}/backlog")
    assert [i["key"] for i in backlog["issues"]] == ["DEMO-1", "DEMO-2", "DEMO-4", "DEMO-5"]
    jira_client.add_issues_to_sprint(sprint.id, ["DEMO-1", "DEMO-2"])
    in_sprint = atlassian_jira.get_sprint_issues(sprint.id, 0, 50)
    assert [i["key"] for i in in_sprint["issues"]] == ["DEMO-1", "DEMO-2"]
    backlog = atlassian_jira.get(f"rest/agile/1.0/board/{board.id}/backlog")
    assert [i["key"] for i in backlog["issues"]] == ["DEMO-4", "DEMO-5"]
    with pytest.raises(JIRAError) as undated:
        jira_client.update_sprint(sprint.id, state="active")
    assert undated.value.status_code == 400
    jira_client.update_sprint(
        sprint.id,
        state="active",
        startDate="2026-01-05T09:00:00.000Z",
        endDate="2026-01-19T17:00:00.000Z",
    )
    assert jira_client.sprint(sprint.id).state == "active"
    assert [i.key for i in jira_client.search_issues("sprint in openSprints() ORDER BY key")] == [
        "DEMO-1",
        "DEMO-2",
    ]
    jira_client.transition_issue("DEMO-1", "Done")
    jira_client.update_sprint(sprint.id, state="closed")
    closed = jira_client.sprint(sprint.id)
    assert closed.state == "closed" and closed.completeDate
    assert [i.key for i in jira_client.search_issues(f"sprint = {sprint.id} ORDER BY key")] == [
        "DEMO-1",
        "DEMO-2",
    ]
    backlog = atlassian_jira.get(f"rest/agile/1.0/board/{board.id}/backlog")
    assert "DEMO-2" in [i["key"] for i in backlog["issues"]]
    history = jira_client.issue("DEMO-2", expand="changelog").changelog.histories
    assert [(i.field, i.toString) for h in history for i in h.items if i.field == "Sprint"] == [
        ("Sprint", "Sprint 1"),
    ]
    with pytest.raises(JIRAError) as reopen:
        jira_client.update_sprint(sprint.id, state="active")
    assert reopen.value.status_code == 400


def test_moving_issues_back_to_the_backlog(jira_client, board):
    sprint = jira_client.create_sprint("Sprint 2", board.id)
    jira_client.add_issues_to_sprint(sprint.id, ["DEMO-4"])
    jira_client.move_to_backlog(["DEMO-4"])
    assert jira_client.search_issues(f"sprint = {sprint.id}") == []
    assert [s.name for s in jira_client.sprints(board.id)] == ["Sprint 2"]


def test_sprints_need_the_manage_sprints_permission(
    jira_client, jira_client_for, board, atlassian_jira_for
):
    with pytest.raises(JIRAError) as unseen:
        jira_client_for("guest@example.com").create_sprint("Rogue", board.id)
    assert unseen.value.status_code == 404
    viewer = jira_client.project_roles("SEC")["Viewer"]["id"]
    barbara_id = jira_client.search_users(query="barbara@example.com")[0].accountId
    jira_client.project_role("SEC", viewer).add_user(users=barbara_id)
    saved = jira_client.create_filter(name="Secrets", jql="project = SEC")
    secret = jira_client.create_board(
        "Secret board", filter_id=saved.id, location_type="project", location_id="SEC"
    )
    with pytest.raises(JIRAError) as caught:
        jira_client_for("barbara@example.com").create_sprint("Rogue", secret.id)
    assert caught.value.status_code == 403
    assert jira_client.create_sprint("Planned", secret.id).name == "Planned"
    with pytest.raises(requests.HTTPError) as missing:
        atlassian_jira_for().get("rest/agile/1.0/board/999")
    assert missing.value.response.status_code == 404


def test_filters_are_kept_to_their_owner_and_favourites_listed(
    jira_client, jira_client_for, atlassian_jira, atlassian_jira_for
):
    mine = jira_client.create_filter(name="Mine", jql="project = DEMO", favourite=True)
    other = jira_client.create_filter(name="Other", jql="project = OPS")
    assert [f.name for f in jira_client.favourite_filters()] == ["Mine"]
    grace = jira_client_for("grace@example.com")
    assert grace.favourite_filters() == []
    for attempt in (
        lambda: grace.filter(mine.id),
        lambda: grace.update_filter(mine.id, name="Taken"),
        lambda: atlassian_jira_for("grace@example.com").put(
            f"rest/api/3/filter/{mine.id}", data={"name": "Taken"}
        ),
        lambda: atlassian_jira_for("grace@example.com").delete(f"rest/api/3/filter/{mine.id}"),
    ):
        with pytest.raises((JIRAError, requests.HTTPError)) as caught:
            attempt()
        assert caught.value.response.status_code == 400
        assert caught.value.response.json()["errorMessages"] == [
            "The selected filter is not available to you, perhaps it has been deleted or had "
            "its permissions changed."
        ]
    changed = jira_client.update_filter(mine.id, name="Renamed", jql="project = DEMO ORDER BY key")
    assert (changed.name, changed.jql, changed.favourite) == (
        "Renamed",
        "project = DEMO ORDER BY key",
        True,
    )
    with pytest.raises(JIRAError) as bad_jql:
        jira_client.update_filter(mine.id, jql="project = = DEMO")
    assert bad_jql.value.status_code == 400
    own = grace.create_filter(name="Grace's", jql="project = DEMO", favourite=True)
    assert [f.name for f in grace.favourite_filters()] == ["Grace's"]
    atlassian_jira.delete(f"rest/api/3/filter/{own.id}")
    jira_client.filter(other.id).delete()
    assert grace.favourite_filters() == []
    with pytest.raises(JIRAError) as gone:
        jira_client.filter(other.id)
    assert gone.value.status_code == 400
