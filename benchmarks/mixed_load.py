"""Slack's latency while Jira is busy: 50 Jira clients searching and 50 Slack clients reading
history at once, against one universe; the target is a Slack p99 under 100 ms.

The clients run as asyncio tasks in processes of their own, one for Slack's and one for Jira's,
apart from the server's (so that neither the clients' work nor Jira's clients' work holds the
interpreter that serves, or that times, Slack's calls): Slack's through slack_sdk's
AsyncWebClient, Jira's as the ``search/jql`` GET the jira client sends. Every client keeps its
own connection (an aiohttp session, which slack_sdk takes as ``session``), so that on two cores
the clients' own work stays small beside the server's. Both processes start calling at the same
instant, and each client calls in a loop for the run's length. Runs with the Slack clients
alone, then the Jira clients alone, give the baseline for the same figures.

Each run also prints the CPU seconds each client process spent calling, and those of the
server's event loop and of its reader threads: where the machine's time went, and (in the runs
of one twin alone) what one call costs each of them.

    PYTHONPATH=src python benchmarks/mixed_load.py [SECONDS]
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
CLIENTS = 50
T = TypeVar("T")
JQL = "project = DEMO AND status != Done ORDER BY priority DESC, key ASC"


async def _slack_clients(slack: dict, seconds: float) -> list[float]:
    latencies: list[float] = []
    listing = await AsyncWebClient(
        token=slack["bot_token"], base_url=slack["api_url"]
    ).conversations_list()
    general = next(c["id"] for c in listing["channels"] if c["is_general"])
    stop = time.perf_counter() + seconds

    async def client() -> None:
        async with aiohttp.ClientSession() as session:
            client = AsyncWebClient(
                token=slack["bot_token"], base_url=slack["api_url"], session=session
            )
            while time.perf_counter() < stop:
                started = time.perf_counter()
                await client.conversations_history(channel=general, limit=20)
                latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return latencies


async def _jira_clients(jira: dict, seconds: float) -> list[float]:
    latencies: list[float] = []
    auth = aiohttp.BasicAuth(jira["email"], jira["api_token"])
    url = f"{jira['url']}/rest/api/3/search/jql"
    stop = time.perf_counter() + seconds

    async def client() -> None:
        async with aiohttp.ClientSession(auth=auth, raise_for_status=True) as http:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                async with http.get(url, params={"jql": JQL}) as answer:
                    await answer.read()
                latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return latencies


CLIENTS_OF = {"slack": _slack_clients, "jira": _jira_clients}


def _run(twin: str, creds: dict, start_at: float, seconds: float, out) -> None:
    time.sleep(max(0.0, start_at - time.time()))
    cpu = time.process_time()
    latencies = asyncio.run(CLIENTS_OF[twin](creds[twin], seconds))
    out.put((twin, latencies, time.process_time() - cpu))


def load(creds: dict, twins: tuple[str, ...]) -> dict[str, tuple[list[float], float]]:
    """Latencies of every call, by twin, from one client process per twin, all calling for
    SECONDS from the same instant, and the CPU seconds each client process spent calling."""
    spawn = multiprocessing.get_context("spawn")
    out = spawn.Queue()
    start_at = time.time() + 5  # once every process has imported its clients
    processes = [
        spawn.Process(target=_run, args=(twin, creds, start_at, SECONDS, out)) for twin in twins
    ]
    for process in processes:
        process.start()
    answers = [out.get() for _ in processes]
    for process in processes:
        process.join()
    return {twin: (latencies, cpu) for twin, latencies, cpu in answers}


def thread_cpu() -> dict[str, float]:
    """CPU seconds so far of each of this process's threads, by name (a twin's readers as
    ``reads``): the server's loop among them."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds: dict[str, float] = {}
    for thread in threading.enumerate():
        try:
            with open(f"/proc/self/task/{thread.native_id}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, TypeError):
            continue
        name = "reads" if thread.name.startswith("reads") else thread.name.split(":")[0]
        seconds[name] = seconds.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return seconds


def server_cpu(run: Callable[[], T]) -> tuple[T, str]:
    """``run()``'s result, and the CPU seconds the server's event loop and its reader threads
    spent meanwhile."""
    before = thread_cpu()
    result = run()
    after = thread_cpu()
    spent = {name: seconds - before.get(name, 0.0) for name, seconds in after.items()}
    return result, f"loop {spent.get('universe', 0.0):.1f}, readers {spent.get('reads', 0.0):.1f}"


def summary(latencies: list[float]) -> str:
    if not latencies:
        return f"{0:>8}{'-':>10}{'-':>10}"
    cuts = statistics.quantiles(latencies, n=100)
    return f"{len(latencies):>8}{cuts[49] * 1000:>10.1f}{cuts[98] * 1000:>10.1f}"


def main() -> None:
    with UniverseServer(Universe(seed=1, twins=["slack", "jira"])) as server:
        creds = server.universe.credentials()
        print(f"{SECONDS:.0f} s per run, {CLIENTS} clients a twin; load average {load_average()}")
        print(f"{'run':<28}{'twin':<7}{'calls':>8}{'p50 ms':>10}{'p99 ms':>10}{'client CPU s':>14}")
        runs = (
            ("Slack alone", ("slack",)),
            ("Jira alone", ("jira",)),
            (f"with {CLIENTS} Jira clients", ("slack", "jira")),
        )
        for title, twins in runs:
            answers, cpu = server_cpu(functools.partial(load, creds, twins))
            for twin in twins:
                latencies, client_cpu = answers[twin]
                print(f"{title:<28}{twin:<7}{summary(latencies)}{client_cpu:>14.1f}")
            print(f"{'':<35}server CPU s: {cpu}")
        print(f"load average {load_average()}")


def load_average() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


if __name__ == "__main__":
    main()
