"""How fast turns go into the context store: through its Python API and over HTTP, against raw
SQLite inserts of the same rows.

The baseline writes each turn's rows (its blob, the turn, the context's new head) straight into
a file of the store's own schema, with the store's pragmas (WAL, ``synchronous = NORMAL``), one
transaction per turn, from rows encoded and hashed beforehand. Against it run
``ContextStore.append`` (one turn, one transaction), ``POST /v1/contexts/{id}/append`` (one turn
per request) and ``POST /v1/contexts/{id}/batch_append`` (BATCH turns per request, one
transaction), the HTTP ones served by uvicorn on loopback. Each round runs every way once, in
rotating order, on its own store file; the table gives each way's median rate over the rounds
and the median over the rounds of its rate over the baseline's in the same round, so that load
that comes and goes on a shared machine weighs on both (the bars: the Python API at 0.5 or more,
HTTP batches at 0.3 or more). The last row, raw inserts in one transaction per BATCH turns,
shows what batching alone gives SQLite.

    PYTHONPATH=src python benchmarks/context_append_throughput.py [TURNS_PER_ROUND] [ROUNDS]
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

import httpx

from darkfactory.context import ContextStore
from darkfactory.context.api import build_app
from darkfactory.context.encoding import canonical, packed
from darkfactory.context.store import INSERT_BLOB, SCHEMA
from darkfactory.twins.kit.server import serve_app

TURNS = int(sys.argv[1]) if len(sys.argv) > 1 else 500
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 21
BATCH = 100
SINGLE_HTTP_SHARE = 5  # the one-turn-per-request way writes a fifth as many turns per round
TYPE_ID = "darkfactory.llm.Call"


def payload(n: int) -> dict:
    """An LLM call's record, as the factory writes it, unique per turn."""
    return {
        "stage": "implement",
        "iteration": 1,
        "provider": "anthropic",
        "model": "claude-sonnet-4-5",
        "text": f"Answer {n}: the notes say hi, and the tests pass.",
        "tool_calls": [{"id": f"call_{n}", "name": "read_file", "arguments": {"path": "a.py"}}],
        "usage": {"input_tokens": 812 + n, "output_tokens": 64},
        "usd": 0.0034,
    }


class Raw:
    """The store's rows written with bare sqlite3."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.executescript(SCHEMA)
        self.conn.execute(
            "INSERT INTO contexts(context_id, head_turn_id, head_depth, created_at_ms)"
            " VALUES (1, 0, 0, 0)"
        )
        self.head, self.depth = 0, 0

    def write(self, blobs: list[tuple], per_transaction: int) -> None:
        for start in range(0, len(blobs), per_transaction):
            self.conn.execute("BEGIN IMMEDIATE")
            for blob in blobs[start : start + per_transaction]:
                self.conn.execute(INSERT_BLOB, blob)
                self.depth += 1
                self.head = self.conn.execute(
                    "INSERT INTO turns(parent_turn_id, depth, type_id, type_version, content_hash,"
                    " created_at_ms, context_id) VALUES (?, ?, ?, 1, ?, ?, 1)",
                    (self.head, self.depth, TYPE_ID, blob[0], int(time.time() * 1000)),
                ).lastrowid
            self.conn.execute(
                "UPDATE contexts SET head_turn_id = ?, head_depth = ? WHERE context_id = 1",
                (self.head, self.depth),
            )
            self.conn.execute("COMMIT")


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        raw, raw_batched = Raw(Path(work, "raw.sqlite")), Raw(Path(work, "batched.sqlite"))
        store = ContextStore(Path(work, "api.sqlite"))
        python_ctx = store.create_context().context_id
        served = ContextStore(Path(work, "http.sqlite"))
        base, server = serve_app(build_app(served))
        http = httpx.Client(base_url=base, timeout=60)
        single_ctx = http.post("/v1/contexts/create", json={}).json()["context_id"]
        batch_ctx = http.post("/v1/contexts/create", json={}).json()["context_id"]
        counter = iter(range(10**9))

        def rows(count: int) -> list[dict]:
            return [payload(next(counter)) for _ in range(count)]

        def raw_way(batch: int) -> Callable[[], tuple[int, float]]:
            def run() -> tuple[int, float]:
                blobs = [packed(canonical(data)) for data in rows(TURNS)]
                started = time.perf_counter()
                (raw if batch == 1 else raw_batched).write(blobs, batch)
                return TURNS, time.perf_counter() - started

            return run

        def python_api() -> tuple[int, float]:
            turns = rows(TURNS)
            started = time.perf_counter()
            for data in turns:
                store.append(python_ctx, TYPE_ID, 1, data)
            return TURNS, time.perf_counter() - started

        def http_single() -> tuple[int, float]:
            turns = rows(TURNS // SINGLE_HTTP_SHARE)
            started = time.perf_counter()
            for data in turns:
                body = {"type_id": TYPE_ID, "type_version": 1, "data": data}
                http.post(f"/v1/contexts/{single_ctx}/append", json=body).raise_for_status()
            return len(turns), time.perf_counter() - started

        def http_batched() -> tuple[int, float]:
            turns = rows(TURNS)
            started = time.perf_counter()
            for at in range(0, TURNS, BATCH):
                batch = [
                    {"type_id": TYPE_ID, "type_version": 1, "data": data}
                    for data in turns[at : at + BATCH]
                ]
                http.post(
                    f"/v1/contexts/{batch_ctx}/batch_append", json={"turns": batch}
                ).raise_for_status()
            return TURNS, time.perf_counter() - started

        ways = {
            "raw SQLite, a transaction per turn": raw_way(1),
            "Python API append": python_api,
            "HTTP append, a turn per request": http_single,
            f"HTTP batch_append, {BATCH} turns": http_batched,
            f"raw SQLite, {BATCH} turns a transaction": raw_way(BATCH),
        }
        rates: dict[str, list[float]] = {name: [] for name in ways}
        order = list(ways)
        for round_ in range(ROUNDS + 1):  # the first round warms up
            for name in order[round_ % len(order) :] + order[: round_ % len(order)]:
                count, seconds = ways[name]()
                if round_:
                    rates[name].append(count / seconds)
        server.should_exit = True
        http.close()
        baseline = rates[order[0]]
        print(f"{ROUNDS} rounds of {TURNS} turns each way; medians")
        print(f"{'':<40}{'turns/s':>10}{'ratio':>8}")
        for name in order:
            ratio = median(r / b for r, b in zip(rates[name], baseline, strict=True))
            print(f"{name:<40}{median(rates[name]):>10.0f}{ratio:>8.2f}")
        store.close()
        served.close()


if __name__ == "__main__":
    main()
