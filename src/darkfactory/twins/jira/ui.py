"""The Jira web UI at ``/ui/jira/``: projects, a board per project with a column per status
category (a button per transition moves a card; dropping a card on a column takes, through the
REST API, the workflow's transition into that column, if there is one), the issue view with
comments and history, and a JQL search box. The UI acts as the site administrator."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.jira import adf
from darkfactory.twins.jira.agile.state import COLUMNS
from darkfactory.twins.jira.errors import JiraError
from darkfactory.twins.jira.fixtures import ADMIN_EMAIL
from darkfactory.twins.jira.search.jql.found import search
from darkfactory.twins.jira.times import jira_time
from darkfactory.twins.jira.webhooks.delivery import deliver
from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.kit.ids import LOWER_ALNUM

UI_TOKEN = "ui"  # the kind of the API token the board's script calls the REST API with


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
        return page(request, f"jira/{name}.html", adf_text=adf.to_text, time=jira_time, **context)

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
        categories = {s["id"]: s["category"] for s in state.find("status")}
        return render(
            request,
            "board",
            project=project,
            columns=columns,
            categories=categories,
            api=f"{twin.base_url}/rest/api/3",
            token=api_token(),
        )

    async def transition(request: Request) -> Response:
        form = await request.form()
        issue = state.find_issue(request.path_params["key"])
        if issue is None:
            return missing(request, f"issue {request.path_params['key']}")
        with state.db.transaction():
            state.transition(admin(), issue, str(form.get("transition")), {})
        back = form.get("back") or f"/ui/jira/issues/{issue['key']}"
        # a move on the board reaches webhooks like one through the API
        return RedirectResponse(str(back), 303, background=BackgroundTask(deliver, twin))

    async def issue_view(request: Request) -> Response:
        issue = state.find_issue(request.path_params["key"])
        if issue is None:
            return missing(request, f"issue {request.path_params['key']}")
        comments = state.find("comment", issue["id"])
        people = {u["accountId"]: u["displayName"] for u in state.users()}
        return render(
            request,
            "issue",
            issue=issue,
            card=card(issue),
            comments=comments,
            history=state.history(issue),
            people=people,
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
        Route("/issues/{key}", issue_view, methods=["GET"]),
        Route("/issues/{key}/transitions", transition, methods=["POST"]),
        Route("/search", search_page, methods=["GET"]),
    ]
