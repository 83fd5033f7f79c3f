"""Slack's latency while Jira is busy: 50 Jira clients searching and 50 Slack clients reading
history at once, against one universe; the target is a Slack p99 under 100 ms.

The clients run in a separate process (so that their own work does not hold the server's
interpreter), as asyncio tasks: Slack's through slack_sdk's AsyncWebClient, Jira's as the
``search/jql`` GET the jira client sends. Each client calls in a loop for the run's length.
A first run with the Slack clients alone gives the baseline for the same figures.

    PYTHONPATH=src python benchmarks/mixed_load.py [SECONDS]
"""

from __future__ import annotations

import asyncio
import multiprocessing
import statistics
import sys
import time

import httpx
from slack_sdk.web.async_client import AsyncWebClient

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
CLIENTS = 50
JQL = "project = DEMO AND status != Done ORDER BY priority DESC, key ASC"


async def _clients(creds: dict, jira_clients: int, seconds: float) -> dict[str, list[float]]:
    slack, jira = creds["slack"], creds["jira"]
    general = None
    latencies: dict[str, list[float]] = {"slack": [], "jira": []}
    stop = time.perf_counter() + seconds

    async def slack_client() -> None:
        client = AsyncWebClient(token=slack["bot_token"], base_url=slack["api_url"])
        while time.perf_counter() < stop:
            started = time.perf_counter()
            await client.conversations_history(channel=general, limit=20)
            latencies["slack"].append(time.perf_counter() - started)

    async def jira_client(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            answer = await http.get("/rest/api/3/search/jql", params={"jql": JQL})
            answer.raise_for_status()
            latencies["jira"].append(time.perf_counter() - started)

    listing = await AsyncWebClient(
        token=slack["bot_token"], base_url=slack["api_url"]
    ).conversations_list()
    general = next(c["id"] for c in listing["channels"] if c["is_general"])
    limits = httpx.Limits(max_connections=jira_clients or 1)
    auth = (jira["email"], jira["api_token"])
    async with httpx.AsyncClient(
        base_url=jira["url"], auth=auth, limits=limits, timeout=60
    ) as http:
        await asyncio.gather(
            *(slack_client() for _ in range(CLIENTS)),
            *(jira_client(http) for _ in range(jira_clients)),
        )
    return latencies


def _run(creds: dict, jira_clients: int, seconds: float, out) -> None:
    out.put(asyncio.run(_clients(creds, jira_clients, seconds)))


def load(creds: dict, jira_clients: int) -> dict[str, list[float]]:
    """Latencies of every call, by twin, from a client process running for SECONDS."""
    out = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(
        target=_run, args=(creds, jira_clients, SECONDS, out)
    )
    process.start()
    latencies = out.get()
    process.join()
    return latencies


def summary(latencies: list[float]) -> str:
    if not latencies:
        return f"{0:>8}{'-':>10}{'-':>10}"
    cuts = statistics.quantiles(latencies, n=100)
    return f"{len(latencies):>8}{cuts[49] * 1000:>10.1f}{cuts[98] * 1000:>10.1f}"


def main() -> None:
    with UniverseServer(Universe(seed=1, twins=["slack", "jira"])) as server:
        creds = server.universe.credentials()
        print(f"{SECONDS:.0f} s per run, {CLIENTS} Slack clients")
        print(f"{'run':<28}{'twin':<7}{'calls':>8}{'p50 ms':>10}{'p99 ms':>10}")
        for title, jira_clients in (("Slack alone", 0), (f"with {CLIENTS} Jira clients", CLIENTS)):
            latencies = load(creds, jira_clients)
            for twin in ("slack", "jira"):
                if latencies[twin]:
                    print(f"{title:<28}{twin:<7}{summary(latencies[twin])}")


if __name__ == "__main__":
    main()
