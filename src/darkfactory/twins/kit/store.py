"""SQLite storage for a universe: one writer connection, readers on worker threads, snapshots.

Every twin keeps its state in tables of one database, so the whole universe can be snapshotted,
restored and forked as a unit. The database is always a file in WAL mode with
``synchronous=NORMAL``: a commit is in the WAL before the request is answered, so killing the
process loses no acknowledged write. An in-memory universe (``:memory:``) keeps its file in
shared memory (``/dev/shm`` where there is one), private to the process and removed on close.

Writes happen on one connection, on the server's event-loop thread. A read-only operation may run
on a worker thread instead (``reading``): that thread has its own connection, which cannot write,
and reads one committed snapshot for the length of the operation, whatever the writer does
meanwhile. Since nothing else writes the file (the caches below rely on that too), a transaction
begins deferred: it takes the write lock at its first write, which no other connection can hold,
and one that only reads (a read-only operation's checks on the event loop) never takes it.

Settings (``kit_settings``) are read on every request (the clock, id counters), so the store keeps
what it has read or written of them; ``generation`` counts the times the database changed under
the store's feet (a rollback, a restore, a wipe). Whatever else caches rows either checks it or
has the store tell it of every change to the tables it reads (``watch``). A reading thread keeps
its own settings for the length of its snapshot instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

MEMORY = ":memory:"
SHARED_MEMORY = Path("/dev/shm")
LOCK = ".lock"  # held by the store's process while it runs
SIDE_FILES = ("", "-wal", "-shm", LOCK)
PRIVATE_PREFIX = "darkfactory-universe-"  # then a unique part


STATEMENTS_KEPT = 1024  # prepared statements a connection keeps: every twin's, not Python's 128


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, cached_statements=STATEMENTS_KEPT
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _private_file() -> tuple[str, int]:
    """A new empty database file in shared memory (or the temporary folder), owner-only, and
    the open lock file that marks it as in use, once the files of stores whose process no longer
    runs (killed before it could close them) are gone.

    A store's process holds an exclusive ``flock`` on its ``.lock`` file for as long as it runs;
    the kernel lets go of it when the process ends, however it ends. Liveness is never judged by
    process id, which another pid namespace (a sandbox, a Ray node) numbers differently."""
    folder = SHARED_MEMORY if SHARED_MEMORY.is_dir() else Path(tempfile.gettempdir())
    for lock in folder.glob(f"{PRIVATE_PREFIX}*.db{LOCK}"):
        _sweep(lock)
    fd, name = tempfile.mkstemp(prefix=PRIVATE_PREFIX, suffix=".db", dir=folder)
    os.close(fd)
    holder = os.open(name + LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)
    return name, holder


def _sweep(lock: Path) -> None:
    """Remove a store's files if no process holds its lock. A lock taken in the instant between
    a new store's file and its lock being made finds no database to remove; the database of a
    lock file already swept is never removed."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # its store's process still runs
    else:
        _remove(str(lock).removesuffix(LOCK))
    finally:
        os.close(fd)


def _remove(name: str) -> None:
    for side in SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name + side)


def _release(name: str, holder: int) -> None:
    """Remove a private store's files, then let go of its lock."""
    _remove(name)
    os.close(holder)


ABSENT = object()  # a setting the store does not hold


class _Json(str):
    """A setting's stored JSON, for a value a caller could change (a list, an object)."""


def _kept(raw: str | None) -> Any:
    """What the settings cache keeps of a stored setting: a number, string, boolean or null as
    its value, read once; a list or object as its JSON, read into a fresh copy on every read."""
    if raw is None:
        return ABSENT
    value = json.loads(raw)
    return _Json(raw) if isinstance(value, list | dict) else value


class Store:
    """A universe's database: writes on the server's event-loop thread, reads also on workers."""

    def __init__(self, path: str | Path = MEMORY) -> None:
        self.path = str(path)
        self._holder: int | None = None
        if self.path == MEMORY:
            self.file, self._holder = _private_file()
        else:
            self.file = self.path
        self._writer = _connect(self.file)
        self._readers: list[sqlite3.Connection] = []
        self._local = threading.local()  # a reading thread's connection and settings
        self._snapshots = 0  # threads inside ``reading`` now: while none is, all use the writer
        self._lock = threading.Lock()
        self._depth = 0
        self._settings: dict[str, Any] = {}  # key -> its value as ``_kept`` keeps it
        self._trace: Callable[[str], None] | None = None
        self._watches: dict[str, list[Callable[[], None]]] = {}  # table -> told of its changes
        self.generation = 0
        self._removal = (
            weakref.finalize(self, _release, self.file, self._holder)
            if self._holder is not None
            else None
        )

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection of the current thread: its snapshot while it reads, else the writer."""
        if not self._snapshots:
            return self._writer
        return getattr(self._local, "conn", None) or self._writer

    @property
    def in_snapshot(self) -> bool:
        """Whether this thread reads a snapshot (inside ``reading``), not the writer's state."""
        return bool(self._snapshots) and getattr(self._local, "conn", None) is not None

    def changed_underneath(self) -> None:
        """Forget every cached row: the database now holds what no cache has seen, so whatever
        watches a table is told it changed."""
        self._settings.clear()
        self.generation += 1
        for told in self._watches.values():
            for changed in told:
                changed()

    # -- reading on a worker thread ---------------------------------------------------------------
    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """One committed snapshot, read on this thread's own connection, which cannot write."""
        local = self._local
        if getattr(local, "reader", None) is None:
            local.reader = _connect(self.file)
            local.reader.execute("PRAGMA query_only = ON")
            local.reader.set_trace_callback(self._trace)
            with self._lock:
                self._readers.append(local.reader)
        local.reader.execute("BEGIN")
        with self._lock:
            self._snapshots += 1
        local.conn, local.settings = local.reader, {}
        try:
            yield self
        finally:
            local.conn = local.settings = None
            with self._lock:
                self._snapshots -= 1
            local.reader.execute("COMMIT")

    def trace(self, callback: Callable[[str], None] | None) -> None:
        """Tell ``callback`` of every statement any connection runs, the readers' too (None:
        stop telling)."""
        self._trace = callback
        with self._lock:
            for conn in (self._writer, *self._readers):
                conn.set_trace_callback(callback)

    # -- schema ---------------------------------------------------------------------------------
    def ensure_schema(self, ddl: str) -> None:
        """Run idempotent DDL (``CREATE TABLE IF NOT EXISTS ...``)."""
        self._writer.executescript(ddl)
        self._install_watches()

    def watch(self, table: str, changed: Callable[[], None]) -> None:
        """Call ``changed()`` whenever a row of ``table`` is inserted, updated or deleted through
        the writer, whatever code does it, and whenever the database changes underneath (a
        rollback, a restore, a wipe): what keeps a cache of the table right. Temporary triggers
        of the writer's connection call it; they are made again whenever the table is (a reset
        drops them with it), and a snapshot never carries them."""
        told = self._watches.setdefault(table, [])
        if not told:

            def tell_all() -> None:
                for tell in told:
                    tell()

            self._writer.create_function(f"kit_changed_{table}", 0, tell_all)
        told.append(changed)
        self._install_watches()

    def _install_watches(self) -> None:
        for table in self._watches:
            if self.scalar("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)) is None:
                continue  # made again with its table
            for event in ("INSERT", "UPDATE", "DELETE"):
                self._writer.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS kit_changed_{table}_{event.lower()} "
                    f"AFTER {event} ON {table} BEGIN SELECT kit_changed_{table}(); END"
                )

    # -- transactions ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """A write transaction; nested uses join the outer one. Rolls back on any exception.
        On a reading thread it is the snapshot being read, through which nothing can be written."""
        if self.in_snapshot:
            yield self
            return
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._writer.execute("BEGIN")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._writer.execute("ROLLBACK")
            self.changed_underneath()
            raise
        self._depth = 0
        self._writer.execute("COMMIT")

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
        cache = getattr(self._local, "settings", None) if self._snapshots else None
        if cache is None:
            cache = self._settings
        try:
            value = cache[key]
        except KeyError:
            value = _kept(self.scalar("SELECT value FROM kit_settings WHERE key = ?", (key,)))
            cache[key] = value
        if value is ABSENT:
            return default
        return json.loads(value) if type(value) is _Json else value

    def set_setting(self, key: str, value: Any) -> None:
        counter = type(value) is int  # (a counter, the commonest: its JSON is its digits)
        raw = str(value) if counter else json.dumps(value)
        self.execute(
            "INSERT INTO kit_settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, raw),
        )
        self._settings[key] = value if counter else _kept(raw)

    # -- whole-database copies -----------------------------------------------------------------
    def dump(self) -> sqlite3.Connection:
        """Copy the whole database into a new in-memory connection (a snapshot)."""
        copy = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
        self._writer.backup(copy)
        return copy

    def load(self, snapshot: sqlite3.Connection) -> None:
        """Replace the whole database with a snapshot's contents."""
        snapshot.backup(self._writer)
        self._install_watches()
        self.changed_underneath()

    def wipe(self) -> None:
        """Drop every table, leaving an empty database."""
        names = [r[0] for r in self.all("SELECT name FROM sqlite_master WHERE type = 'table'")]
        self._writer.execute("PRAGMA foreign_keys = OFF")
        for name in names:
            if not name.startswith("sqlite_"):
                self._writer.execute(f'DROP TABLE IF EXISTS "{name}"')
        self._writer.execute("PRAGMA foreign_keys = ON")
        self.changed_underneath()

    def close(self) -> None:
        with self._lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
        self._writer.close()
        if self._removal is not None:
            self._removal()


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


WAL_FORMAT = b"\x02\x02"  # a database file's read and write versions (bytes 18-19) in WAL mode
ROLLBACK_FORMAT = b"\x01\x01"


def snapshot_from_bytes(data: bytes) -> sqlite3.Connection:
    """A snapshot from ``snapshot_to_bytes``'s bytes, as an in-memory connection. The bytes of a
    store in WAL mode say so in their header, and an in-memory database that believes it is in
    WAL mode cannot be read (it has no WAL file to open), so the copy is told it is not."""
    if data[18:20] == WAL_FORMAT:
        data = data[:18] + ROLLBACK_FORMAT + data[20:]
    copy = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
    copy.deserialize(data)
    return copy


def read_snapshot_file(path: Path) -> sqlite3.Connection:
    source = sqlite3.connect(path)
    copy = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
    source.backup(copy)
    source.close()
    return copy
