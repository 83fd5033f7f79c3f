"""``jira`` client calls per second against the Jira twin, and against a bare ASGI endpoint.

The baseline is the same ``jira.JIRA`` client calling a minimal Starlette app that answers each
path with the twin's own answer, canned as the client received it (headers and bytes), served by
the same uvicorn setup in the same run. The ratio is what the twin (auth, permission checks, JQL,
SQLite state) costs on top of HTTP.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from jira import JIRA
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from throughput import compare, replayed

from darkfactory.twins.kit.server import UniverseServer, serve_app
from darkfactory.twins.kit.universe import Universe

CALLS = 1000
JQL = "project = DEMO AND status != Done ORDER BY priority DESC, key ASC"


def bare_server(canned: dict[str, tuple[bytes, dict]]) -> tuple[str, object]:
    async def answer(request: Request) -> Response:
        await request.body()
        return replayed(*canned.get(path_of(request.url.path), (b"{}", {})))

    return serve_app(Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST"])]))


def path_of(url: str) -> str:
    """What a REST path names after ``/rest/api/3/``: ``issue/DEMO-1``, ``search/jql``..."""
    return urlsplit(url).path.split("/rest/api/3/", 1)[-1]


def client(url: str, creds: dict) -> JIRA:
    return JIRA(
        url, basic_auth=(creds["email"], creds["api_token"]), options={"rest_api_version": "3"}
    )


def main() -> None:
    with UniverseServer(Universe(seed=1)) as twin:
        creds = twin.universe.credentials()["jira"]
        jira = client(creds["url"], creds)
        canned: dict[str, tuple[bytes, dict]] = {}  # the twin's answers, as the client had them

        def keep(answer, *args, **kwargs):
            canned[path_of(answer.url)] = (answer.content, dict(answer.headers))

        jira._session.hooks["response"].append(keep)
        jira.server_info(), jira.fields(), jira.issue("DEMO-1")
        jira.enhanced_search_issues(JQL, fields="summary,status", json_result=True)
        jira._session.hooks["response"].remove(keep)
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
