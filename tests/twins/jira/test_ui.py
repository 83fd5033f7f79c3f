"""The Jira UI at /ui/jira/: projects, the board (moving a card in headless Chromium shows in
the changelog through the SDK), the issue view with comments and history, the JQL search box."""

from __future__ import annotations

import httpx
import pytest
from tests.helpers import eventually
from tests.twins.jira.conftest import doc


@pytest.mark.browser
def test_moving_a_card_across_the_board_is_a_transition(
    universe, browser_page, jira_client, atlassian_jira, receiver
):
    base, heard = receiver
    atlassian_jira.post(
        "rest/webhooks/1.0/webhook",
        data={"name": "Board watcher", "url": f"{base}/moves", "events": ["jira:issue_updated"]},
    )
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/")
    page.click('tr[data-key="DEMO"] a:has-text("Board")')
    card = page.locator('[data-column="To Do"] .jira-card[data-key="DEMO-1"]')
    card.locator('button:has-text("In Progress")').click()
    page.locator('[data-column="In Progress"] .jira-card[data-key="DEMO-1"]').wait_for()
    assert page.locator('[data-column="To Do"] .jira-card[data-key="DEMO-1"]').count() == 0
    history = jira_client.issue("DEMO-1", expand="changelog").changelog.histories
    last = history[-1]
    assert [(i.field, i.fromString, i.toString) for i in last.items] == [
        ("status", "To Do", "In Progress")
    ]
    assert last.author.emailAddress == "admin@example.com"
    (moved,) = eventually(lambda: heard)
    assert moved["body"]["issue"]["key"] == "DEMO-1", "a move on the board reaches webhooks"
    assert moved["body"]["changelog"]["items"][0]["toString"] == "In Progress"
    page.locator('.jira-card[data-key="DEMO-1"] a').click()
    assert (
        page.locator(".jira-history li")
        .last.inner_text()
        .startswith('Ada Admin changed status from "To Do" to "In Progress"')
    )


@pytest.mark.browser
def test_dragging_a_card_to_done_resolves_the_issue(universe, browser_page, jira_client):
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/projects/DEMO/board")
    page.drag_and_drop('.jira-card[data-key="DEMO-4"]', '[data-column="Done"]')
    page.locator('[data-column="Done"] .jira-card[data-key="DEMO-4"]').wait_for()
    issue = jira_client.issue("DEMO-4")
    assert issue.fields.status.name == "Done" and issue.fields.resolution.name == "Done"


def test_pages_show_projects_issue_and_search(universe, jira_client):
    jira_client.add_comment("DEMO-2", doc("Seen in production"))
    jira_client.transition_issue("DEMO-2", "Done")
    with httpx.Client(base_url=f"{universe.url}/ui/jira", headers=universe.admin_headers) as ui:
        projects = ui.get("/").text
        issue = ui.get("/issues/DEMO-2").text
        found = ui.get(
            "/search", params={"jql": "project = DEMO AND status = Done ORDER BY key"}
        ).text
        broken = ui.get("/search", params={"jql": "project DEMO"}).text
        missing = ui.get("/issues/NOPE-1")
    assert "Demo" in projects and "Operations" in projects and "Security" in projects
    assert (
        "Seen in production" in issue
        and 'changed <em>status</em> from "In Progress" to "Done"' in issue
    )
    assert found.index("DEMO-2") < found.index("DEMO-3") < found.index("DEMO-6")
    assert "Expecting operator but got &#39;DEMO&#39;" in broken
    assert missing.status_code == 404 and "There is no issue NOPE-1" in missing.text


def _stepwise_workflow(jira_client, atlassian_jira, project_key: str) -> None:
    """A workflow for the project where To Do leads only to In Progress, and that to Done."""
    statuses = {s.name: s.id for s in jira_client.statuses()}
    todo, progress, done = statuses["To Do"], statuses["In Progress"], statuses["Done"]
    atlassian_jira.post(
        "rest/api/3/workflow",
        data={
            "name": "Step by step",
            "statuses": [{"id": todo}, {"id": progress}, {"id": done}],
            "transitions": [
                {"name": "Create", "to": todo, "type": "initial"},
                {"name": "Start", "from": [todo], "to": progress, "type": "directed"},
                {"name": "Finish", "from": [progress], "to": done, "type": "directed"},
            ],
        },
    )
    scheme = atlassian_jira.post(
        "rest/api/3/workflowscheme", data={"name": "Steps", "defaultWorkflow": "Step by step"}
    )
    atlassian_jira.put(
        "rest/api/3/workflowscheme/project",
        data={
            "workflowSchemeId": str(scheme["id"]),
            "projectId": jira_client.project(project_key).id,
        },
    )


@pytest.mark.browser
def test_a_drop_takes_the_workflow_transition_or_is_refused(
    universe, browser_page, jira_client, atlassian_jira
):
    _stepwise_workflow(jira_client, atlassian_jira, "OPS")
    issue = jira_client.create_issue(
        project="OPS", summary="Rotate keys", issuetype={"name": "Task"}
    )
    page = browser_page
    page.goto(f"{universe.url}/ui/jira/projects/OPS/board")
    card = f'.jira-card[data-key="{issue.key}"]'

    page.drag_and_drop(card, '[data-column="Done"]')
    message = page.locator(".jira-message")
    message.wait_for()
    assert message.inner_text() == (
        f"{issue.key} cannot move to Done: no transition from To Do leads there."
    )
    assert page.locator(f'[data-column="To Do"] {card}').count() == 1, "the card stays put"
    assert jira_client.issue(issue.key).fields.status.name == "To Do"

    page.drag_and_drop(card, '[data-column="In Progress"]')
    page.locator(f'[data-column="In Progress"] {card}').wait_for()
    moved = jira_client.issue(issue.key, expand="changelog")
    assert moved.fields.status.name == "In Progress"
    (item,) = moved.changelog.histories[-1].items
    assert (item.fromString, item.toString) == ("To Do", "In Progress")

    page.drag_and_drop(card, '[data-column="Done"]')
    page.locator(f'[data-column="Done"] {card}').wait_for()
    assert jira_client.issue(issue.key).fields.status.name == "Done"
    assert page.locator(".jira-message").is_hidden(), "a new page has no refusal"
