"""JQL clauses and sort keys as SQL over the issue search tables (alias ``s``, see ``index.py``).

A condition is *exact* when it decides its clause alone, and otherwise only narrows: every issue
the clause matches passes it. Exact conditions are never NULL, so ``NOT`` keeps its meaning. What
has no SQL form here (text search, history, custom fields ...) is left to the Python evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from darkfactory.twins.jira.search.jql.index import COLUMNS, LISTS

RANKED = {"project", "issuetype", "status", "resolution", "assignee", "reporter", "creator"}
COMPARED = {"created", "updated", "priority", "issuekey"}


@dataclass(frozen=True)
class Sql:
    """A piece of SQL with its parameters; ``exact`` as the module says."""

    text: str
    params: tuple = ()
    exact: bool = True


EVERYTHING = Sql("1")
NOTHING = Sql("0")


def all_of(parts: list[Sql | None]) -> Sql | None:
    known = [p for p in parts if p is not None]
    if not known:
        return None
    exact = len(known) == len(parts) and all(p.exact for p in known)
    if len(known) == 1:
        return Sql(known[0].text, known[0].params, exact)
    return _joined(" AND ", known, exact)


def any_of(parts: list[Sql | None]) -> Sql | None:
    if any(p is None for p in parts):
        return None
    return _joined(" OR ", parts, all(p.exact for p in parts))


def negated(part: Sql | None) -> Sql | None:
    if part is None or not part.exact:
        return None
    return Sql(f"NOT ({part.text})", part.params)


def _joined(word: str, parts: list[Sql], exact: bool) -> Sql:
    text = word.join(f"({p.text})" for p in parts)
    return Sql(text, tuple(v for p in parts for v in p.params), exact)


def _in(expression: str, values: list) -> Sql:
    marks = ", ".join("?" for _ in values)
    return Sql(f"{expression} IN ({marks})", tuple(values)) if values else NOTHING


def in_projects(project_ids: list[str]) -> Sql:
    return _in("s.project", project_ids)


def _column(field: dict) -> str | None:
    if field["id"] == "issuekey":
        return "s.id"
    return f"s.{field['id']}" if field["id"] in COLUMNS else None


def _has(field_id: str, values: list | None = None) -> Sql:
    """Whether the issue's list field holds one of ``values`` (any value, without them)."""
    pick = "SELECT issue FROM jira_issue_values WHERE field = ?"
    if values is None:
        return Sql(f"s.id IN ({pick})", (field_id,))
    if not values:
        return NOTHING
    found = _in("value", values)
    return Sql(f"s.id IN ({pick} AND {found.text})", (field_id, *found.params))


def equal(field: dict, wanted: set, negate: bool) -> Sql | None:
    """``field = / != / IN / NOT IN`` the stored values ``wanted`` (None: empty matches)."""
    values = sorted(w for w in wanted if w is not None)
    null = None in wanted
    if field["id"] in LISTS:
        if field["id"] == "labels":
            if not all(v.isascii() for v in values):  # SQLite folds the case of ASCII only
                return None
            values = [v.lower() for v in values]
        hit, some = _has(field["id"], values), _has(field["id"])
    else:
        column = _column(field)
        if column is None or field["kind"] == "datetime":
            return None
        if column == "s.id":
            if not all(v.isdigit() for v in values):
                return None
            values = [int(v) for v in values]
        found = _in(column, values)
        hit = Sql(f"{column} IS NOT NULL AND {found.text}", found.params) if values else NOTHING
        some = Sql(f"{column} IS NOT NULL")
    if negate:
        return all_of([some, negated(hit)])
    return any_of([hit, negated(some)]) if null else hit


def empty(field: dict, is_empty: bool) -> Sql | None:
    """``field IS EMPTY`` or ``IS NOT EMPTY``."""
    if field["id"] in LISTS:
        some = _has(field["id"])
    else:
        column = _column(field)
        if column is None:
            return None
        some = Sql(f"{column} IS NOT NULL")
    return negated(some) if is_empty else some


def compare(field: dict, operator: str, bounds: list) -> Sql | None:
    """``field > / >= / < / <=`` any of ``bounds``, given as the field's sort values."""
    if field["id"] not in COMPARED:
        return None
    if field["id"] == "issuekey":
        if not all(isinstance(b, tuple) for b in bounds):
            return None
        parts = [Sql(f"(s.keyproject, s.keynumber) {operator} (?, ?)", b) for b in bounds]
        return any_of(parts) if parts else NOTHING
    if not all(isinstance(b, int | float) for b in bounds):
        return None
    column = _column(field)
    value = "-CAST(s.priority AS INTEGER)" if field["id"] == "priority" else column
    parts = [Sql(f"{value} {operator} ?", (b,)) for b in bounds]
    if not parts:
        return NOTHING
    within = any_of(parts)
    return Sql(f"{column} IS NOT NULL AND ({within.text})", within.params)


def sort_key(field: dict, labels: dict[str, Any] | None, descending: bool) -> Sql | None:
    """``ORDER BY`` terms for one sort key: empty values last (first when descending), then the
    field's sort value; ``labels`` gives the value of each stored id for fields sorted by a name."""
    column = _column(field)
    if column is None or field["id"] not in COMPARED | RANKED:
        return None
    way = " DESC" if descending else ""
    if field["id"] == "issuekey":
        return Sql(f"s.keyproject{way}, s.keynumber{way}")
    if field["id"] == "priority":
        return Sql(f"({column} IS NULL){way}, -CAST({column} AS INTEGER){way}")
    if field["id"] in RANKED:
        if labels is None:
            return None
        order = {label: rank for rank, label in enumerate(sorted({"", *labels.values()}))}
        cases = " ".join("WHEN ? THEN ?" for _ in labels)
        params = tuple(v for rid, label in labels.items() for v in (rid, order[label]))
        value = f"CASE {column} {cases} ELSE {order['']} END" if labels else str(order[""])
        return Sql(f"({column} IS NULL){way}, {value}{way}", params)
    return Sql(f"({column} IS NULL){way}, {column}{way}")


def order_by(keys: list[Sql | None]) -> Sql | None:
    """The whole ``ORDER BY``: the keys in turn, then the newest issue first."""
    if any(k is None for k in keys):
        return None
    return Sql(
        ", ".join([*(k.text for k in keys), "s.id DESC"]), tuple(v for k in keys for v in k.params)
    )
