"""A universe: one store shared by its twins, with clock, ids, tokens, journal and faults."""

from __future__ import annotations

import itertools
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from darkfactory.twins.kit import company
from darkfactory.twins.kit.clock import Clock
from darkfactory.twins.kit.faults import Faults
from darkfactory.twins.kit.ids import Ids
from darkfactory.twins.kit.journal import Journal
from darkfactory.twins.kit.readers import Readers
from darkfactory.twins.kit.schema import KIT_SCHEMA
from darkfactory.twins.kit.store import (
    MEMORY,
    Store,
    read_snapshot_file,
    snapshot_from_bytes,
    snapshot_to_bytes,
    write_snapshot_file,
)
from darkfactory.twins.kit.tokens import Tokens
from darkfactory.twins.kit.twin import Twin
from darkfactory.twins.registry import twin_classes

DB_NAME = "universe.sqlite"
ADMIN_TOKEN_FILE = "admin-token"


EPOCH_2026 = 1_767_225_600  # 2026-01-01T00:00:00Z


def seeded_instant(seed: int) -> float:
    """Where a frozen universe's clock starts: 2026-01-01 plus ``seed`` days (mod 365)."""
    return EPOCH_2026 + (seed % 365) * 86_400


class UnknownSnapshot(KeyError):
    pass


class Universe:
    """All twins' state in one database; serve it with ``darkfactory.twins.kit.server``.

    ``data`` is a directory for a durable universe (``None`` keeps everything in memory);
    ``seed`` fixes ids and generated fixtures; ``fixtures`` passes per-twin sizing options.
    """

    def __init__(
        self,
        data: str | Path | None = None,
        seed: int = 0,
        twins: list[str] | None = None,
        fixtures: dict[str, dict[str, Any]] | None = None,
        frozen: bool = False,
        open_access: bool = False,
        _snapshot: sqlite3.Connection | None = None,
    ) -> None:
        self.data = Path(data) if data is not None else None
        if self.data is not None:
            self.data.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.data / DB_NAME if self.data else MEMORY)
        self.readers = Readers(self.store)
        self.fixtures = fixtures or {}
        self.frozen = frozen
        self.open_access = open_access
        self.admin_token = self._admin_token()
        self.url = "http://127.0.0.1"
        self._snapshots: dict[str, sqlite3.Connection] = {}
        self.forks: dict[str, Any] = {}  # id -> UniverseServer of forks made over HTTP
        self._snapshot_numbers = itertools.count(1)
        if _snapshot is not None:
            self.store.load(_snapshot)  # a fork: the snapshot carries every table already
        else:
            self.store.ensure_schema(KIT_SCHEMA)
        self.seed = int(self.store.setting("universe.seed", seed))
        self.clock = Clock(self.store)
        self.ids = Ids(self.store, self.seed)
        self.tokens = Tokens(self.store)
        self.journal = Journal(self.store)
        self.faults = Faults(self.store, self.clock)
        self.twins: dict[str, Twin] = {cls.name: cls(self) for cls in twin_classes(twins)}
        self._open(schema=_snapshot is None)

    def _admin_token(self) -> str:
        """The token the control plane and the twins' setup routes take: random, never derived
        from the seed; a durable universe keeps it in ``DIR/admin-token`` (readable by its owner
        only) so that it survives restarts."""
        if self.data is None:
            return "dfa-" + secrets.token_urlsafe(24)
        path = self.data / ADMIN_TOKEN_FILE
        if path.exists():
            return path.read_text().strip()
        token = "dfa-" + secrets.token_urlsafe(24)
        path.touch(mode=0o600)
        path.write_text(token + "\n")
        return token

    def _open(self, schema: bool = True) -> None:
        for twin in self.twins.values():
            if twin.schema and schema:
                self.store.ensure_schema(twin.schema)
        if self.store.setting("universe.seeded") is None:
            company.options(self.fixtures)
            with self.store.transaction():
                self.store.set_setting("universe.seed", self.seed)
                if self.frozen:
                    self.clock.freeze(seeded_instant(self.seed))
                for twin in self.twins.values():
                    twin.seed(self.fixtures.get(twin.name, {}))
                self.store.set_setting("universe.seeded", True)

    # -- control --------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the freshly seeded state (snapshots are kept)."""
        self.store.wipe()
        self.store.ensure_schema(KIT_SCHEMA)
        self.faults.remove()
        self._open()

    def snapshot(self) -> str:
        """Copy the whole state aside; returns the snapshot's id."""
        snap_id = f"snap-{next(self._snapshot_numbers)}"
        while self._snapshot_path(snap_id) is not None and self._snapshot_path(snap_id).exists():
            snap_id = f"snap-{next(self._snapshot_numbers)}"
        copy = self.store.dump()
        self._snapshots[snap_id] = copy
        if (path := self._snapshot_path(snap_id)) is not None:
            write_snapshot_file(copy, path)
        return snap_id

    def restore(self, snap_id: str) -> None:
        self.store.load(self._snapshot(snap_id))

    def fork(self, snap_id: str | None = None) -> Universe:
        """A new, independent in-memory universe starting from a snapshot (or from now)."""
        source = self._snapshot(snap_id) if snap_id else self.store.dump()
        return Universe.from_state(source, **self.identity())

    def identity(self) -> dict[str, Any]:
        """What a copy of this universe is made with besides its state (``from_state``): its
        seed, twins, fixtures, clock, access and administrator, one for a universe and its
        forks."""
        return {
            "seed": self.seed,
            "twins": [twin.spec() for twin in self.twins.values()],
            "fixtures": self.fixtures,
            "frozen": self.frozen,
            "open_access": self.open_access,
            "admin_token": self.admin_token,
        }

    @classmethod
    def from_state(
        cls, state: sqlite3.Connection | bytes, admin_token: str | None = None, **identity: Any
    ) -> Universe:
        """An in-memory universe holding ``state``: a snapshot, or its bytes
        (``snapshot_bytes``, from another process or machine), with ``identity()``'s settings."""
        if isinstance(state, bytes):
            state = snapshot_from_bytes(state)
        universe = cls(_snapshot=state, **identity)
        universe.admin_token = admin_token or universe.admin_token
        return universe

    def snapshot_bytes(self, snap_id: str) -> bytes:
        """A snapshot's whole state as bytes, from which ``from_state`` makes a universe in
        another process or on another machine."""
        return snapshot_to_bytes(self._snapshot(snap_id))

    def snapshots(self) -> list[str]:
        names = set(self._snapshots)
        if self.data is not None:
            names.update(p.stem for p in (self.data / "snapshots").glob("*.sqlite"))
        return sorted(names)

    def _snapshot(self, snap_id: str) -> sqlite3.Connection:
        if snap_id in self._snapshots:
            return self._snapshots[snap_id]
        path = self._snapshot_path(snap_id)
        if path is None or not path.exists():
            raise UnknownSnapshot(snap_id)
        self._snapshots[snap_id] = read_snapshot_file(path)
        return self._snapshots[snap_id]

    def _snapshot_path(self, snap_id: str) -> Path | None:
        if self.data is None or not snap_id.replace("-", "").isalnum():
            return None
        folder = self.data / "snapshots"
        folder.mkdir(exist_ok=True)
        return folder / f"{snap_id}.sqlite"

    def state_version(self) -> int:
        """A number that changes whenever twin state changes (journal entries aside)."""
        return self.store.conn.total_changes - self.journal.recorded

    def credentials(self) -> dict[str, Any]:
        return {name: twin.credentials() for name, twin in self.twins.items()}

    def close(self) -> None:
        for server in self.forks.values():
            server.stop()
            server.universe.close()
        self.forks.clear()
        self.readers.close()
        self.store.close()
