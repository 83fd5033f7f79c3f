"""Typed records in the store: each Jira object is a JSON document under a kind and an id."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.kit.state import TwinState

FIRST_ID = 10000  # Jira's numeric ids start at 10000


def ref_key(ref: dict | str | None) -> str | None:
    """What a reference names: ``{"id": ...}`` or ``{"name": ...}``, or a bare id or name."""
    return (ref.get("id") or ref.get("name")) if isinstance(ref, dict) else ref


class Records(TwinState):
    """put/get/find/delete of ``jira_records``; ids are numeric strings from per-kind counters."""

    def next_id(self, kind: str, first: int = FIRST_ID) -> str:
        return str(first - 1 + self.universe.ids.sequence(f"jira.{kind}"))

    def put(self, kind: str, record_id: str, data: dict, parent: str | None = None) -> dict:
        self.db.execute(
            "INSERT INTO jira_records(kind, id, parent, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(kind, id) DO UPDATE SET data = excluded.data, parent = excluded.parent",
            (kind, str(record_id), parent, json.dumps(data)),
        )
        return data

    def get(self, kind: str, record_id: Any) -> dict | None:
        raw = self.db.scalar(
            "SELECT data FROM jira_records WHERE kind = ? AND id = ?", (kind, str(record_id))
        )
        return None if raw is None else json.loads(raw)

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
        return [json.loads(r["data"]) for r in rows]

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
        return cursor.rowcount > 0

    def delete_children(self, kind: str, parent: str) -> None:
        self.db.execute("DELETE FROM jira_records WHERE kind = ? AND parent = ?", (kind, parent))
