"""Slack's latency while Jira is busy: 50 Jira clients searching and 50 Slack clients reading
history at once, against one universe; the target is a Slack p99 under 100 ms.

The clients run as asyncio tasks in processes of their own, one for Slack's and one for Jira's,
apart from the server's (so that neither the clients' work nor Jira's clients' work holds the
interpreter that serves, or that times, Slack's calls): Slack's through slack_sdk's
AsyncWebClient, Jira's as the ``search/jql`` GET the jira client sends. Both processes start
calling at the same instant, and each client calls in a loop for the run's length. A first run
with the Slack clients alone gives the baseline for the same figures.

    PYTHONPATH=src python benchmarks/mixed_load.py [SECONDS]
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
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


async def _slack_clients(slack: dict, seconds: float) -> list[float]:
    latencies: list[float] = []
    listing = await AsyncWebClient(
        token=slack["bot_token"], base_url=slack["api_url"]
    ).conversations_list()
    general = next(c["id"] for c in listing["channels"] if c["is_general"])
    stop = time.perf_counter() + seconds

    async def client() -> None:
        client = AsyncWebClient(token=slack["bot_token"], base_url=slack["api_url"])
        while time.perf_counter() < stop:
            started = time.perf_counter()
            await client.conversations_history(channel=general, limit=20)
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return latencies


async def _jira_clients(jira: dict, seconds: float) -> list[float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=CLIENTS)
    auth = (jira["email"], jira["api_token"])
    stop = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            answer = await http.get("/rest/api/3/search/jql", params={"jql": JQL})
            answer.raise_for_status()
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(
        base_url=jira["url"], auth=auth, limits=limits, timeout=60
    ) as http:
        await asyncio.gather(*(client(http) for _ in range(CLIENTS)))
    return latencies


CLIENTS_OF = {"slack": _slack_clients, "jira": _jira_clients}


def _run(twin: str, creds: dict, start_at: float, seconds: float, out) -> None:
    time.sleep(max(0.0, start_at - time.time()))
    out.put((twin, asyncio.run(CLIENTS_OF[twin](creds[twin], seconds))))


def load(creds: dict, twins: tuple[str, ...]) -> dict[str, list[float]]:
    """Latencies of every call, by twin, from one client process per twin, all calling for
    SECONDS from the same instant."""
    spawn = multiprocessing.get_context("spawn")
    out = spawn.Queue()
    start_at = time.time() + 5  # once every process has imported its clients
    processes = [
        spawn.Process(target=_run, args=(twin, creds, start_at, SECONDS, out)) for twin in twins
    ]
    for process in processes:
        process.start()
    latencies = dict(out.get() for _ in processes)
    for process in processes:
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
        print(f"{SECONDS:.0f} s per run, {CLIENTS} Slack clients; load average {load_average()}")
        print(f"{'run':<28}{'twin':<7}{'calls':>8}{'p50 ms':>10}{'p99 ms':>10}")
        runs = (("Slack alone", ("slack",)), (f"with {CLIENTS} Jira clients", ("slack", "jira")))
        for title, twins in runs:
            latencies = load(creds, twins)
            for twin in twins:
                print(f"{title:<28}{twin:<7}{summary(latencies[twin])}")
        print(f"load average {load_average()}")


def load_average() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


if __name__ == "__main__":
    main()
