"""JQL history searches: ``WAS`` (what a field held, when, set by whom) and ``CHANGED`` (the
changes themselves), with their ``BY``/``AFTER``/``BEFORE``/``ON``/``DURING``/``FROM``/``TO``
predicates, read from each issue's changelog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Tree

from darkfactory.twins.jira.search.jql.operands import EMPTY, day_start, operands
from darkfactory.twins.jira.search.jql.parser import jql_error

Predicate = Callable[[dict], bool]
HISTORY_FIELDS = {"assignee", "fixVersions", "priority", "reporter", "resolution", "status"}


class History:
    """The history clauses of a ``Query`` (which supplies ``state``, ``resolve`` and ``actual``)."""

    def _history_field(self, field: dict) -> None:
        if field["id"] not in HISTORY_FIELDS:
            raise jql_error(
                "History searches are not supported for the "
                f"'{field.get('clause', field['name'])}' field."
            )

    def _timeline(self, issue: dict, field: dict) -> list[tuple[float, float, str, set]]:
        """(start, end, who set it, values) for each stretch of the field's history."""
        changes = [
            (h["created"], h["author"], item)
            for h in self.state.history(issue)
            for item in h["items"]
            if item["fieldId"] == field["id"]
        ]
        current = {str(v) for v in self.actual(issue, field)}
        first = _raw(changes[0][2]["from"]) if changes else current
        stretches = [(issue["fields"]["created"], issue["fields"]["creator"], first)]
        stretches += [(when, who, _raw(item["to"])) for when, who, item in changes]
        ends = [s[0] for s in stretches[1:]] + [float("inf")]
        return [
            (start, end, who, vals) for (start, who, vals), end in zip(stretches, ends, strict=True)
        ]

    def _predicates(self, field: dict, nodes: list[Tree]) -> list[tuple[str, Any]]:
        users = {"clause": "by", "kind": "user", "name": "by", "id": "by"}
        when = {"clause": field.get("clause", ""), "kind": "datetime", "name": "", "id": ""}
        out = []
        for node in nodes:
            word = str(node.children[0]).lower()
            if word == "by":
                out.append(
                    (
                        "by",
                        {
                            str(u)
                            for v in operands(node.children[1])
                            for u in self.resolve(users, v)
                        },
                    )
                )
            elif word in ("from", "to"):
                out.append(
                    (
                        word,
                        {
                            str(w)
                            for v in operands(node.children[1])
                            for w in self._resolve_or_empty(field, v)
                        },
                    )
                )
            elif word == "during":
                start = self.resolve(when, operands(node.children[1])[0])[0]
                end = self.resolve(when, operands(node.children[2])[0])[0]
                out.append(("during", (start, end)))
            else:
                moment = self.resolve(when, operands(node.children[1])[0])[0]
                out.append(
                    (
                        word,
                        (day_start(moment), day_start(moment) + 86400) if word == "on" else moment,
                    )
                )
        return out

    def _resolve_or_empty(self, field: dict, value: Any) -> list:
        return [None] if value is EMPTY else self.resolve(field, value)

    def _was(self, field: dict, values: list, negated: bool, nodes: list[Tree]) -> Predicate:
        self._history_field(field)
        wanted = {str(w) for v in values for w in self._resolve_or_empty(field, v) if w is not None}
        wants_empty = any(v is EMPTY for v in values)
        checks = self._predicates(field, nodes)

        def fits(start: float, end: float, who: str) -> bool:
            for word, arg in checks:
                if word == "by" and who not in arg:
                    return False
                if word == "after" and not end > arg:
                    return False
                if word == "before" and not start < arg:
                    return False
                if word in ("on", "during") and not (start <= arg[1] and end >= arg[0]):
                    return False
            return True

        def was(issue: dict) -> bool:
            return any(
                (vals & wanted or (wants_empty and not vals)) and fits(start, end, who)
                for start, end, who, vals in self._timeline(issue, field)
            )

        return (lambda issue: not was(issue)) if negated else was

    def _changed(self, field: dict, nodes: list[Tree]) -> Predicate:
        self._history_field(field)
        checks = self._predicates(field, nodes)

        def fits(when: float, who: str, item: dict) -> bool:
            for word, arg in checks:
                if word == "by" and who not in arg:
                    return False
                if word in ("from", "to"):
                    vals = _raw(item[word])
                    if not (
                        vals & arg or (None in arg and not vals) or ("None" in arg and not vals)
                    ):
                        return False
                if word == "after" and not when > arg:
                    return False
                if word == "before" and not when < arg:
                    return False
                if word in ("on", "during") and not arg[0] <= when <= arg[1]:
                    return False
            return True

        return lambda issue: any(
            item["fieldId"] == field["id"] and fits(h["created"], h["author"], item)
            for h in self.state.history(issue)
            for item in h["items"]
        )


def _raw(text: str | None) -> set:
    return set() if not text else {part.strip() for part in str(text).split(",")}
