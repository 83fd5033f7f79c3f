"""The checkpoint as an append-only SQLite log: one small transaction per node, constant cost.

Each node appends one row of what changed (its outcome, the context keys it set, its log lines)
and rewrites the one-row head (current and next node, status, retry counters). The database runs
in WAL mode with `synchronous=NORMAL`: a commit reaches the operating system without an fsync, so
a killed process (`kill -9`) loses nothing, while a machine crash may lose the last nodes' commits
(never the database's consistency).
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
CREATE TABLE IF NOT EXISTS steps (seq INTEGER PRIMARY KEY, step TEXT);
DELETE FROM head;
DELETE FROM steps;
"""


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


class CheckpointLog:
    """The writer of one run directory's log, which it starts empty. A step is one JSON row:
    the nodes completed since the last step with their outcomes, the context keys set, and the
    new log lines."""

    def __init__(self, root: Path):
        root.mkdir(parents=True, exist_ok=True)
        self._db = _connect(root / FILE_NAME)
        self._db.executescript(SCHEMA)
        self.completed_count = 0
        self.log_count = 0

    def append(
        self,
        head: dict[str, Any],
        completed: Iterable[tuple[str, dict[str, Any]]],
        context: dict[str, Any],
        logs: list[str],
    ) -> None:
        """Commit one step and the new head in a single transaction."""
        completed = list(completed)
        step = json.dumps({"completed": completed, "context": context, "logs": logs}, default=str)
        head = {**head, "node_retries": json.dumps(head["node_retries"])}
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("INSERT INTO steps (step) VALUES (?)", (step,))
            self._db.execute(
                "INSERT OR REPLACE INTO head VALUES (1, :timestamp, :current_node, :next_node,"
                " :status, :reason, :node_retries)",
                head,
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        self.completed_count += len(completed)
        self.log_count += len(logs)

    def close(self) -> None:
        self._db.close()


def read_log(path: Path) -> dict[str, Any] | None:
    """The checkpoint document (the keys of `checkpoint.json`) the log at `path` holds, its
    steps replayed from one consistent snapshot; None when the log has no head yet."""
    db = _connect(path)
    try:
        db.execute("BEGIN")
        head = db.execute(
            "SELECT timestamp, current_node, next_node, status, reason, node_retries FROM head"
        ).fetchone()
        steps = db.execute("SELECT step FROM steps ORDER BY seq").fetchall() if head else []
        db.execute("COMMIT")
    except sqlite3.OperationalError:  # a log whose tables are not created yet
        return None
    finally:
        db.close()
    if head is None:
        return None
    completed: list[list] = []
    context: dict[str, Any] = {}
    logs: list[str] = []
    for (text,) in steps:
        step = json.loads(text)
        completed.extend(step["completed"])
        context.update(step["context"])
        logs.extend(step["logs"])
    timestamp, current, next_node, status, reason, retries = head
    return {
        "timestamp": timestamp,
        "current_node": current,
        "completed_nodes": [node for node, _ in completed],
        "node_retries": json.loads(retries),
        "context": context,
        "logs": logs,
        "next_node": next_node,
        "node_outcomes": {node: doc for node, doc in completed},
        "status": status,
        "reason": reason,
    }
