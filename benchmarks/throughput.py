"""What the throughput benchmarks share: calls per second after a warm-up, the table that sets
the same SDK call against a twin and against a bare endpoint, measured in the same run, and the
bare endpoint's answer, which replays the twin's whole answer, headers and body.

The twin and the bare endpoint take turns, a block of calls each, so that load from elsewhere on
the machine weighs on both sides of a ratio alike."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from starlette.responses import Response

WARM_UP = 20
BLOCKS = 10
SERVED_BY_UVICORN = frozenset({"server", "date", "content-length"})  # written whatever the app says


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
) -> tuple[float, float]:
    """Calls per second of ``twin`` and of ``bare``, measured in alternating blocks."""
    spent = {twin: 0.0, bare: 0.0}
    block = max(1, calls // BLOCKS)
    for fn in (bare, twin):
        for _ in range(WARM_UP):
            fn()
    for _ in range(BLOCKS):
        for fn in (bare, twin):
            started = time.perf_counter()
            for _ in range(block):
                fn()
            spent[fn] += time.perf_counter() - started
    return block * BLOCKS / spent[twin], block * BLOCKS / spent[bare]


def compare(
    title: str, pairs: dict[str, tuple[Callable[[], object], Callable[[], object]]], calls: int
) -> None:
    """Print twin vs bare calls per second and their ratio for each ``name: (twin, bare)``."""
    width = max(len(title), *map(len, pairs)) + 2
    print(f"{calls} calls each")
    print(f"{title:<{width}}{'twin calls/s':>14}{'bare calls/s':>14}{'ratio':>8}")
    for name, (twin, bare) in pairs.items():
        measured, baseline = rates(twin, bare, calls)
        print(f"{name:<{width}}{measured:>14.0f}{baseline:>14.0f}{measured / baseline:>8.2f}")
