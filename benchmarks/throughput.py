"""What the throughput benchmarks share: calls per second after a warm-up, the table that sets
the same SDK call against a twin and against a bare endpoint, measured in the same run, and the
bare endpoint's answer, which replays the twin's whole answer, headers and body.

The twin and the bare endpoint take turns, a block of calls each, so that load from elsewhere on
the machine weighs on both sides of a ratio alike; the ratio printed is the median of the ratios of
neighbouring blocks, so that a block slowed from elsewhere moves one of them, not the figure."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable, Mapping

from starlette.responses import Response

WARM_UP = 20
BLOCKS = 10
SERVED_BY_UVICORN = frozenset({"server", "date", "content-length"})  # written whatever the app says


async def post_in_process(
    app: Callable, path: str, headers: list[tuple[bytes, bytes]], body: bytes
) -> tuple[int, bytes]:
    """POST ``body`` to ``path`` with ``headers`` straight into the ASGI ``app`` (no socket, no
    server), and return the answer's status and body: what the CPU benchmarks time is the app's
    own work."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 9),
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    status, sent = [], []

    async def receive() -> dict:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client never disconnects

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        else:
            sent.append(message.get("body", b""))

    await app(scope, receive, send)
    return status[0], b"".join(sent)


def replayed(body: bytes, headers: Mapping[str, str]) -> Response:
    """A bare endpoint's answer replaying a twin's: its body and its headers (the vendor's own:
    request ids, rate limits, granted scopes), so that the baseline sends and the client reads
    all that the twin's answer carries, and the ratio counts only what the twin does."""
    kept = {name: value for name, value in headers.items() if name.lower() not in SERVED_BY_UVICORN}
    return Response(body, headers=kept)


def rate(fn: Callable[[], object], calls: int) -> float:
    """Calls of ``fn`` per second, after a warm-up."""
    for _ in range(WARM_UP):
        fn()
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return calls / (time.perf_counter() - started)


def rates(
    twin: Callable[[], object], bare: Callable[[], object], calls: int
) -> tuple[float, float, float]:
    """Calls per second of ``twin`` and of ``bare``, measured in alternating blocks, and the
    median over the blocks of twin's rate to bare's in each pair of neighbouring blocks: a block
    that some other process on the machine slowed moves one pair's ratio, not the whole figure."""
    spent = {twin: 0.0, bare: 0.0}
    ratios = []
    block = max(1, calls // BLOCKS)
    for fn in (bare, twin):
        for _ in range(WARM_UP):
            fn()
    for _ in range(BLOCKS):
        took = {}
        for fn in (bare, twin):
            started = time.perf_counter()
            for _ in range(block):
                fn()
            took[fn] = time.perf_counter() - started
            spent[fn] += took[fn]
        ratios.append(took[bare] / took[twin])
    return block * BLOCKS / spent[twin], block * BLOCKS / spent[bare], statistics.median(ratios)


def compare(
    title: str, pairs: dict[str, tuple[Callable[[], object], Callable[[], object]]], calls: int
) -> None:
    """Print twin vs bare calls per second and their ratio for each ``name: (twin, bare)``."""
    width = max(len(title), *map(len, pairs)) + 2
    print(f"{calls} calls each")
    print(f"{title:<{width}}{'twin calls/s':>14}{'bare calls/s':>14}{'ratio':>8}")
    for name, (twin, bare) in pairs.items():
        measured, baseline, ratio = rates(twin, bare, calls)
        print(f"{name:<{width}}{measured:>14.0f}{baseline:>14.0f}{ratio:>8.2f}")
