"""Typed records in the store: each Jira object is a JSON document under a kind and an id.

What the hot paths work out from the site's settings-like records (fields, users, groups,
projects, schemes, statuses ...) is kept between requests by ``memo``, for as long as those
records stay as they are. Every write of such a record, whatever the code path (all of them go
through ``put`` and ``delete``), gives the site a new *catalog stamp*, kept in the store's
settings: a writer's transaction sees its own stamp at once, a reader on a worker thread the
stamp of its snapshot, and a rollback or a restore brings back the stamp that goes with the
records it brings back. Issues and their activity (comments, worklogs, history, links ...) leave
the stamp as it is, so nothing worked out by ``memo`` may depend on them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

from darkfactory.twins.kit.state import TwinState
from darkfactory.twins.kit.stored_json import loads

T = TypeVar("T")
FIRST_ID = 10000  # Jira's numeric ids start at 10000
STAMP = "jira.catalog_stamp"
ACTIVITY = frozenset(
    {
        "issue",
        "comment",
        "worklog",
        "history",
        "attachment",
        "link",
        "remotelink",
        "property",
        "webhook_delivery",
        "webhook_failure",
    }
)
KEPT_STAMPS = 4  # a writer's and a few readers' snapshots at once


def ref_key(ref: dict | str | None) -> str | None:
    """What a reference names: ``{"id": ...}`` or ``{"name": ...}``, or a bare id or name."""
    return (ref.get("id") or ref.get("name")) if isinstance(ref, dict) else ref


class Records(TwinState):
    """put/get/find/delete of ``jira_records``; ids are numeric strings from per-kind counters."""

    def __init__(self, universe) -> None:
        super().__init__(universe)
        self._memos: dict[str, dict[Any, Any]] = {}  # catalog stamp -> what was worked out

    def next_id(self, kind: str, first: int = FIRST_ID) -> str:
        return str(first - 1 + self.universe.ids.sequence(f"jira.{kind}"))

    def made(self, kind: str) -> int:
        """How many records of ``kind`` were ever made (those deleted since included)."""
        return self.universe.ids.given(f"jira.{kind}")

    def put(self, kind: str, record_id: str, data: dict, parent: str | None = None) -> dict:
        self.db.execute(
            "INSERT INTO jira_records(kind, id, parent, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(kind, id) DO UPDATE SET data = excluded.data, parent = excluded.parent",
            (kind, str(record_id), parent, json.dumps(data)),
        )
        self._changed(kind)
        return data

    def get(self, kind: str, record_id: Any) -> dict | None:
        raw = self.db.scalar(
            "SELECT data FROM jira_records WHERE kind = ? AND id = ?", (kind, str(record_id))
        )
        return None if raw is None else loads(raw)

    def find(self, kind: str, parent: str | None = None) -> list[dict]:
        if parent is None:
            rows = self.db.all(
                "SELECT data FROM jira_records WHERE kind = ? ORDER BY rowid", (kind,)
            )
        else:
            rows = self.db.all(
                "SELECT data FROM jira_records WHERE kind = ? AND parent = ? ORDER BY rowid",
                (kind, str(parent)),
            )
        return [loads(r["data"]) for r in rows]

    def find_by(self, kind: str, key: str, value: Any) -> dict | None:
        """The first record of ``kind`` whose ``key`` equals ``value`` (case-insensitive text)."""
        folded = value.lower() if isinstance(value, str) else value
        for record in self.find(kind):
            have = record.get(key)
            if (have.lower() if isinstance(have, str) else have) == folded:
                return record
        return None

    def delete(self, kind: str, record_id: Any) -> bool:
        cursor = self.db.execute(
            "DELETE FROM jira_records WHERE kind = ? AND id = ?", (kind, str(record_id))
        )
        self._changed(kind)
        return cursor.rowcount > 0

    def delete_children(self, kind: str, parent: str) -> None:
        self.db.execute("DELETE FROM jira_records WHERE kind = ? AND parent = ?", (kind, parent))
        self._changed(kind)

    # -- what is kept between requests -------------------------------------------------------
    def _changed(self, kind: str) -> None:
        if kind not in ACTIVITY:
            self.db.set_setting(STAMP, os.urandom(8).hex())

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per catalog stamp (see the module). What it returns is
        shared between requests and threads: the caller must not change it."""
        stamp = self.db.setting(STAMP)
        if stamp is None:  # a site whose records were written before stamps
            return compute()
        memos = self._memos.get(stamp)
        if memos is None:
            while len(self._memos) >= KEPT_STAMPS:
                self._memos.pop(next(iter(self._memos)), None)
            memos = self._memos.setdefault(stamp, {})
        if key not in memos:
            memos[key] = compute()
        return memos[key]

    def known(self, kind: str, record_id: Any) -> dict | None:
        """``get`` for a kind outside ``ACTIVITY``, kept per catalog stamp: shared, so that the
        caller must not change it."""
        return self.memo((kind, str(record_id)), lambda: self.get(kind, record_id))

    def every(self, kind: str, parent: str | None = None) -> tuple[dict, ...]:
        """``find`` for a kind outside ``ACTIVITY``, kept per catalog stamp: shared, so that the
        caller must not change them."""
        return self.memo(("every", kind, parent), lambda: tuple(self.find(kind, parent)))
