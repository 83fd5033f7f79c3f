"""Authenticators kept as org resources: a fresh org's set, and whether a factor may be enrolled."""

from __future__ import annotations

import json

from darkfactory.twins.okta import resources
from darkfactory.twins.okta.authenticators.catalog import FACTOR_AUTHENTICATORS, FRESH_ORG

NAME = "Authenticator"


def document(key: str, kind: str, name: str, settings: dict, methods: tuple[str, ...]) -> dict:
    """A stored authenticator: its fields and its methods, each ACTIVE."""
    return {
        "key": key,
        "type": kind,
        "name": name,
        "settings": settings,
        "methods": [{"type": m, "status": "ACTIVE"} for m in methods],
    }


def seed(state, kind: resources.Kind) -> None:
    for key, (type_, name, settings, methods) in FRESH_ORG.items():
        stored = document(key, type_, name, settings, methods)
        resources.insert(state, kind, state.new_id(kind.prefix), stored)


def by_key(db, key: str) -> tuple[str, str, dict] | None:
    """The id, status and document of the org's authenticator ``key``, if it has one."""
    for row in db.all("SELECT id, status, document FROM okta_resources WHERE kind = ?", (NAME,)):
        stored = json.loads(row["document"])
        if stored["key"] == key:
            return row["id"], row["status"], stored
    return None


def enrollable(db, factor_type: str, provider: str) -> bool:
    """Whether a factor can be enrolled: its authenticator and that method are both ACTIVE."""
    key, method = FACTOR_AUTHENTICATORS.get((factor_type, provider), (None, None))
    found = by_key(db, key) if key else None
    if found is None or found[1] != "ACTIVE":
        return False
    return any(m["type"] == method and m["status"] == "ACTIVE" for m in found[2]["methods"])
