"""Shared test data for the Jira twin: a project ``JQL`` with components, versions and seven
issues with a history, built once through the SDK and restored before each test that uses it."""

from __future__ import annotations

import pytest
from atlassian import Jira
from jira import JIRA
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.pytest_plugin import RunningUniverse
from darkfactory.twins.kit.server import serve_app


def doc(text: str) -> dict:
    """A one-paragraph Atlassian Document."""
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
    }


def client(universe: RunningUniverse, email: str | None = None) -> JIRA:
    """A ``jira.JIRA`` (REST v3) as the administrator, or as the seeded user with ``email``."""
    creds = universe.credentials["jira"]
    token = creds["users"][email] if email else creds["api_token"]
    return JIRA(
        creds["url"], basic_auth=(email or creds["email"], token), options={"rest_api_version": "3"}
    )


def atlassian_client(universe: RunningUniverse) -> Jira:
    """An ``atlassian.Jira`` (cloud) as the administrator."""
    creds = universe.credentials["jira"]
    return Jira(url=creds["url"], username=creds["email"], password=creds["api_token"], cloud=True)


ISSUES = [
    # summary, type, assignee, labels, components, priority, points, severity, due, fix, affects
    (
        "Login page redesign",
        "Story",
        "grace",
        ["ui", "login"],
        ["Frontend"],
        "High",
        5,
        "Major",
        "2026-01-10",
        ["1.0"],
        [],
    ),
    (
        "Login fails with SSO",
        "Bug",
        "linus",
        ["login", "sso"],
        ["Backend"],
        "Highest",
        3,
        "Critical",
        "2026-01-05",
        ["1.0"],
        [],
    ),
    ("Write API docs", "Task", None, [], [], "Low", 1, None, None, ["2.0"], []),
    (
        "Crash on empty search",
        "Bug",
        "linus",
        ["search"],
        ["Backend", "Frontend"],
        "Medium",
        8,
        "Minor",
        "2026-02-01",
        [],
        [],
    ),
    ("Dark mode", "Story", "admin", ["ui"], ["Frontend"], "Lowest", None, None, None, ["2.0"], []),
    (
        "Upgrade database driver",
        "Task",
        "grace",
        [],
        ["Backend"],
        "Medium",
        2,
        "Major",
        None,
        [],
        ["1.0"],
    ),
    ("Platform revamp", "Epic", None, ["platform"], [], "High", 13, None, None, [], []),
]


def _fields(row: tuple, accounts: dict[str, str]) -> dict:
    summary, kind, who, labels, components, priority, points, severity, due, fix, affects = row
    fields = {
        "project": {"key": "JQL"},
        "summary": summary,
        "issuetype": {"name": kind},
        "labels": labels,
        "components": [{"name": c} for c in components],
        "priority": {"name": priority},
        "fixVersions": [{"name": v} for v in fix],
        "versions": [{"name": v} for v in affects],
    }
    if who:
        fields["assignee"] = {"accountId": accounts[who]}
    if points is not None:
        fields["customfield_10000"] = points
    if severity:
        fields["customfield_10002"] = {"value": severity}
    if due:
        fields["duedate"] = due
    if summary == "Write API docs":
        fields["description"] = doc("Document the REST endpoints for partners.")
    if summary == "Crash on empty search":
        fields["customfield_10003"] = "Globex"
    if summary == "Login page redesign":
        fields["customfield_10003"] = "Acme Corp"
    return fields


def build_dataset(universe: RunningUniverse) -> None:
    admin = client(universe)
    people = admin.search_users(query="@example.com", maxResults=50)
    accounts = {u.emailAddress.split("@")[0]: u.accountId for u in people}
    admin.create_project("JQL", "JQL examples")
    atlassian_client(universe).update_project("JQL", {"assigneeType": "UNASSIGNED"})
    for name in ("Backend", "Frontend"):
        admin.create_component(name, "JQL")
    for name in ("1.0", "2.0"):
        admin.create_version(name, "JQL")
    created = admin.create_issues([_fields(row, accounts) for row in ISSUES])
    assert all(c["status"] == "Success" for c in created), created
    client(universe, "grace@example.com").add_vote("JQL-2")
    linus = client(universe, "linus@example.com")
    linus.add_vote("JQL-2")
    linus.add_vote("JQL-4")
    admin.transition_issue("JQL-1", "In Progress")
    admin.transition_issue("JQL-1", "Done")
    admin.transition_issue("JQL-2", "In Progress")
    admin.transition_issue("JQL-4", "Done", fields={"resolution": {"name": "Won't Do"}})
    admin.transition_issue("JQL-5", "In Progress")
    admin.transition_issue("JQL-5", "To Do")
    admin.assign_issue("JQL-6", accounts["alan"])
    admin.assign_issue("JQL-6", accounts["grace"])
    admin.add_comment("JQL-3", doc("This needs a reviewer from the docs team."))


@pytest.fixture(scope="module")
def jql_snapshot(universe_session) -> str:
    server, baseline = universe_session
    server.call(server.universe.restore, baseline)
    build_dataset(RunningUniverse(server))
    return server.call(server.universe.snapshot)


@pytest.fixture
def jql_universe(universe_session, jql_snapshot) -> RunningUniverse:
    """The session universe holding the ``JQL`` project's issues (restored before each test)."""
    server, _ = universe_session
    server.call(server.universe.restore, jql_snapshot)
    return RunningUniverse(server)


@pytest.fixture
def receiver():
    """A loopback endpoint recording every delivery; ``/broken`` answers 500."""
    heard: list[dict] = []

    async def hook(request: Request) -> Response:
        heard.append(
            {"path": request.url.path, "headers": request.headers, "body": await request.json()}
        )
        return Response(status_code=500 if request.url.path == "/broken" else 200)

    base, server = serve_app(Starlette(routes=[Route("/{rest:path}", hook, methods=["POST"])]))
    yield base, heard
    server.should_exit = True
