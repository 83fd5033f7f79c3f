"""Jira ``search/jql`` as a project grows: the same query and page with 100 and with 10,000
issues in the project, in the same run; the target is at most 2x the time per call.

Issues are created through the twin's own state on the server's thread (as its fixtures create
them), then searched through the ``jira`` client over HTTP.

    PYTHONPATH=src python benchmarks/jira_search_scale.py [LARGE]
"""

from __future__ import annotations

import sys
import time

from jira import JIRA

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

SIZES = (100, int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
JQL = "project = DEMO AND status != Done ORDER BY priority DESC, key ASC"
CALLS = 20


def grow(universe: Universe, count: int) -> int:
    """Add issues to DEMO until it holds ``count``; returns how many it holds."""
    jira = universe.twins["jira"].state
    project = jira.project("DEMO")
    admin = jira.find_user("admin@example.com")["accountId"]
    task = next(t for t in project["issueTypes"] if jira.get("issuetype", t)["name"] == "Task")
    have = sum(1 for i in jira.issues() if i["project"] == project["id"])
    with universe.store.transaction():
        for number in range(have, count):
            jira.create_issue(admin, project, {"summary": f"Issue {number}", "issuetype": task})
    return max(have, count)


def per_call(client: JIRA) -> float:
    """Seconds per search call, best of three rounds after a warm-up call."""
    client.enhanced_search_issues(JQL, maxResults=50, json_result=True)
    rounds = []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(CALLS):
            client.enhanced_search_issues(JQL, maxResults=50, json_result=True)
        rounds.append((time.perf_counter() - started) / CALLS)
    return min(rounds)


def main() -> None:
    with UniverseServer(Universe(seed=1, twins=["jira"])) as server:
        creds = server.universe.credentials()["jira"]
        client = JIRA(
            creds["url"],
            basic_auth=(creds["email"], creds["api_token"]),
            options={"rest_api_version": "3"},
        )
        figures = {}
        for size in SIZES:
            held = server.call(grow, server.universe, size)
            figures[held] = per_call(client)
        small, large = figures[SIZES[0]], figures[SIZES[1]]
        print(f"{'issues in DEMO':<16}{'ms per search':>14}")
        for size, seconds in figures.items():
            print(f"{size:<16}{seconds * 1000:>14.1f}")
        print(f"ratio {SIZES[1]:,} / {SIZES[0]:,}: {large / small:.2f} (target at most 2.00)")


if __name__ == "__main__":
    main()
