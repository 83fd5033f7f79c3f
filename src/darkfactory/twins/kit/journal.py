"""The request journal: every twin request and response, queryable and streamed live."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, fields

from darkfactory.twins.kit.store import Store

BODY_LIMIT = 16 * 1024


@dataclass
class Entry:
    id: int
    at: float
    twin: str
    operation: str
    method: str
    path: str
    query: str
    status: int
    duration_ms: float
    request_body: str
    response_body: str
    error: str = ""  # the traceback of an exception that escaped the twin, if one did

    def as_dict(self) -> dict:
        return asdict(self)


COLUMNS = tuple(f.name for f in fields(Entry) if f.name != "id")
INSERT = f"INSERT INTO kit_journal({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def clip(body: bytes | bytearray) -> str:
    text = body[:BODY_LIMIT].decode("utf-8", errors="replace")
    return text + ("…" if len(body) > BODY_LIMIT else "")


class Journal:
    def __init__(self, store: Store) -> None:
        self.store = store
        columns = {row["name"] for row in store.all("PRAGMA table_info(kit_journal)")}
        if "error" not in columns:  # a universe written before the journal kept errors
            store.execute("ALTER TABLE kit_journal ADD COLUMN error TEXT NOT NULL DEFAULT ''")
        self._subscribers: set[asyncio.Queue[Entry]] = set()
        self.recorded = 0

    def record(
        self,
        at: float,
        twin: str,
        operation: str,
        method: str,
        path: str,
        query: str,
        status: int,
        duration_ms: float,
        request_body: bytes | bytearray,
        response_body: bytes | bytearray,
        error: str = "",
    ) -> None:
        """Write one entry, and hand it to whoever follows the journal."""
        values = (
            at,
            twin,
            operation,
            method,
            path,
            query,
            status,
            duration_ms,
            clip(request_body),
            clip(response_body),
            error,
        )
        cur = self.store.execute(INSERT, values)
        self.recorded += 1
        if self._subscribers:
            entry = Entry(cur.lastrowid, *values)
            for queue in self._subscribers:
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(entry)

    def query(
        self,
        twin: str | None = None,
        operation: str | None = None,
        since: int | None = None,
        limit: int = 1000,
    ) -> list[Entry]:
        """Entries oldest first; ``since`` is an entry id (exclusive), for polling."""
        sql, params = "SELECT * FROM kit_journal WHERE 1 = 1", []
        for column, value in (("twin", twin), ("operation", operation)):
            if value:
                sql += f" AND {column} = ?"
                params.append(value)
        if since is not None:
            sql += " AND id > ?"
            params.append(since)
        sql += " ORDER BY id LIMIT ?"
        params.append(limit)
        return [Entry(**dict(row)) for row in self.store.all(sql, params)]

    async def follow(self) -> AsyncIterator[Entry]:
        """Entries as they are recorded, until the consumer stops iterating."""
        queue: asyncio.Queue[Entry] = asyncio.Queue(maxsize=1000)
        self._subscribers.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers.discard(queue)
