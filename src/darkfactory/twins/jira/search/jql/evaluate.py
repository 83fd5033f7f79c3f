"""Evaluating JQL against the issues a viewer may browse: each clause becomes a predicate over
an issue's stored values, and where it can, also a condition on the issue search tables
(``sql.py``); ``ORDER BY`` becomes a sort, and where it can, an SQL ``ORDER BY``. Values in the
query are resolved to the stored form (ids, account ids, instants) once, before any issue is
looked at."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from lark import Tree

from darkfactory.twins.jira import adf
from darkfactory.twins.jira.agile.state import rank_of
from darkfactory.twins.jira.errors import JiraError
from darkfactory.twins.jira.fields.state import STATUS_CATEGORIES
from darkfactory.twins.jira.search.jql import sql
from darkfactory.twins.jira.search.jql.history import History, Predicate
from darkfactory.twins.jira.search.jql.operands import (
    EMPTY,
    Call,
    Literal,
    date_function,
    day_start,
    instant,
    operands,
)
from darkfactory.twins.jira.search.jql.parser import jql_error, parse
from darkfactory.twins.jira.search.jql.sql import Sql

TEXT_KINDS = {"string", "adf", "comments", "fulltext", "textarea"}
ORDERED_KINDS = {"number", "date", "datetime", "issuekey", "priority", "watches", "votes"}
UNSORTABLE = {"adf", "comments", "fulltext", "links", "attachments", "worklogs", "subtasks"}
NAMED = {"issuetype", "status", "priority", "resolution"}
# kinds sorted by a name: the records their stored values are ids of, and the name they show
NAMES = {
    **{kind: (kind, "name") for kind in NAMED},
    "project": ("project", "key"),
    "user": ("user", "displayName"),
    "users": ("user", "displayName"),
    "option": ("option", "value"),
    "options": ("option", "value"),
}
FULLTEXT = {"id": "text", "name": "text", "kind": "fulltext", "custom": False}
RANK = {
    "id": "rank",
    "name": "Rank",
    "kind": "rank",
    "custom": False,
    "clause": "Rank",
}  # board order


class Query(History):
    """One JQL query, compiled for one viewer at one instant.

    ``steady`` stays true while compiling reads nothing but the site's catalog (see ``records``):
    no clock, no issue, no link. Such a query, if it also has an exact SQL form, compiles to the
    same SQL for as long as the catalog stamp stays as it is."""

    def __init__(
        self, state, viewer: str | None, jql: str, warnings: list[str] | None = None
    ) -> None:
        self.state = state
        self.viewer = viewer
        self.warnings = warnings
        self.steady = True
        self.projects = {p["id"]: p for p in state.browsable_projects(viewer)}
        where, order = parse(jql or "").children
        self.match: Predicate = lambda issue: True
        self.where: Sql | None = sql.EVERYTHING  # the SQL form of the query's clauses
        if where is not None:
            self.match, self.where = self._compile(where)
        self.order = self._sort_keys(order)
        self.ordering = sql.order_by(
            [sql.sort_key(f, self._labels(f), descending) for f, descending in self.order]
        )

    @functools.cached_property
    def scoped(self) -> Sql | None:
        """The SQL form of the query within the viewer's projects."""
        return sql.all_of([sql.in_projects(list(self.projects)), self.where])

    @functools.cached_property
    def exact(self) -> bool:
        """Whether SQL alone decides the query, its order included."""
        return self.scoped.exact and self.ordering is not None

    @functools.cached_property
    def now(self) -> float:
        """The instant the query's dates are relative to, read when first needed."""
        self.steady = False
        return self.state.now()

    # -- fields and values ------------------------------------------------------------------------
    def field(self, node: Tree) -> dict:
        token = node.children[0]
        name = str(token)[1:-1] if token.type == "STRING" else str(token)
        if name.lower() == "text":
            return FULLTEXT
        if name.lower() == "rank":
            return RANK
        if token.type == "PROPERTY":
            return entity_property(name)
        field = self.state.field_for_clause(name)
        if field is None or field["kind"] in ("timetracking",):
            raise jql_error(
                f"Field '{name}' does not exist or you do not have permission to view it."
            )
        return {**field, "clause": name}

    def _system(self, field_id: str) -> dict:
        return self.state.field(field_id)

    def actual(self, issue: dict, field: dict) -> list:
        """The stored values ``field`` has on ``issue``, as a list (empty when the field is)."""
        kind, fields = field["kind"], issue["fields"]
        if kind == "project":
            return [issue["project"]]
        if kind == "rank":
            return [rank_of(issue)]
        if kind == "property":
            value = self.state.property_value("issue", issue["id"], field["key"])
            for step in field["path"]:
                value = value.get(step) if isinstance(value, dict) else None
            items = value if isinstance(value, list) else [] if value is None else [value]
            return [v if isinstance(v, str) else json.dumps(v) for v in items]
        if kind == "issuekey":
            return [issue["id"]]
        if kind == "statuscategory":
            return [self.state.status(fields["status"])["category"]]
        if kind in ("watches", "votes"):
            return [len(issue["watchers" if kind == "watches" else "votes"])]
        if kind == "comments":
            return [
                " ".join(adf.to_text(c["body"]) for c in self.state.find("comment", issue["id"]))
            ]
        if kind == "fulltext":
            texts = [fields.get("summary") or "", adf.to_text(fields.get("description"))]
            texts += [adf.to_text(c["body"]) for c in self.state.find("comment", issue["id"])]
            return [" ".join(texts)]
        value = fields.get(field["id"])
        if kind == "adf":
            value = adf.to_text(value) or None
        if kind == "date" and value:
            value = instant(value, self.now, field["clause"])
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]

    def resolve(self, field: dict, operand: Any) -> list:
        """Stored values an operand stands for, for comparing with ``field``."""
        if isinstance(operand, Call):
            return self._call(field, operand)
        text = operand.text
        kind, clause = field["kind"], field["clause"] if "clause" in field else field["name"]
        state = self.state
        if kind in TEXT_KINDS or kind == "labels":
            return [text]
        if kind in ("number", "watches", "votes"):
            try:
                return [float(text)]
            except ValueError:
                raise jql_error(f"Value '{text}' is invalid for the '{clause}' field.") from None
        if kind in ("date", "datetime"):
            return [instant(text, self.now, clause)]
        if kind == "project":
            found = [
                p["id"]
                for p in self.projects.values()
                if text.lower() in (p["key"].lower(), p["id"], p["name"].lower())
            ]
        elif kind in NAMED:
            if kind == "resolution" and text.lower() == "unresolved":
                return [None]
            found = [
                r["id"] for r in state.every(kind) if text.lower() in (r["id"], r["name"].lower())
            ]
        elif kind == "statuscategory":
            found = [
                k
                for k, c in STATUS_CATEGORIES.items()
                if text.lower() in (k, c["name"].lower(), str(c["id"]))
            ]
        elif kind in ("user", "users"):
            found = [
                u["accountId"]
                for u in state.every("user")
                if text.lower()
                in (u["accountId"].lower(), u["emailAddress"].lower(), u["displayName"].lower())
            ]
        elif kind in ("option", "options"):
            found = [
                o["id"]
                for o in state.every("option", field["id"])
                if text.lower() in (o["id"], o["value"].lower())
            ]
        elif kind in ("components", "versions"):
            found = [
                p["id"]
                for p in state.every(kind[:-1])
                if p["projectId"] in self.projects and text.lower() in (p["id"], p["name"].lower())
            ]
        elif kind in ("issuekey", "parent"):
            self.steady = False
            issue = state.find_issue(text)
            if issue is None or issue["project"] not in self.projects:
                raise jql_error(f"An issue with key '{text}' does not exist for field '{clause}'.")
            return [issue["id"]]
        elif kind == "sprint":
            found = [
                s["id"]
                for s in state.every("sprint")
                if text.lower() in (str(s["id"]), s["name"].lower())
            ]
        else:
            found = [text]
        if not found:
            raise jql_error(f"The value '{text}' does not exist for the field '{clause}'.")
        return found

    def _call(self, field: dict, call: Call) -> list:
        name = call.name.lower()
        if name == "currentuser":
            return [self.viewer]
        issues = self._issue_function(name, call.arguments)
        if issues is not None:
            return issues
        if name == "membersof":
            if not call.arguments:
                raise jql_error("Function 'membersOf' expected 1 argument but got 0.")
            group = self.state.find_by("group", "name", call.arguments[0])
            if group is None:
                raise jql_error(
                    "Function 'membersOf' can not generate a list of usernames for group "
                    f"'{call.arguments[0]}'; the group does not exist."
                )
            return list(group["members"])
        sprints = {
            "opensprints": ("active", "future"),
            "closedsprints": ("closed",),
            "futuresprints": ("future",),
        }
        if name in sprints:
            return [s["id"] for s in self.state.find("sprint") if s["state"] in sprints[name]]
        moment = date_function(name, call.arguments, self.now)
        if moment is not None:
            return [moment]
        raise jql_error(f"Unable to find JQL function '{call.name}({', '.join(call.arguments)})'.")

    def _issue_function(self, name: str, arguments: tuple[str, ...]) -> list | None:
        """``watchedIssues()``, ``votedIssues()``, ``linkedIssues(KEY[, link])``: issue ids."""
        state = self.state
        if name in ("watchedissues", "votedissues", "linkedissues"):
            self.steady = False
        if name in ("watchedissues", "votedissues"):
            people = "watchers" if name == "watchedissues" else "votes"
            return [i["id"] for i in state.issues() if self.viewer in i[people]]
        if name != "linkedissues":
            return None
        if not arguments:
            raise jql_error("Function 'linkedIssues' expected between 1 and 2 arguments but got 0.")
        issue = state.find_issue(arguments[0])
        if issue is None or issue["project"] not in self.projects:
            raise jql_error(
                f"Issue '{arguments[0]}' could not be found in function 'linkedIssues'."
            )
        wanted = {a.lower() for a in arguments[1:]}
        linked = []
        for link in state.links_of(issue):
            kind = state.get("linktype", link["type"])
            words = {kind["name"].lower(), kind["inward"].lower(), kind["outward"].lower()}
            if not wanted or wanted & words:
                linked.append(link["target"] if link["source"] == issue["id"] else link["source"])
        return linked

    # -- clauses ----------------------------------------------------------------------------------
    def _compile(self, node: Tree) -> tuple[Predicate, Sql | None]:
        """The clause as a predicate, and as SQL where it has an SQL form."""
        kind = node.data
        if kind in ("or_expr", "and_expr"):
            compiled = [self._compile(child) for child in node.children]
            parts = [predicate for predicate, _ in compiled]
            combine = any if kind == "or_expr" else all
            joined = (sql.any_of if kind == "or_expr" else sql.all_of)([c for _, c in compiled])
            return (lambda issue: combine(p(issue) for p in parts)), joined
        if kind == "negation":
            inner, condition = self._compile(node.children[-1])
            return (lambda issue: not inner(issue)), sql.negated(condition)
        if self.warnings is None:
            return self._clause(kind, node)
        try:
            return self._clause(kind, node)
        except JiraError as error:  # not validated: the clause matches nothing, and is told of
            self.warnings.extend(error.detail["messages"])
            return (lambda issue: False), sql.NOTHING

    def _clause(self, kind: str, node: Tree) -> tuple[Predicate, Sql | None]:
        field = self.field(node.children[0])
        if kind == "compare":
            return self._compare(field, str(node.children[1]), operands(node.children[2]))
        if kind == "in_list":
            return self._equal(field, operands(node.children[2]), negate=False)
        if kind == "not_in_list":
            return self._equal(field, operands(node.children[3]), negate=True)
        if kind in ("is_empty", "is_not_empty"):
            empty = kind == "is_empty"
            return (lambda issue: (not self.actual(issue, field)) == empty), sql.empty(field, empty)
        if kind == "was":
            _, negated, _, operand, *predicates = node.children
            return self._was(field, operands(operand), negated is not None, predicates), None
        if kind == "changed":
            return self._changed(field, node.children[1:]), None
        raise jql_error(f"Unsupported clause '{kind}'.")

    def _compare(self, field: dict, operator: str, values: list) -> tuple[Predicate, Sql | None]:
        clause = field.get("clause", field["name"])
        if operator in ("~", "!~"):
            if field["kind"] not in TEXT_KINDS:
                raise jql_error(
                    f"The operator '{operator}' is not supported by the '{clause}' field."
                )
            needles = [v.text for v in values if isinstance(v, Literal)]

            def hit(issue: dict) -> bool:
                return any(text_match(h, n) for h in self.actual(issue, field) for n in needles)

            return (hit if operator == "~" else (lambda issue: not hit(issue))), None
        if operator in ("=", "!="):
            return self._equal(field, values, negate=operator == "!=")
        if field["kind"] not in ORDERED_KINDS:
            raise jql_error(f"The operator '{operator}' is not supported by the '{clause}' field.")
        wanted = [w for v in values if v is not EMPTY for w in self.resolve(field, v)]
        key = self._order_value(field)
        compare = {
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
        }[operator]
        bounds = [key(w) for w in wanted]
        return (
            lambda issue: any(
                compare(key(a), b)
                for a in self.actual(issue, field)
                for b in bounds
                if _comparable(key(a), b)
            )
        ), sql.compare(field, operator, bounds)

    def _equal(self, field: dict, values: list, negate: bool) -> tuple[Predicate, Sql | None]:
        empty = any(v is EMPTY for v in values)
        wanted = {
            str(w) if w is not None else None
            for v in values
            if v is not EMPTY
            for w in self.resolve(field, v)
        }
        day = field["kind"] == "date"

        def equal(issue: dict) -> bool:
            have = self.actual(issue, field)
            if field["kind"] in TEXT_KINDS or field["kind"] == "labels":
                hits = {str(h).lower() for h in have} & {
                    str(w).lower() for w in wanted if w is not None
                }
            else:
                hits = {str(day_start(h) if day else h) for h in have} & {
                    str(day_start(float(w)) if day and w else w) for w in wanted
                }
            if None in wanted and not have:
                return True
            return bool(hits) or (empty and not have)

        if field["kind"] == "statuscategory":  # the statuses of those categories
            statuses = {s["id"] for s in self.state.find("status") if s["category"] in wanted}
            condition = sql.equal(self._system("status"), statuses, negate)
        else:
            condition = sql.equal(field, wanted | ({None} if empty else set()), negate)
        if not negate:
            return equal, condition
        return (lambda issue: bool(self.actual(issue, field)) and not equal(issue)), condition

    # -- ordering ---------------------------------------------------------------------------------
    def _order_value(self, field: dict) -> Callable[[Any], Any]:
        kind, state = field["kind"], self.state
        if kind == "issuekey":

            def key(issue_id):
                issue = state.get("issue", issue_id)
                project, _, number = issue["key"].rpartition("-")
                return (project, int(number))

            return key
        if kind == "priority":
            return lambda pid: -int(pid)
        if kind == "date":
            return lambda v: float(v)
        if kind in NAMES:
            table, label = NAMES[kind]
            return lambda rid: (state.get(table, rid) or {}).get(label, "").lower()
        return lambda v: v.lower() if isinstance(v, str) else v

    def _labels(self, field: dict) -> dict[str, str] | None:
        """For a field the SQL sorts by a name: each record's id and its ``_order_value``."""
        if field["id"] not in sql.RANKED:
            return None
        table, label = NAMES[field["kind"]]
        key = "accountId" if table == "user" else "id"
        return {r[key]: r.get(label, "").lower() for r in self.state.every(table)}

    def _sort_keys(self, node: Tree | None) -> list[tuple[dict, bool]]:
        if node is None:
            created = {**self._system("created"), "clause": "created"}
            return [(created, True)]
        keys = []
        for sort_key in node.children[1:]:
            field = self.field(sort_key.children[0])
            if field["kind"] in UNSORTABLE:
                raise jql_error(
                    f"Field '{field.get('clause', field['name'])}' does not support sorting."
                )
            direction = sort_key.children[1]
            keys.append((field, direction is not None and str(direction).lower() == "desc"))
        return keys

    def select(self, issues: Iterable[dict]) -> list[dict]:
        """Of ``issues``, those in the viewer's projects that match, in the query's order."""
        return self.sort([i for i in issues if i["project"] in self.projects and self.match(i)])

    def sort(self, issues: list[dict]) -> list[dict]:
        ordered = sorted(issues, key=lambda i: int(i["id"]), reverse=True)
        for field, descending in reversed(self.order):
            value = self._order_value(field)

            def key(issue: dict, field=field, value=value) -> tuple:
                have = self.actual(issue, field)
                return (1, "") if not have else (0, value(have[0]))

            ordered.sort(key=key, reverse=descending)
        return ordered


def entity_property(clause: str) -> dict:
    """The field ``issue.property[key].path`` stands for: a value in an issue's property."""
    entity, _, rest = clause.partition(".property[")
    key, _, path = rest.partition("]")
    if entity.lower() != "issue":
        raise jql_error(
            f"Field '{clause}' does not exist or you do not have permission to view it."
        )
    return {
        "id": clause,
        "name": clause,
        "kind": "property",
        "custom": False,
        "clause": clause,
        "key": key.strip("\"'"),
        "path": [step for step in path.split(".") if step],
    }


def _comparable(a: Any, b: Any) -> bool:
    return type(a) is type(b) or (isinstance(a, int | float) and isinstance(b, int | float))


def text_match(haystack: str, needle: str) -> bool:
    """Jira's text search, simplified: every word of ``needle`` starts a word of ``haystack``
    (``*`` for an explicit prefix); a needle in double quotes is an exact phrase."""
    lowered = haystack.lower()
    needle = needle.strip().lower()
    if len(needle) > 1 and needle[0] == needle[-1] == '"':
        return needle[1:-1] in lowered
    words = re.findall(r"\w+", lowered)
    terms = re.findall(r"[\w*?]+", needle)

    def found(term: str) -> bool:
        stem = term.rstrip("*?")
        if term.endswith(("*", "?")):
            return any(w.startswith(stem) for w in words)
        return any(w == stem or (w.startswith(stem) and len(w) - len(stem) <= 3) for w in words)

    return bool(terms) and all(found(t) for t in terms)
