"""Working in the Jira UI in headless Chromium: the issue view's comment composer, assignee and
transitions, the backlog's board, sprints and moves, each checked in the page and through the
SDKs, with Jira's refusals shown on the page and nothing changed."""

from __future__ import annotations

import pytest
from tests.twins.jira.conftest import doc


def _journal(universe, operation: str) -> list[dict]:
    return universe.control("GET", "/journal", params={"twin": "jira", "operation": operation})[
        "entries"
    ]


@pytest.mark.browser
def test_a_comment_written_on_the_issue_page_is_a_rest_comment(universe, browser_page, jira_client):
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/issues/DEMO-2")
    page.fill(".jira-composer textarea", "Reproduced on staging.\nSteps in the runbook.")
    page.click('.jira-composer button:has-text("Save")')
    page.locator(".jira-comment-body", has_text="Reproduced on staging.").wait_for()
    assert page.locator(".jira-composer textarea").input_value() == ""
    (comment,) = jira_client.comments("DEMO-2")
    assert comment.author.emailAddress == "admin@example.com"
    paragraphs = [block["content"] for block in comment.raw["body"]["content"]]
    assert [[t["text"] for t in p] for p in paragraphs] == [
        ["Reproduced on staging."],
        ["Steps in the runbook."],
    ]
    (made,) = _journal(universe, "addComment")
    assert made["status"] == 201, "the page called the REST API, as any client would"


@pytest.mark.browser
def test_an_empty_comment_is_refused_with_jiras_message(universe, browser_page, jira_client):
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/issues/DEMO-2")
    page.fill(".jira-composer textarea", " ")
    page.click('.jira-composer button:has-text("Save")')
    message = page.locator(".jira-message")
    message.wait_for()
    assert message.inner_text() == "Comment body can not be empty!"
    assert jira_client.comments("DEMO-2") == []


@pytest.mark.browser
def test_assignee_and_transition_on_the_issue_page(universe, browser_page, jira_client):
    (target,) = jira_client.search_users(query="admin@example.com")  # not DEMO-1's assignee
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/issues/DEMO-1")
    page.locator('.jira-assignee[data-ready="true"]').wait_for()
    page.select_option(".jira-assignee", target.accountId)
    page.locator(f'.jira-assignee[data-current="{target.accountId}"]').wait_for()
    assert jira_client.issue("DEMO-1").fields.assignee.accountId == target.accountId

    page.click('.jira-transitions button:has-text("In Progress")')
    page.locator('.jira-transitions .lozenge:has-text("In Progress")').wait_for()
    issue = jira_client.issue("DEMO-1", expand="changelog")
    assert issue.fields.status.name == "In Progress"
    assert (
        page.locator(".jira-history li")
        .last.inner_text()
        .startswith('Ada Admin changed status from "To Do" to "In Progress"')
    )

    page.select_option(".jira-assignee", "")
    page.locator('.jira-assignee[data-current=""]').wait_for()
    assert jira_client.issue("DEMO-1").fields.assignee is None


@pytest.mark.browser
def test_the_issue_page_follows_changes_made_elsewhere(universe, browser_page, jira_client):
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/issues/DEMO-3")
    page.locator("#live.on").wait_for()
    jira_client.add_comment("DEMO-3", doc("Written from the SDK"))
    page.locator(".jira-comment-body", has_text="Written from the SDK").wait_for()


@pytest.mark.browser
def test_planning_a_sprint_on_the_backlog(universe, browser_page, jira_client, atlassian_jira):
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/projects/OPS/backlog")
    page.click("text=Create a Scrum board")
    page.locator(".jira-new-sprint").wait_for()
    (board,) = jira_client.boards(projectKeyOrID="OPS")
    assert (board.name, board.type) == ("OPS board", "scrum")

    page.click(".jira-new-sprint")
    page.locator('.jira-sprint[data-state="future"]').wait_for()
    (sprint,) = jira_client.sprints(board.id)
    assert (sprint.name, sprint.state) == ("OPS Sprint 1", "future")

    page.locator("#live.on").wait_for()  # the page, drawn again, follows the journal once more
    issue = jira_client.create_issue(
        project="OPS", summary="Rotate keys", issuetype={"name": "Task"}
    )
    page.locator(f'.jira-row[data-key="{issue.key}"]').wait_for()  # the page follows the journal
    page.select_option(f'.jira-move[aria-label="Move {issue.key}"]', str(sprint.id))
    page.locator(f'.jira-sprint[data-state="future"] .jira-row[data-key="{issue.key}"]').wait_for()
    planned = atlassian_jira.get_sprint_issues(sprint.id, 0, 50)["issues"]
    assert [i["key"] for i in planned] == [issue.key]

    page.click(f'[data-start="{sprint.id}"]')
    page.locator('.jira-sprint[data-state="active"]').wait_for()
    started = jira_client.sprint(sprint.id)
    assert started.state == "active" and started.startDate and started.endDate

    page.drag_and_drop(f'.jira-row[data-key="{issue.key}"]', '.jira-sprint[data-sprint="backlog"]')
    page.locator(f'[data-sprint="backlog"] .jira-row[data-key="{issue.key}"]').wait_for()
    assert atlassian_jira.get_sprint_issues(sprint.id, 0, 50)["issues"] == []

    page.click(f'[data-complete="{sprint.id}"]')
    page.locator(".jira-sprint[data-state]").first.wait_for(state="detached")
    assert jira_client.sprint(sprint.id).state == "closed"


@pytest.mark.browser
def test_a_move_into_a_sprint_closed_meanwhile_is_refused(
    universe, browser_page, jira_client, atlassian_jira
):
    """A page opened before another client closed the sprint: the move is refused by the API,
    the page says so, and the issue stays in the backlog."""
    project = jira_client.project("OPS")
    saved = jira_client.create_filter("OPS issues", jql="project = OPS ORDER BY Rank ASC")
    board = atlassian_jira.create_agile_board(
        "OPS board", "scrum", saved.id, location={"type": "project", "projectKeyOrId": project.key}
    )
    sprint = jira_client.create_sprint("OPS Sprint 1", board["id"])
    issue = jira_client.create_issue(project="OPS", summary="Patch", issuetype={"name": "Task"})
    page = browser_page
    page.route("**/_universe/journal/stream", lambda route: route.abort())  # misses the news
    page.goto(f"{universe.url}/ui/jira/projects/OPS/backlog")
    jira_client.update_sprint(
        sprint.id,
        state="active",
        startDate="2026-01-05T09:00:00.000Z",
        endDate="2026-01-19T09:00:00.000Z",
    )
    jira_client.update_sprint(sprint.id, state="closed")
    page.select_option(f'.jira-move[aria-label="Move {issue.key}"]', str(sprint.id))
    message = page.locator(".jira-message")
    message.wait_for()
    assert message.inner_text() == "Issues can't be moved to a closed sprint."
    assert atlassian_jira.get_sprint_issues(sprint.id, 0, 50)["issues"] == []
