"""The customer's things kept as JSON documents by kind (calendar resources, buildings,
features, devices), one table for all, and what their operations share: who may call them and
how a change applies.

Administrators read them; super administrators make, change and delete them. ``patch`` changes
the fields it is given; ``update`` replaces the document, keeping only its key.
"""

from __future__ import annotations

import json

from darkfactory.twins.google.directory.access import administrator, super_admin
from darkfactory.twins.google.directory.wire import check_customer, etag
from darkfactory.twins.kit.operation import Call

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_resources (
    kind TEXT NOT NULL, key TEXT NOT NULL COLLATE NOCASE, body TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
"""


def reader(call: Call, customer: str = "customer") -> None:
    """Let in an administrator calling for its own customer (named by the path's ``customer``)."""
    administrator(call)
    check_customer(call, call.path_params[customer])


def writer(call: Call, customer: str = "customer") -> None:
    """Let in a super administrator calling for its own customer."""
    super_admin(call)
    check_customer(call, call.path_params[customer])


def get(universe, kind: str, key: str) -> dict | None:
    row = universe.store.one(
        "SELECT body FROM google_directory_resources WHERE kind = ? AND key = ?", (kind, key)
    )
    return json.loads(row["body"]) if row else None


def every(universe, kind: str) -> list[dict]:
    rows = universe.store.all(
        "SELECT body FROM google_directory_resources WHERE kind = ? ORDER BY rowid", (kind,)
    )
    return [json.loads(r["body"]) for r in rows]


def put(
    universe,
    kind: str,
    key: str,
    body: dict,
    old_key: str | None = None,
    tag: str | None = "etags",
) -> dict:
    """Store ``body`` under ``key`` (replacing what was at ``old_key``, or at ``key``); the body
    with its etag under ``tag`` (``etags`` for resources, ``etag`` for devices, none: None)."""
    body = {k: v for k, v in body.items() if k not in ("etag", "etags")}
    if tag:
        body[tag] = etag(body)
    store = universe.store
    found = store.execute(
        "UPDATE google_directory_resources SET key = ?, body = ? WHERE kind = ? AND key = ?",
        (key, json.dumps(body), kind, old_key or key),
    )
    if not found.rowcount:
        store.insert(
            "google_directory_resources", {"kind": kind, "key": key, "body": json.dumps(body)}
        )
    return body


def remove(universe, kind: str, key: str) -> None:
    universe.store.execute(
        "DELETE FROM google_directory_resources WHERE kind = ? AND key = ?", (kind, key)
    )


def changed(old: dict, given: dict, replace: bool, kept: tuple[str, ...]) -> dict:
    """``old`` with ``given`` applied: merged (``patch``) or replacing all but ``kept``
    (``update``)."""
    base = {k: v for k, v in old.items() if k in kept} if replace else dict(old)
    return base | {k: v for k, v in given.items() if k not in kept}
