"""Watching the SQL a served universe runs: statements per call, and their query plans."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

READS = re.compile(r"^\s*(SELECT|WITH)\b", re.IGNORECASE)
NAMED = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.IGNORECASE)


@contextlib.contextmanager
def statements(universe) -> Iterator[list[str]]:
    """The statements (parameters filled in) the universe's store runs inside the block, on its
    writer and on its readers."""
    ran: list[str] = []
    store = universe.universe.store
    universe.call(store.trace, ran.append)
    try:
        yield ran
    finally:
        universe.call(store.trace, None)


def full_scans(universe, sql: list[str], tables: set[str]) -> dict[str, list[str]]:
    """For each SELECT among ``sql`` that reads all of one of ``tables`` (a ``SCAN`` of it, in
    its own order or an index's) rather than searching an index, its query plan; an empty dict
    when every read of those tables searches an index."""
    found = {}
    for statement in sql:
        if not READS.match(statement):
            continue
        plan = query_plan(universe, statement)
        names = {}
        for table, alias in NAMED.findall(statement):
            names[table] = names[alias or table] = table
        scans = [
            step
            for step in plan
            if (m := re.match(r"SCAN (\w+)", step)) and names.get(m.group(1)) in tables
        ]
        if scans:
            found[statement] = plan
    return found


def query_plan(universe, statement: str) -> list[str]:
    """The steps of ``statement``'s plan in the universe's store (``SEARCH t USING ...``)."""
    conn = universe.universe.store.conn
    return [row[3] for row in universe.call(_plan, conn, statement)]


def _plan(conn, statement: str) -> list:
    return conn.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
