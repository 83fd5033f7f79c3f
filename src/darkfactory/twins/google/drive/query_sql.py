"""Drive's ``q`` as SQL over ``google_drive_files f``: what a search can leave to SQLite.

``clause(q, viewer)`` turns the parsed query (``query.syntax``) into a ``Clause``: a condition
every file the query finds meets, and on which rows that condition is the whole answer (all of
them when the clause is ``exact``). On the others the Python predicate (``query.compile_query``)
decides: substring matches (``mimeType``/``fullText contains``), ``visibility``,
``writers``/``readers`` (whose sets merge inherited permissions) and ``sharedWithMeTime`` are
its alone, and so are word matches (``name contains``) on names that are not all ASCII.

Times compare as the predicate compares them, rounded to the millisecond: ``bounds`` finds the
stored values whose rounding falls on either side of the instant, so SQL compares the raw
column and an index on it serves.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from darkfactory.twins.google.api import parse_timestamp
from darkfactory.twins.google.drive.query import Literals, syntax
from darkfactory.twins.google.drive.state import FOLDER


@dataclass(frozen=True)
class Viewer:
    """Who searches: their email, the emails they act as (with their groups), the id their
    ``root`` stands for, and the instant grants expire against."""

    email: str
    emails: tuple[str, ...]
    root: str
    now: float


@dataclass(frozen=True)
class Clause:
    """A condition on ``f`` that every match meets (``sql`` and its ``params``), and where it
    settles the question: ``sure`` holds on the rows where ``sql`` is the whole answer, the
    rest being left to the predicate."""

    sql: str
    params: tuple = ()
    sure: str = "1"
    sure_params: tuple = ()

    @property
    def exact(self) -> bool:
        return self.sure == "1"


UNKNOWN = Clause("1", (), "0")


def _all(op: str, parts: list[tuple[str, tuple]]) -> tuple[str, tuple]:
    """``parts`` (SQL and parameters) joined by ``op``."""
    return f" {op} ".join(f"({sql})" for sql, _ in parts), sum((p for _, p in parts), ())


def _settled(parts: list[Clause], deciding: str) -> Clause:
    """The ``sure`` of an ``and`` (``deciding`` a part that fails) or an ``or`` (one that
    holds) over ``parts``, with its ``sql`` still to be set."""
    if all(p.exact for p in parts):
        return Clause("1")
    every = _all("AND", [(p.sure, p.sure_params) for p in parts])
    decided = [
        _all("AND", [(p.sure, p.sure_params), (deciding.format(p.sql), p.params)])
        for p in parts
        if p.sure != "0"
    ]
    sure, sure_params = _all("OR", [every, *decided])
    return Clause("1", (), sure, sure_params)


def _word_match(prefix: str) -> Clause:
    """``name contains``: SQL settles it on names of ASCII alone, where its ``lower`` and
    Python's agree; a name with other characters goes to the predicate."""
    prefix = prefix.lower()
    ascii_name = ("f.name NOT GLOB ?", ("*[^\x01-\x7f]*",))
    if not prefix.isascii():
        matches: tuple[str, tuple] = ("0", ())
    elif not prefix:
        matches = ("1", ())
    else:
        pattern = "".join(f"[{c}]" if c in "*?[" else c for c in prefix)
        matches = ("lower(f.name) GLOB ?", (pattern + "*",))
        if prefix.isalnum():  # a word's start, after a character no word holds
            after = ("lower(f.name) GLOB ?", ("*[^0-9a-z]" + pattern + "*",))
            matches = _all("OR", [matches, after])
    sql = f"CASE WHEN {ascii_name[0]} THEN {matches[0]} ELSE 1 END"
    return Clause(sql, ascii_name[1] + matches[1], *ascii_name)


TIME_COLUMNS = {"modifiedTime": "f.modified", "createdTime": "f.created"}
TIME_COLUMNS["viewedByMeTime"] = TIME_COLUMNS["modifiedTime"]
TEXT_COLUMNS = {"name": "f.name", "mimeType": "f.mime_type"}
STARRED = "(CASE WHEN json_extract(f.extra, '$.starred') THEN 1 ELSE 0 END)"
MAPS = {"properties": "$.properties", "appProperties": "$.appProperties"}
LIVE = "(expiration IS NULL OR expiration > ?)"


def _ordered(value: float) -> int:
    """An integer that orders as the float does."""
    bits = struct.unpack(">q", struct.pack(">d", value))[0]
    return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)


def _unordered(key: int) -> float:
    bits = key if key >= 0 else (-key) | 0x8000000000000000
    return struct.unpack(">d", struct.pack(">Q", bits))[0]


def _first(holds, low: float, high: float) -> float:
    """The least float in ``[low, high]`` for which ``holds`` (false, then true, in order)."""
    start, stop = _ordered(low), _ordered(high)
    while start < stop:
        middle = (start + stop) // 2
        if holds(_unordered(middle)):
            stop = middle
        else:
            start = middle + 1
    return _unordered(start)


def bounds(instant: float) -> tuple[float, float]:
    """The least times whose millisecond rounding reaches ``instant``, and passes it."""
    low, high = instant - 1, instant + 1
    return (
        _first(lambda t: round(t, 3) >= instant, low, high),
        _first(lambda t: round(t, 3) > instant, low, high),
    )


def _time(column: str, operator: str, instant: float) -> Clause:
    low, high = bounds(instant)
    chosen = {
        "<": (f"{column} < ?", (low,)),
        ">=": (f"{column} >= ?", (low,)),
        ">": (f"{column} >= ?", (high,)),
        "<=": (f"{column} < ?", (high,)),
        "=": (f"{column} >= ? AND {column} < ?", (low, high)),
        "!=": (f"({column} < ? OR {column} >= ?)", (low, high)),
    }
    sql, params = chosen[operator]
    return Clause(sql, params)


def _flag(sql: str, params: tuple, operator: str, value: bool) -> Clause:
    """``flag = value`` (or ``!=``) for a condition that is never NULL."""
    wanted = value if operator == "=" else not value
    return Clause(sql if wanted else f"NOT ({sql})", params)


class _Sql(Literals):
    """The parsed query as a ``Clause`` for one viewer (literals are read as the predicate
    reads them)."""

    def __init__(self, viewer: Viewer) -> None:
        super().__init__()
        self.viewer = viewer

    def disjunction(self, parts):
        settled = _settled(parts, "{}")
        if any(p.sql == "1" for p in parts):
            return settled
        sql, params = _all("OR", [(p.sql, p.params) for p in parts])
        return Clause(sql, params, settled.sure, settled.sure_params)

    def conjunction(self, parts):
        settled = _settled(parts, "NOT ({})")
        known = [(p.sql, p.params) for p in parts if p.sql != "1"]
        sql, params = _all("AND", known) if known else ("1", ())
        return Clause(sql, params, settled.sure, settled.sure_params)

    def negate(self, children):
        inner = children[0]
        if inner.exact:
            return Clause(f"NOT ({inner.sql})", inner.params)
        if inner.sure == "0":
            return UNKNOWN
        sql = f"CASE WHEN {inner.sure} THEN NOT ({inner.sql}) ELSE 1 END"
        return Clause(sql, inner.sure_params + inner.params, inner.sure, inner.sure_params)

    def bare(self, children):
        return self._shared_with_me()

    def compare(self, children):
        name, operator, (_, value) = str(children[0]), str(children[1]).lower(), children[2]
        if name in TIME_COLUMNS:
            return _time(TIME_COLUMNS[name], operator, parse_timestamp(value))
        if name == "trashed":
            return _flag("f.trashed = 1", (), operator, value)
        if name == "starred":
            return _flag(f"{STARRED} = 1", (), operator, value)
        if name == "hidden":  # files are never hidden; shared drives are
            return _flag("0", (), operator, value)
        if name == "sharedWithMe":
            shared = self._shared_with_me()
            return _flag(shared.sql, shared.params, operator, value)
        if name in TEXT_COLUMNS and operator in ("=", "!="):
            return Clause(f"{TEXT_COLUMNS[name]} {operator} ?", (value,))
        if name == "name":
            return _word_match(value)
        return UNKNOWN

    def member(self, children):
        (_, value), name = children[0], str(children[1])
        value = {"root": self.viewer.root, "me": self.viewer.email}.get(value, value)
        if name == "parents":
            sql = "f.id IN (SELECT file_id FROM google_drive_parents WHERE parent_id = ?)"
            return Clause(sql, (value,))
        if name == "owners":
            sql = (
                "f.drive_id IS NULL AND f.id IN (SELECT item_id FROM google_drive_permissions "
                f"WHERE role = 'owner' AND email = ? COLLATE BINARY AND {LIVE})"
            )
            return Clause(sql, (value, self.viewer.now))
        return UNKNOWN

    def has(self, children):
        name, (key, value) = str(children[0]), children[1]
        sql = (
            f"EXISTS (SELECT 1 FROM json_each(f.extra, '{MAPS[name]}') "
            "WHERE key = ? AND type = 'text' AND value = ?)"
        )
        return Clause(sql, (key, value))

    def _shared_with_me(self) -> Clause:
        """Shared with the viewer (or a group of theirs) by a grant on the file itself, and not
        theirs, outside shared drives."""
        viewer = self.viewer
        marks = ",".join("?" * len(viewer.emails))
        sql = (
            "f.drive_id IS NULL AND f.id IN (SELECT item_id FROM google_drive_permissions "
            f"WHERE role != 'owner' AND email IN ({marks})) AND f.id NOT IN (SELECT item_id "
            f"FROM google_drive_permissions WHERE role = 'owner' AND email = ? AND {LIVE})"
        )
        return Clause(sql, (*viewer.emails, viewer.email, viewer.now))


def clause(q: str, viewer: Viewer) -> Clause:
    """What SQL can test of ``q`` (already checked by ``query.compile_query``)."""
    return _Sql(viewer).transform(syntax(q))


ORDER_COLUMNS = {
    "createdTime": "f.created",
    "folder": f"(f.mime_type != '{FOLDER}')",
    "modifiedByMeTime": "f.modified",
    "modifiedTime": "f.modified",
    "quotaBytesUsed": "COALESCE((SELECT size FROM google_drive_revisions r "
    "WHERE r.file_id = f.id ORDER BY r.rowid DESC LIMIT 1), 0)",
    "recency": "f.modified",
    "starred": f"(1 - {STARRED})",
    "viewedByMeTime": "f.modified",
}


def order_by(keys: list[list[str]]) -> str | None:
    """``ORDER BY`` for checked ``orderBy`` words (ties in creation order), or None when a key
    (``name``, ``name_natural``, ``sharedWithMeTime``) is ordered in Python."""
    if any(words[0] not in ORDER_COLUMNS for words in keys):
        return None
    parts = [ORDER_COLUMNS[w[0]] + (" DESC" if w[1:] else "") for w in keys]
    return "ORDER BY " + ", ".join([*parts, "f.rowid"])
