"""Credentials: tokens a twin issues, each naming its principal and carrying scopes.

Every authenticated call looks its token up, so the grants read on the writer's side are kept
until ``kit_tokens`` changes (an issue, a revocation, by this module or by any twin's own SQL;
a rollback or a restore, which the store's ``watch`` tells of too) or too many are kept. A
worker thread reading a snapshot reads its snapshot instead. A kept grant is shared: nothing
may change its ``meta``."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from darkfactory.twins.kit.store import Store


@dataclass(frozen=True)
class Grant:
    """What a token stands for."""

    token: str
    twin: str
    principal: str
    kind: str = ""
    scopes: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)

    def has(self, scope: str) -> bool:
        return scope in self.scopes


@functools.lru_cache(maxsize=1024)
def _scopes(stored: str) -> tuple[str, ...]:
    """A token's scopes from their stored JSON, read once for every token that has the same."""
    return tuple(json.loads(stored))


KEPT = 4096  # grants kept at most (unknown tokens are kept too, as None)


class Tokens:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._kept: dict[tuple[str, str], Grant | None] = {}
        store.watch("kit_tokens", self._kept.clear)

    def issue(
        self,
        twin: str,
        token: str,
        principal: str,
        scopes: list[str] | tuple[str, ...] = (),
        kind: str = "",
        meta: dict | None = None,
    ) -> Grant:
        self.store.execute(
            "INSERT INTO kit_tokens(token, twin, principal, kind, scopes, meta) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (token, twin, principal, kind, json.dumps(list(scopes)), json.dumps(meta or {})),
        )
        return Grant(token, twin, principal, kind, tuple(scopes), meta or {})

    def lookup(self, twin: str, token: str) -> Grant | None:
        """The live grant behind ``token`` for ``twin``, or None if unknown or revoked."""
        store = self.store
        if store.in_snapshot:
            return self._read(twin, token)
        if len(self._kept) >= KEPT:
            self._kept.clear()
        key = (twin, token)
        try:
            return self._kept[key]
        except KeyError:
            grant = self._kept[key] = self._read(twin, token)
            return grant

    def _read(self, twin: str, token: str) -> Grant | None:
        row = self.store.one(
            "SELECT * FROM kit_tokens WHERE token = ? AND twin = ? AND revoked = 0", (token, twin)
        )
        if row is None:
            return None
        return Grant(
            row["token"],
            row["twin"],
            row["principal"],
            row["kind"],
            _scopes(row["scopes"]),
            json.loads(row["meta"]),
        )

    def revoke(self, twin: str, token: str) -> bool:
        cur = self.store.execute(
            "UPDATE kit_tokens SET revoked = 1 WHERE token = ? AND twin = ? AND revoked = 0",
            (token, twin),
        )
        return cur.rowcount > 0

    def revoke_principal(self, twin: str, principal: str) -> int:
        cur = self.store.execute(
            "UPDATE kit_tokens SET revoked = 1 WHERE twin = ? AND principal = ?", (twin, principal)
        )
        return cur.rowcount

    def of(self, twin: str, principal: str, kind: str | None = None) -> list[Grant]:
        sql = "SELECT token FROM kit_tokens WHERE twin = ? AND principal = ? AND revoked = 0"
        params: list = [twin, principal]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        rows = self.store.all(sql + " ORDER BY rowid", params)
        return [g for r in rows if (g := self.lookup(twin, r["token"])) is not None]
