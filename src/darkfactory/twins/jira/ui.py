"""The Jira web UI at ``/ui/jira/``: projects, a board per project with a column per status
category, the backlog with its sprints, the issue view, and a JQL search box.

Pages are drawn from the same shapes the REST API answers with, and every action on them (a
transition, a drop on a column, a comment, an assignee, a sprint started or an issue moved into
one) is a call the page makes to the REST API with the administrator's UI token, so the journal
and webhooks see it like any client's. Pages follow the journal and redraw when their issues
change."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.jira import adf
from darkfactory.twins.jira.agile.state import COLUMNS
from darkfactory.twins.jira.errors import JiraError
from darkfactory.twins.jira.fixtures import ADMIN_EMAIL
from darkfactory.twins.jira.issues.wire import IssueWriter
from darkfactory.twins.jira.search.jql.found import search
from darkfactory.twins.jira.shapes import Shapes
from darkfactory.twins.jira.times import jira_time
from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.kit.ids import LOWER_ALNUM

UI_TOKEN = "ui"  # the kind of the API token the pages' scripts call the REST API with
ISSUE_EXPAND = ["renderedFields", "transitions", "changelog"]


def routes(twin) -> list[Route]:
    state = twin.state

    def admin() -> str:
        return state.find_user(ADMIN_EMAIL)["accountId"]

    def api_token() -> str:
        """The UI's API token for the administrator, made on first use."""
        grants = twin.universe.tokens.of("jira", admin(), UI_TOKEN)
        if grants:
            return grants[0].token
        token = "ATATT3x" + twin.universe.ids.token("jira.ui-token", 40, LOWER_ALNUM)
        with state.db.transaction():
            twin.universe.tokens.issue("jira", token, admin(), kind=UI_TOKEN)
        return token

    def card(issue: dict) -> dict:
        fields = issue["fields"]
        project = state.project(issue["project"])
        return {
            "key": issue["key"],
            "summary": fields["summary"],
            "status": state.status(fields["status"]),
            "type": (state.get("issuetype", fields["issuetype"]) or {}).get("name"),
            "assignee": (state.get("user", fields.get("assignee")) or {}).get("displayName"),
            "transitions": state.transitions_of(project, issue),
        }

    def render(request: Request, name: str, **context) -> Response:
        return page(
            request,
            f"jira/{name}.html",
            adf_html=adf.to_html,
            time=jira_time,
            site=twin.base_url,
            token=api_token(),
            **context,
        )

    def missing(request: Request, what: str) -> Response:
        response = render(request, "missing", what=what)
        response.status_code = 404
        return response

    async def projects(request: Request) -> Response:
        listed = [
            (p, len(state.find("issue", p["id"])), state.get("user", p["lead"]))
            for p in state.projects()
        ]
        return render(request, "projects", projects=listed)

    async def board(request: Request) -> Response:
        project = state.find_project(request.path_params["key"])
        if project is None:
            return missing(request, f"project {request.path_params['key']}")
        issues = sorted(state.find("issue", project["id"]), key=lambda i: int(i["id"]))
        columns = [
            (
                name,
                category,
                [
                    card(i)
                    for i in issues
                    if state.status(i["fields"]["status"])["category"] == category
                ],
            )
            for name, category in COLUMNS
        ]
        return render(request, "board", project=project, columns=columns)

    async def backlog(request: Request) -> Response:
        """The project's first Scrum board: its open sprints, each with its issues in rank
        order, then the backlog (what no open sprint holds and is not done)."""
        project = state.find_project(request.path_params["key"])
        if project is None:
            return missing(request, f"project {request.path_params['key']}")
        boards = [b for b in state.find("board") if b.get("projectId") == project["id"]]
        scrum = next((b for b in boards if b["type"] == "scrum"), None)
        if scrum is None:
            return render(request, "backlog", project=project, board=None)
        issues = state.ranked(
            search(state, admin(), state.saved_filter(scrum["filterId"])["jql"]).issues()
        )
        sprints = [
            s for s in state.find("sprint", str(scrum["id"])) if s["state"] in ("active", "future")
        ]
        sprints.sort(key=lambda s: (s["state"] != "active", s["id"]))
        planned = [(s, [card(i) for i in issues if state.in_sprint(i, s["id"])]) for s in sprints]
        rest = [
            card(i)
            for i in issues
            if not state.in_open_sprint(i)
            and state.status(i["fields"]["status"])["category"] != "done"
        ]
        return render(
            request, "backlog", project=project, board=scrum, sprints=planned, backlog=rest
        )

    async def issue_view(request: Request) -> Response:
        issue = state.find_issue(request.path_params["key"])
        if issue is None:
            return missing(request, f"issue {request.path_params['key']}")
        writer = IssueWriter(Shapes(state, twin.base_url), admin())
        shaped = writer.issue(issue, expand=ISSUE_EXPAND)
        comments = [writer.comment(c, rendered=True) for c in state.find("comment", issue["id"])]
        return render(
            request,
            "issue",
            issue=shaped,
            comments=comments,
            project=state.project(issue["project"]),
        )

    async def search_page(request: Request) -> Response:
        jql = request.query_params.get("jql", "")
        error, found = None, []
        try:
            found = [card(i) for i in search(state, admin(), jql).issues()]
        except JiraError as failure:
            error = failure.detail["messages"][0]
        return render(request, "search", jql=jql, issues=found, error=error)

    return [
        Route("/", projects, methods=["GET"]),
        Route("/projects/{key}/board", board, methods=["GET"]),
        Route("/projects/{key}/backlog", backlog, methods=["GET"]),
        Route("/issues/{key}", issue_view, methods=["GET"]),
        Route("/search", search_page, methods=["GET"]),
    ]
