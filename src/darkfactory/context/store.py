"""SQLite-backed turn DAG with a BLAKE3 content-addressed blob store."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import blake3

from darkfactory.context.encoding import COMPRESSION_ZLIB, canonical, packed
from darkfactory.context.registry import Registry

SCHEMA = """
CREATE TABLE IF NOT EXISTS blobs (
    hash TEXT PRIMARY KEY, compression INTEGER NOT NULL, raw_len INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    turn_id INTEGER PRIMARY KEY, parent_turn_id INTEGER NOT NULL, depth INTEGER NOT NULL,
    type_id TEXT NOT NULL, type_version INTEGER NOT NULL, content_hash TEXT NOT NULL
        REFERENCES blobs(hash), created_at_ms INTEGER NOT NULL, context_id INTEGER
);
CREATE INDEX IF NOT EXISTS turns_parent ON turns(parent_turn_id);
CREATE TABLE IF NOT EXISTS contexts (
    context_id INTEGER PRIMARY KEY, head_turn_id INTEGER NOT NULL, head_depth INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL, client_tag TEXT
);
CREATE TABLE IF NOT EXISTS registry_bundles (
    bundle_id TEXT PRIMARY KEY, body TEXT NOT NULL, published_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    context_id INTEGER NOT NULL, key TEXT NOT NULL, turn_id INTEGER NOT NULL,
    PRIMARY KEY (context_id, key)
);
"""
# Stores made before turns remembered their context, and contexts their client tag, gain them.
MIGRATIONS = (("turns", "context_id", "INTEGER"), ("contexts", "client_tag", "TEXT"))
CONTEXT_COLUMNS = "context_id, head_turn_id, head_depth, created_at_ms"
INDEXES = "CREATE INDEX IF NOT EXISTS turns_context ON turns(context_id, turn_id);"


class ContextNotFound(LookupError):
    pass


class TurnNotFound(LookupError):
    pass


class InvalidParent(ValueError):
    """The parent named for an append is not a turn of this store."""


@dataclass(frozen=True)
class NewTurn:
    """A turn to append: its declared type, payload, and optionally its parent (a turn of the
    store, or ``parent_index``: an earlier turn of the same batch) and a key that makes retrying
    the append safe."""

    type_id: str
    type_version: int
    data: Any
    parent_turn_id: int | None = None
    idempotency_key: str | None = None
    parent_index: int | None = None


@dataclass(frozen=True)
class Context:
    context_id: int
    head_turn_id: int
    head_depth: int
    created_at_ms: int

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["context_id"], data["head_turn_id"] = str(self.context_id), str(self.head_turn_id)
        return data


@dataclass(frozen=True)
class Turn:
    turn_id: int
    parent_turn_id: int
    depth: int
    type_id: str
    type_version: int
    content_hash: str
    created_at_ms: int
    data: Any = None
    context_id: int | None = None  # the context it was appended through

    def as_dict(self) -> dict[str, Any]:
        return {
            "turn_id": str(self.turn_id),
            "parent_turn_id": str(self.parent_turn_id),
            "depth": self.depth,
            "declared_type": {"type_id": self.type_id, "type_version": self.type_version},
            "content_hash_b3": self.content_hash,
            "created_at_ms": self.created_at_ms,
            "data": self.data,
        }


class ContextStore(Registry):
    """Turns, blobs, context heads and the type registry in one SQLite file (WAL); safe across
    threads."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.executescript(SCHEMA)
        for table, column, kind in MIGRATIONS:
            names = {row["name"] for row in self._conn.execute(f"PRAGMA table_info({table})")}
            if column not in names:
                self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        self._conn.executescript(INDEXES)
        self._lock = threading.RLock()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # -- blobs ------------------------------------------------------------------------------------
    def put_blob(self, raw: bytes) -> str:
        """Store bytes once under their BLAKE3 hash; returns the hex hash."""
        blob = packed(raw)
        with self._write() as conn:
            conn.execute(INSERT_BLOB, blob)
        return blob[0]

    def get_blob(self, digest: str) -> bytes:
        with self._lock:
            row = self._conn.execute("SELECT * FROM blobs WHERE hash = ?", (digest,)).fetchone()
        if row is None:
            raise KeyError(digest)
        raw = (
            zlib.decompress(row["data"])
            if row["compression"] == COMPRESSION_ZLIB
            else bytes(row["data"])
        )
        if blake3.blake3(raw).hexdigest() != digest:
            raise ValueError(f"blob {digest} is corrupt")
        return raw

    # -- contexts ---------------------------------------------------------------------------------
    def create_context(self, base_turn_id: int = 0) -> Context:
        """A new context whose head is ``base_turn_id`` (0: empty)."""
        with self._write() as conn:
            depth = self._depth(conn, base_turn_id)
            now = _now_ms()
            cur = conn.execute(
                "INSERT INTO contexts(head_turn_id, head_depth, created_at_ms) VALUES (?, ?, ?)",
                (base_turn_id, depth, now),
            )
            return Context(cur.lastrowid, base_turn_id, depth, now)

    fork = create_context

    def context(self, context_id: int) -> Context:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {CONTEXT_COLUMNS} FROM contexts WHERE context_id = ?", (context_id,)
            ).fetchone()
        if row is None:
            raise ContextNotFound(context_id)
        return Context(*row)

    def contexts(
        self, limit: int = 100, offset: int = 0, tag: str | None = None
    ) -> tuple[list[Context], int]:
        """A page of contexts, newest first, and how many there are; with ``tag``, only those
        whose metadata carries that client tag."""
        where, args = "", ()
        if tag is not None:
            where, args = "WHERE client_tag = ?", (tag,)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {CONTEXT_COLUMNS} FROM contexts "
                f"{where} ORDER BY created_at_ms DESC, context_id DESC LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
            total = self._conn.execute(f"SELECT COUNT(*) FROM contexts {where}", args).fetchone()
        return [Context(*row) for row in rows], total[0]

    def first_turn_id(self, context_id: int) -> int | None:
        """The first turn appended through the context (not one it was forked from)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT MIN(turn_id) FROM turns WHERE context_id = ?", (context_id,)
            ).fetchone()
        return row[0]

    def metadata(self, context_id: int) -> dict[str, Any]:
        """The ``context_metadata`` object of the first turn appended through the context
        (cxdb's client tag, title, labels and provenance), or ``{}``."""
        first = self.first_turn_id(context_id)
        data = self.turn(first).data if first is not None else None
        meta = data.get("context_metadata") if isinstance(data, dict) else None
        return meta if isinstance(meta, dict) else {}

    def high_water(self) -> tuple[int, int]:
        """The newest context id and turn id (0 when there is none)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT (SELECT IFNULL(MAX(context_id), 0) FROM contexts),"
                " (SELECT IFNULL(MAX(turn_id), 0) FROM turns)"
            ).fetchone()
        return row[0], row[1]

    def since(self, context_id: int, turn_id: int) -> tuple[list[Context], list[Turn]]:
        """Contexts and turns made after the given ids, oldest first: what a watcher has not
        seen yet."""
        with self._lock:
            contexts = self._conn.execute(
                f"SELECT {CONTEXT_COLUMNS} FROM contexts WHERE context_id > ? ORDER BY context_id",
                (context_id,),
            ).fetchall()
            turns = self._conn.execute(
                "SELECT * FROM turns WHERE turn_id > ? ORDER BY turn_id", (turn_id,)
            ).fetchall()
        return [Context(*row) for row in contexts], [Turn(**dict(row)) for row in turns]

    def stats(self) -> dict[str, Any]:
        """Counts of contexts, turns and blobs, the bytes the store takes, and the share of
        turns whose payload was already stored."""
        with self._lock:
            count = {
                table: self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("contexts", "turns", "blobs")
            }
            pages = self._conn.execute("PRAGMA page_count").fetchone()[0]
            page_size = self._conn.execute("PRAGMA page_size").fetchone()[0]
        turns = count["turns"]
        shared = (turns - count["blobs"]) / turns if turns and turns > count["blobs"] else 0.0
        return {**count, "storage_bytes": pages * page_size, "dedup_hit_rate": round(shared, 4)}

    # -- turns ------------------------------------------------------------------------------------
    def append(
        self,
        context_id: int,
        type_id: str,
        type_version: int,
        data: Any,
        parent_turn_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> Turn:
        """Append a turn under the context's head (or ``parent_turn_id``) and move the head."""
        new = NewTurn(type_id, type_version, data, parent_turn_id, idempotency_key)
        return self.append_many(context_id, [new])[0]

    def append_many(self, context_id: int, turns: list[NewTurn]) -> list[Turn]:
        """Append turns in order, in one transaction: all of them or none. Each turn without a
        parent goes under the head as the turns before it left it. Payloads are encoded and
        hashed before the store is locked."""
        blobs = []
        for new in turns:
            if not new.type_id:
                raise ValueError("type_id is required")
            if new.parent_index is not None and not 0 <= new.parent_index < len(blobs):
                raise ValueError("parent_index must name an earlier turn of the batch")
            blobs.append(packed(canonical(new.data)))
        appended: list[Turn] = []
        with self._write() as conn:
            head = conn.execute(
                "SELECT head_turn_id, head_depth FROM contexts WHERE context_id = ?", (context_id,)
            ).fetchone()
            if head is None:
                raise ContextNotFound(context_id)
            head_id, head_depth = head
            conn.executemany(INSERT_BLOB, blobs)
            for new, blob in zip(turns, blobs, strict=True):
                turn = self._known(conn, context_id, new.idempotency_key)
                if turn is None:
                    parent = new.parent_turn_id
                    if new.parent_index is not None:
                        parent = appended[new.parent_index].turn_id
                    elif parent is None:
                        parent = head_id
                    depth = (head_depth if parent == head_id else self._depth(conn, parent)) + 1
                    now = _now_ms()
                    version = int(new.type_version)
                    cur = conn.execute(
                        "INSERT INTO turns(parent_turn_id, depth, type_id, type_version,"
                        " content_hash, created_at_ms, context_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (parent, depth, new.type_id, version, blob[0], now, context_id),
                    )
                    turn = Turn(
                        cur.lastrowid,
                        parent,
                        depth,
                        new.type_id,
                        version,
                        blob[0],
                        now,
                        new.data,
                        context_id,
                    )
                    head_id, head_depth = turn.turn_id, depth
                    self._tag(conn, turn)
                    if new.idempotency_key:
                        conn.execute(
                            "INSERT INTO idempotency(context_id, key, turn_id) VALUES (?, ?, ?)",
                            (context_id, new.idempotency_key, turn.turn_id),
                        )
                appended.append(turn)
            conn.execute(
                "UPDATE contexts SET head_turn_id = ?, head_depth = ? WHERE context_id = ?",
                (head_id, head_depth, context_id),
            )
        return appended

    def _tag(self, conn: sqlite3.Connection, turn: Turn) -> None:
        """Keep the client tag of a context's first turn's ``context_metadata`` on the context."""
        meta = turn.data.get("context_metadata") if isinstance(turn.data, dict) else None
        tag = meta.get("client_tag") if isinstance(meta, dict) else None
        if (
            isinstance(tag, str)
            and not conn.execute(
                "SELECT 1 FROM turns WHERE context_id = ? AND turn_id < ?",
                (turn.context_id, turn.turn_id),
            ).fetchone()
        ):
            conn.execute(
                "UPDATE contexts SET client_tag = ? WHERE context_id = ?", (tag, turn.context_id)
            )

    def _known(self, conn: sqlite3.Connection, context_id: int, key: str | None) -> Turn | None:
        """The turn an earlier append with the same idempotency key made, if any."""
        if not key:
            return None
        seen = conn.execute(
            "SELECT turn_id FROM idempotency WHERE context_id = ? AND key = ?", (context_id, key)
        ).fetchone()
        return self._turn(conn, seen["turn_id"], with_data=True) if seen else None

    def turn(self, turn_id: int) -> Turn:
        with self._lock:
            return self._turn(self._conn, turn_id, with_data=True)

    def turns(
        self, context_id: int, limit: int = 64, before_turn_id: int | None = None
    ) -> list[Turn]:
        """The context's history walking back from its head (or before a turn), oldest first."""
        start = self.context(context_id).head_turn_id
        with self._lock:
            if before_turn_id is not None:
                start = self._turn(self._conn, before_turn_id).parent_turn_id
            chain = self._conn.execute(
                "WITH RECURSIVE chain(turn_id, n) AS (SELECT ?, 0 UNION ALL "
                "SELECT t.parent_turn_id, n + 1 FROM turns t JOIN chain c ON t.turn_id = "
                "c.turn_id WHERE t.parent_turn_id != 0 AND n + 1 < ?) "
                "SELECT turn_id FROM chain WHERE turn_id != 0",
                (start, limit),
            ).fetchall()
            return [self._turn(self._conn, r["turn_id"], with_data=True) for r in reversed(chain)]

    def children(self, turn_id: int) -> list[Turn]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT turn_id FROM turns WHERE parent_turn_id = ? ORDER BY turn_id", (turn_id,)
            ).fetchall()
            return [self._turn(self._conn, r["turn_id"]) for r in rows]

    def _turn(self, conn: sqlite3.Connection, turn_id: int, with_data: bool = False) -> Turn:
        row = conn.execute("SELECT * FROM turns WHERE turn_id = ?", (turn_id,)).fetchone()
        if row is None:
            raise TurnNotFound(turn_id)
        data = json.loads(self.get_blob(row["content_hash"])) if with_data else None
        return Turn(**dict(row), data=data)

    def _depth(self, conn: sqlite3.Connection, turn_id: int) -> int:
        if turn_id == 0:
            return 0
        row = conn.execute("SELECT depth FROM turns WHERE turn_id = ?", (turn_id,)).fetchone()
        if row is None:
            raise InvalidParent(f"no turn {turn_id}")
        return row["depth"]


INSERT_BLOB = "INSERT OR IGNORE INTO blobs(hash, compression, raw_len, data) VALUES (?, ?, ?, ?)"


def _now_ms() -> int:
    return int(time.time() * 1000)
