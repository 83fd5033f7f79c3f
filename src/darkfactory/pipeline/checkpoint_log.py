"""The checkpoint as an append-only SQLite log: one row, one statement per node, constant cost.

Each node appends one row: what changed (its outcome, the context keys it set, its log lines) and
the head as it now stands (current and next node, status, retry counters); the last row's head is
the checkpoint's. The database runs in WAL mode with `synchronous=NORMAL`: a commit reaches the
operating system without an fsync, so a killed process (`kill -9`) loses nothing, while a machine
crash may lose the last nodes' commits (never the database's consistency).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FILE_NAME = "checkpoint.db"

HEAD = ("timestamp", "current_node", "next_node", "status", "reason", "node_retries")
SCHEMA = f"""
BEGIN;
DROP TABLE IF EXISTS steps;
CREATE TABLE steps (seq INTEGER PRIMARY KEY, step TEXT, {", ".join(f"{c} TEXT" for c in HEAD)});
COMMIT;
"""
INSERT = f"INSERT INTO steps (step, {', '.join(HEAD)}) VALUES (?{', ?' * len(HEAD)})"


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


class CheckpointLog:
    """The writer of one run directory's log, which it starts empty. A step is one row: in JSON,
    the nodes completed since the last step with their outcomes, the context keys set, and the
    new log lines; beside it, the head's columns."""

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
        """Commit one step with the new head: one row, one statement (its own transaction)."""
        completed = list(completed)
        step = json.dumps({"completed": completed, "context": context, "logs": logs}, default=str)
        retries = json.dumps(head["node_retries"])
        row = (step, *(head[c] for c in HEAD[:-1]), retries)
        self._db.execute(INSERT, row)
        self.completed_count += len(completed)
        self.log_count += len(logs)

    def close(self) -> None:
        self._db.close()


def read_log(path: Path) -> dict[str, Any] | None:
    """The checkpoint document (the keys of `checkpoint.json`) the log at `path` holds, its
    steps replayed from one consistent snapshot (one SELECT); None when it has no step yet."""
    db = _connect(path)
    try:
        rows = db.execute(f"SELECT step, {', '.join(HEAD)} FROM steps ORDER BY seq").fetchall()
    except sqlite3.OperationalError:  # a log whose table is not created yet
        return None
    finally:
        db.close()
    if not rows:
        return None
    completed: list[list] = []
    context: dict[str, Any] = {}
    logs: list[str] = []
    for text, *_ in rows:
        step = json.loads(text)
        completed.extend(step["completed"])
        context.update(step["context"])
        logs.extend(step["logs"])
    timestamp, current, next_node, status, reason, retries = rows[-1][1:]
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
