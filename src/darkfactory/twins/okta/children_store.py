"""Storage of the resources that live under a parent (``okta_children``): no HTTP here.

Rows come back in priority (then creation) order; ``place`` keeps an ordered kind's ``system``
member last and renumbers siblings 1..n; deleting a resource deletes what lives under it.
"""

from __future__ import annotations

import json


def rows(db, kind: str, parent: str) -> list[dict]:
    """The resources of ``kind`` under ``parent``, in priority (then creation) order."""
    found = db.all(
        "SELECT * FROM okta_children WHERE kind = ? AND parent = ? ORDER BY priority, rowid",
        (kind, parent),
    )
    return [row_of(r) for r in found]


def row_of(row) -> dict:
    return {**dict(row), "document": json.loads(row["document"])}


def insert(
    state, kind: str, parent: str, document: dict, prefix: str, status: str = "ACTIVE"
) -> str:
    """Store a new resource (at the end of its siblings); its id."""
    resource_id = state.new_id(prefix)
    now = state.now()
    last = state.db.scalar(
        "SELECT COALESCE(MAX(priority), 0) FROM okta_children WHERE kind = ? AND parent = ?",
        (kind, parent),
    )
    state.db.execute(
        "INSERT INTO okta_children(kind, parent, id, status, priority, document, created,"
        " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, parent, resource_id, status, last + 1, json.dumps(document), now, now),
    )
    return resource_id


def place(db, kind: str, parent: str, resource_id: str | None = None, wanted=None) -> None:
    """Move a resource to priority ``wanted`` (None: last) ahead of any system sibling, and
    renumber the siblings 1..n (without ``resource_id``: only renumber)."""
    siblings = rows(db, kind, parent)
    moving = [r for r in siblings if r["id"] == resource_id and not r["document"].get("system")]
    system = [r for r in siblings if r["document"].get("system")]
    others = [r for r in siblings if r not in system and r not in moving]
    at = min(max(wanted, 1) - 1, len(others)) if isinstance(wanted, int) else len(others)
    ordered = [*others[:at], *moving, *others[at:], *system]
    for priority, row in enumerate(ordered, 1):
        db.execute(
            "UPDATE okta_children SET priority = ? WHERE kind = ? AND id = ?",
            (priority, kind, row["id"]),
        )


def delete_tree(db, resource_id: str) -> None:
    """Delete everything that lives under ``resource_id``, at any depth."""
    for row in db.all("SELECT id FROM okta_children WHERE parent = ?", (resource_id,)):
        delete_tree(db, row["id"])
    db.execute("DELETE FROM okta_children WHERE parent = ?", (resource_id,))
