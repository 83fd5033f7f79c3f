"""SQLite storage for a universe: one connection, WAL, transactions, snapshots via the backup API.

Every twin keeps its state in tables of one database, so the whole universe can be snapshotted,
restored and forked as a unit. A file-backed store uses WAL with ``synchronous=NORMAL``: a commit is
in the WAL before the request is answered, so killing the process loses no acknowledged write.

Settings (``kit_settings``) are read on every request (the clock, id counters), so the store keeps
what it has read or written of them; ``generation`` counts the times the database changed under
the store's feet (a rollback, a restore, a wipe), and whatever else caches rows checks it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MEMORY = ":memory:"


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if path != MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 5000")
    return conn


class Store:
    """A universe's database. All access happens on the server's event-loop thread."""

    def __init__(self, path: str | Path = MEMORY) -> None:
        self.path = str(path)
        self.conn = _connect(self.path)
        self._depth = 0
        self._settings: dict[str, str | None] = {}  # key -> the JSON stored, None when absent
        self.generation = 0

    def changed_underneath(self) -> None:
        """Forget every cached row: the database now holds what no cache has seen."""
        self._settings.clear()
        self.generation += 1

    # -- schema ---------------------------------------------------------------------------------
    def ensure_schema(self, ddl: str) -> None:
        """Run idempotent DDL (``CREATE TABLE IF NOT EXISTS ...``)."""
        self.conn.executescript(ddl)

    # -- transactions ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """A write transaction; nested uses join the outer one. Rolls back on any exception."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            self.changed_underneath()
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    # -- queries --------------------------------------------------------------------------------
    def execute(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def insert(self, table: str, row: dict[str, Any]) -> sqlite3.Cursor:
        """``INSERT INTO table(<keys>) VALUES (<values>)`` for one row given as a dict."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        return self.conn.execute(
            f"INSERT INTO {table}({columns}) VALUES ({marks})", tuple(row.values())
        )

    def scalar(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # -- key/value settings (clock, counters, flags) ----------------------------------------------
    def setting(self, key: str, default: Any = None) -> Any:
        if key in self._settings:
            raw = self._settings[key]
        else:
            raw = self.scalar("SELECT value FROM kit_settings WHERE key = ?", (key,))
            self._settings[key] = raw
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        raw = json.dumps(value)
        self.execute(
            "INSERT INTO kit_settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, raw),
        )
        self._settings[key] = raw

    # -- whole-database copies -----------------------------------------------------------------
    def dump(self) -> sqlite3.Connection:
        """Copy the whole database into a new in-memory connection (a snapshot)."""
        copy = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
        self.conn.backup(copy)
        return copy

    def load(self, snapshot: sqlite3.Connection) -> None:
        """Replace the whole database with a snapshot's contents."""
        snapshot.backup(self.conn)
        self.changed_underneath()

    def wipe(self) -> None:
        """Drop every table, leaving an empty database."""
        names = [r[0] for r in self.all("SELECT name FROM sqlite_master WHERE type = 'table'")]
        self.conn.execute("PRAGMA foreign_keys = OFF")
        for name in names:
            if not name.startswith("sqlite_"):
                self.conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.changed_underneath()

    def close(self) -> None:
        self.conn.close()


def write_snapshot_file(snapshot: sqlite3.Connection, path: Path) -> None:
    """Persist a snapshot to ``path`` atomically (temp file, then rename)."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    snapshot.backup(target)
    target.close()
    tmp.replace(path)


def snapshot_to_bytes(snapshot: sqlite3.Connection) -> bytes:
    """A snapshot as the bytes of its database file, to ship it to another process or machine."""
    return snapshot.serialize()


def snapshot_from_bytes(data: bytes) -> sqlite3.Connection:
    """A snapshot from ``snapshot_to_bytes``'s bytes, as an in-memory connection."""
    copy = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
    copy.deserialize(data)
    return copy


def read_snapshot_file(path: Path) -> sqlite3.Connection:
    source = sqlite3.connect(path)
    copy = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
    source.backup(copy)
    source.close()
    return copy
