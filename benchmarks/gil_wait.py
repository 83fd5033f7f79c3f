"""What a reader thread busy in Python costs the event loop: the wall time of one SQLite statement
on one thread, alone, while another thread runs Python, and while another process does (of the
same priority, then of a lower one), at several switch intervals.

SQLite lets go of the interpreter for every statement, and a thread that wants it back waits
until the one holding it is told to switch; the universe sets that interval to 0.5 ms once a
reader thread runs (``darkfactory.twins.kit.readers``).

    python benchmarks/gil_wait.py
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import statistics
import sys
import threading
import time

STATEMENTS = 2000
# About 0.3 ms inside SQLite: long enough for a waiting thread to wake and take the interpreter
# while it runs.
STATEMENT = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000) "
    "SELECT count(*) FROM n"
)
INTERVALS = (0.005, 0.0005, 0.0001)
NICE = 10


def statement_times(conn: sqlite3.Connection) -> str:
    times = []
    for _ in range(STATEMENTS):
        started = time.perf_counter()
        conn.execute(STATEMENT).fetchone()
        times.append(time.perf_counter() - started)
    cuts = statistics.quantiles(times, n=100)
    return (
        f"mean {statistics.mean(times) * 1e6:6.1f}  p50 {cuts[49] * 1e6:5.1f}"
        f"  p99 {cuts[98] * 1e6:6.1f} µs"
    )


def busy(done, niceness: int = 0) -> None:
    os.nice(niceness)
    while not done.is_set():
        sum(range(1000))


def beside(conn: sqlite3.Connection, kind: str, niceness: int = 0) -> str:
    """The statements' times while a thread, or a process (``niceness`` lower in priority),
    runs Python."""
    context = multiprocessing.get_context("spawn")
    done = threading.Event() if kind == "thread" else context.Event()
    make = threading.Thread if kind == "thread" else context.Process
    other = make(target=busy, args=(done, niceness))
    other.start()
    time.sleep(0.05 if kind == "thread" else 1.0)  # a process first imports this module
    try:
        return statement_times(conn)
    finally:
        done.set()
        other.join()


def main() -> None:
    conn = sqlite3.connect(":memory:")
    for interval in INTERVALS:
        sys.setswitchinterval(interval)
        print(f"switch {interval * 1000:.1f} ms")
        print(f"  alone:                  {statement_times(conn)}")
        print(f"  beside a busy thread:   {beside(conn, 'thread')}")
        print(f"  beside a busy process:  {beside(conn, 'process')}")
        print(f"  the same at nice {NICE}:    {beside(conn, 'process', NICE)}")


if __name__ == "__main__":
    main()
