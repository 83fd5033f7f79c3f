"""The demo site ``universe up`` seeds (``--fixture jira.demo=1``), so the board, the backlog and
the issue view have something to show on first sight.

DEMO gets a Scrum board over its issues with an active sprint and a planned one, a login bug
that blocks the onboarding guide, and a short discussion, in rich text, on the build pipeline.
"""

from __future__ import annotations

from typing import Any

from darkfactory.twins.jira.fixtures import ADMIN_EMAIL
from darkfactory.twins.jira.state import JiraState
from darkfactory.twins.jira.times import jira_time

DAY = 86_400
DISCUSSION = [
    [("heading", "Plan"), ("paragraph", "Build on every push; deploy from main only.")],
    [("bullet", ["Lint and type checks", "The scenario suite against the twins", "Packaging"])],
]


def seed(state: JiraState, options: dict[str, Any]) -> None:
    if not options.get("demo"):
        return
    admin = state.find_user(ADMIN_EMAIL)["accountId"]
    project = state.find_project("DEMO")
    issues = {issue["key"]: issue for issue in state.find("issue", project["id"])}
    saved = state.create_filter(admin, "Filter for DEMO board", "project = DEMO ORDER BY Rank ASC")
    board = state.create_board(admin, "DEMO board", "scrum", saved["id"], project["id"])
    now = state.universe.clock.now()
    running = state.create_sprint(
        board["id"],
        "DEMO Sprint 1",
        jira_time(now - 3 * DAY),
        jira_time(now + 11 * DAY),
        "A build that anyone can trust",
    )
    state.update_sprint(running, {"state": "active"})
    state.create_sprint(board["id"], "DEMO Sprint 2", None, None, "Onboarding")
    state.move_to_sprint(admin, running, [issues["DEMO-1"], issues["DEMO-2"], issues["DEMO-5"]])
    blocks = state.link_type({"name": "Blocks"})
    state.link(admin, blocks, issues["DEMO-2"], issues["DEMO-3"])
    for blocks_of_text in DISCUSSION:
        state.add_comment(admin, issues["DEMO-1"], _document(blocks_of_text))


def _document(blocks: list[tuple[str, Any]]) -> dict:
    """An Atlassian document of headings, paragraphs and bullet lists of plain text."""

    def text(value: str) -> list[dict]:
        return [{"type": "text", "text": value}]

    content = []
    for kind, value in blocks:
        if kind == "heading":
            content.append({"type": "heading", "attrs": {"level": 3}, "content": text(value)})
        elif kind == "paragraph":
            content.append({"type": "paragraph", "content": text(value)})
        else:
            items = [
                {"type": "listItem", "content": [{"type": "paragraph", "content": text(v)}]}
                for v in value
            ]
            content.append({"type": "bulletList", "content": items})
    return {"type": "doc", "version": 1, "content": content}
