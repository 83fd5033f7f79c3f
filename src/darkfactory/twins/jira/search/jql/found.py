"""What a JQL search finds, a page at a time. A query whose clauses and order all have an SQL
form is answered from the issue search tables, reading only the page's issues; any other query
reads the issues its SQL form narrows to and is decided by the Python evaluator."""

from __future__ import annotations

from darkfactory.twins.jira.search.jql.evaluate import Query
from darkfactory.twins.kit.stored_json import loads

SEARCHED = "FROM jira_issue_search AS s"
READ = (  # the stored issues of the rows searched
    f"SELECT r.data {SEARCHED} JOIN jira_records AS r "
    "ON r.kind = 'issue' AND r.id = CAST(s.id AS TEXT)"
)


class Found:
    """The issues one query matches for its viewer, in the query's order."""

    def __init__(self, state, query: Query) -> None:
        self.db = state.db
        self.query = query
        self.where = query.scoped
        self.exact = query.exact
        self._everything: list[dict] | None = None

    def page(self, start: int, size: int) -> list[dict]:
        """At most ``size`` issues (``-1``: all of them) from the ``start``-th on."""
        if not self.exact:
            everything = self.issues()
            return everything[start:] if size < 0 else everything[start : start + size]
        order = self.query.ordering
        rows = self.db.all(
            f"{READ} WHERE s.id IN (SELECT s.id {SEARCHED} WHERE {self.where.text} "
            f"ORDER BY {order.text} LIMIT ? OFFSET ?) ORDER BY {order.text}",
            (*self.where.params, *order.params, size, start, *order.params),
        )
        return [loads(r[0]) for r in rows]

    def total(self) -> int:
        if not self.exact:
            return len(self.issues())
        return self.db.scalar(
            f"SELECT count(*) {SEARCHED} WHERE {self.where.text}", self.where.params
        )

    def issues(self) -> list[dict]:
        if self.exact:
            return self.page(0, -1)
        if self._everything is None:
            rows = self.db.all(
                f"{READ} WHERE {self.where.text}",
                self.where.params,
            )
            self._everything = self.query.select(loads(r["data"]) for r in rows)
        return self._everything


def search(state, viewer: str | None, jql: str, warnings: list[str] | None = None) -> Found:
    """The issues ``viewer`` may browse that match ``jql``, in the query's order. With
    ``warnings``, a clause naming an unknown field or value matches nothing and its error joins
    ``warnings`` instead of refusing the query."""
    if warnings is not None:
        return Found(state, Query(state, viewer, jql, warnings))
    return Found(state, compiled(state, viewer, jql))


def compiled(state, viewer: str | None, jql: str) -> Query:
    """``jql`` compiled for ``viewer``; a steady query with an exact SQL form is compiled once
    per catalog stamp and shared (only its SQL is read again, never its evaluator)."""
    fresh: list[Query] = []

    def compile_once() -> Query | None:
        query = Query(state, viewer, jql)
        fresh.append(query)
        return query if query.steady and query.exact else None

    kept = state.memo(("jql", viewer, jql), compile_once)
    if kept is not None:
        return kept
    return fresh[0] if fresh else Query(state, viewer, jql)
