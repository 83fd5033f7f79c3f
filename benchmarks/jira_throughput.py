"""``jira`` client calls per second against the Jira twin, and against a bare ASGI endpoint.

The baseline is the same ``jira.JIRA`` client calling a minimal Starlette app that answers each
path with the twin's own answer, canned, served by the same uvicorn setup in the same run. The
ratio is what the twin (auth, permission checks, JQL, SQLite state) costs on top of HTTP.
"""

from __future__ import annotations

import json

from jira import JIRA
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from throughput import compare

from darkfactory.twins.kit.server import UniverseServer, serve_app
from darkfactory.twins.kit.universe import Universe

CALLS = 300
JQL = "project = DEMO AND status != Done ORDER BY priority DESC, key ASC"


def bare_server(canned: dict[str, bytes]) -> tuple[str, object]:
    async def answer(request: Request) -> Response:
        await request.body()
        path = request.url.path.split("/rest/api/3/", 1)[-1]
        return Response(canned.get(path, b"{}"), media_type="application/json")

    return serve_app(Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST"])]))


def client(url: str, creds: dict) -> JIRA:
    return JIRA(
        url, basic_auth=(creds["email"], creds["api_token"]), options={"rest_api_version": "3"}
    )


def main() -> None:
    with UniverseServer(Universe(seed=1)) as twin:
        creds = twin.universe.credentials()["jira"]
        jira = client(creds["url"], creds)
        search = jira.enhanced_search_issues(JQL, fields="summary,status", json_result=True)
        canned = {
            "serverInfo": json.dumps(jira.server_info()).encode(),
            "issue/DEMO-1": json.dumps(jira.issue("DEMO-1").raw).encode(),
            "search/jql": json.dumps(search).encode(),
            "field": json.dumps(jira.fields()).encode(),
        }
        base, bare = bare_server(canned)
        bare_client = client(base, creds)
        calls = {
            "getIssue": lambda c: c.issue("DEMO-1"),
            "search/jql": lambda c: c.enhanced_search_issues(
                JQL, fields="summary,status", json_result=True
            ),
        }
        pairs = {
            name: (lambda call=call: call(jira), lambda call=call: call(bare_client))
            for name, call in calls.items()
        }
        compare("operation", pairs, CALLS)
        bare.should_exit = True


if __name__ == "__main__":
    main()
