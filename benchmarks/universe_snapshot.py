"""Snapshot, restore and fork of a seeded universe, timed against copying a bare SQLite database.

The baseline is SQLite's backup API copying a database of the same size into memory in the same
run, so the ratios say what the universe adds on top of the copy itself.
"""

from __future__ import annotations

import sqlite3
import statistics
import time

from darkfactory.twins.kit.universe import Universe

ROUNDS = 50


def timed(fn, rounds: int = ROUNDS) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    universe = Universe(
        seed=1, fixtures={"slack": {"users": 200, "channels": 40, "messages": 2000}}
    )
    snap = universe.snapshot()
    bare = universe.store.dump()

    def bare_copy() -> None:
        target = sqlite3.connect(":memory:")
        bare.backup(target)
        target.close()

    def fork() -> None:
        universe.fork(snap).close()

    baseline = timed(bare_copy)
    size = universe.store.scalar(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    )
    messages = universe.store.scalar("SELECT COUNT(*) FROM slack_messages")
    print(f"universe: {size / 1024:.0f} KiB, {messages} messages")
    print(f"bare sqlite copy   {baseline:7.2f} ms  (baseline)")
    for name, fn in (
        ("snapshot", universe.snapshot),
        ("restore", lambda: universe.restore(snap)),
        ("fork", fork),
    ):
        ms = timed(fn)
        print(f"{name:<18} {ms:7.2f} ms  ratio {ms / baseline:5.1f}x")


if __name__ == "__main__":
    main()
