"""The checkpoint as an append-only SQLite log: one small transaction per node, constant cost.

Each node appends what changed (its outcome, the context keys it set, its log lines) and rewrites
the one-row head (current and next node, status, retry counters). The database runs in WAL mode
with `synchronous=NORMAL`: a commit reaches the operating system without an fsync, so a killed
process (`kill -9`) loses nothing, while a machine crash may lose the last nodes' commits (never
the database's consistency).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FILE_NAME = "checkpoint.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS head (
    id INTEGER PRIMARY KEY CHECK (id = 1), timestamp TEXT, current_node TEXT, next_node TEXT,
    status TEXT, reason TEXT, node_retries TEXT);
CREATE TABLE IF NOT EXISTS completed (seq INTEGER PRIMARY KEY, node TEXT, outcome TEXT);
CREATE TABLE IF NOT EXISTS context (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS logs (seq INTEGER PRIMARY KEY, entry TEXT);
"""
TABLES = ("head", "completed", "context", "logs")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _dumps(value: Any) -> str:
    return json.dumps(value, default=str)


class CheckpointLog:
    """The writer of one run directory's log; `fresh` empties a log left by an earlier run."""

    def __init__(self, root: Path, fresh: bool):
        root.mkdir(parents=True, exist_ok=True)
        self._db = _connect(root / FILE_NAME)
        self._db.executescript(SCHEMA)
        if fresh:
            with self._transaction():
                for table in TABLES:
                    self._db.execute(f"DELETE FROM {table}")
        self.completed_count = self._count("completed")
        self.log_count = self._count("logs")

    def _count(self, table: str) -> int:
        return self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def _transaction(self):
        return _Transaction(self._db)

    def append(
        self,
        head: dict[str, Any],
        completed: Iterable[tuple[str, dict[str, Any]]],
        context: dict[str, Any],
        logs: list[str],
    ) -> None:
        """Commit one node's changes and the new head in a single transaction."""
        rows = [(node, _dumps(doc)) for node, doc in completed]
        with self._transaction():
            self._db.executemany("INSERT INTO completed (node, outcome) VALUES (?, ?)", rows)
            self._db.executemany(
                "INSERT OR REPLACE INTO context (key, value) VALUES (?, ?)",
                [(key, _dumps(value)) for key, value in context.items()],
            )
            self._db.executemany("INSERT INTO logs (entry) VALUES (?)", [(e,) for e in logs])
            self._db.execute(
                "INSERT OR REPLACE INTO head VALUES (1, :timestamp, :current_node, :next_node,"
                " :status, :reason, :node_retries)",
                {**head, "node_retries": _dumps(head["node_retries"])},
            )
        self.completed_count += len(rows)
        self.log_count += len(logs)

    def close(self) -> None:
        self._db.close()


class _Transaction:
    """`BEGIN IMMEDIATE` ... `COMMIT`, or `ROLLBACK` when the body raises."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, error, trace) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def read_log(path: Path) -> dict[str, Any] | None:
    """The checkpoint document (the keys of `checkpoint.json`) the log at `path` holds, read in
    one consistent snapshot; None when the log has no head yet."""
    db = _connect(path)
    try:
        db.execute("BEGIN")
        head = db.execute(
            "SELECT timestamp, current_node, next_node, status, reason, node_retries FROM head"
        ).fetchone()
        if head is None:
            return None
        completed = db.execute("SELECT node, outcome FROM completed ORDER BY seq").fetchall()
        context = db.execute("SELECT key, value FROM context").fetchall()
        logs = db.execute("SELECT entry FROM logs ORDER BY seq").fetchall()
        db.execute("COMMIT")
    except sqlite3.OperationalError:  # a log whose tables are not created yet
        return None
    finally:
        db.close()
    timestamp, current, next_node, status, reason, retries = head
    return {
        "timestamp": timestamp,
        "current_node": current,
        "completed_nodes": [node for node, _ in completed],
        "node_retries": json.loads(retries),
        "context": {key: json.loads(value) for key, value in context},
        "logs": [entry for (entry,) in logs],
        "next_node": next_node,
        "node_outcomes": {node: json.loads(doc) for node, doc in completed},
        "status": status,
        "reason": reason,
    }
