"""Issue search with JQL: ``/search/jql`` (``nextPageToken``/``isLast``), the older ``/search``
(``startAt``/``maxResults``/``total``), approximate counts, JQL parsing and matching."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache, partial

from starlette.datastructures import QueryParams
from starlette.routing import Route

from darkfactory.twins.jira.api import (
    actor,
    authenticated,
    body,
    ids,
    integer,
    listed,
    repeated,
    rest,
    strings,
    text,
)
from darkfactory.twins.jira.errors import JiraError, bad_request
from darkfactory.twins.jira.issues.operations import writer
from darkfactory.twins.jira.search.jql.evaluate import (
    ORDERED_KINDS,
    TEXT_KINDS,
    UNSORTABLE,
    Query,
)
from darkfactory.twins.jira.search.jql.found import search
from darkfactory.twins.jira.search.jql.history import HISTORY_FIELDS
from darkfactory.twins.jira.search.jql.parser import RESERVED, parse
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

MAX_PAGE = 5000
MAX_PAGE_WITH_FIELDS = 100
# While the site has made no more issues than this, a search runs on the event loop: over so few,
# even a text search takes about a millisecond, less than handing it to a worker thread costs.
LIGHT_ISSUES = 50


def few_issues(call: Call) -> bool:
    """Whether the site has made so few issues that any search over them is light (see above)."""
    return state_of(call).made("issue") <= LIGHT_ISSUES


# A search reads only, finds its caller on the event loop first, and runs there when light.
searching = partial(operation, reads=True, prepare=authenticated, light=few_issues)


def _params(call: Call) -> dict:
    """Search parameters from the query string (GET) or the JSON body (POST); those of a query
    string are shared by every search that sends the same one: never change them."""
    if call.request.method == "POST":
        data = body(call)
        return {
            **data,
            "fields": listed(data.get("fields")) if "fields" in data else None,
            "expand": listed(data.get("expand")),
            "properties": listed(data.get("properties")),
        }
    return _query_params(call.request.scope["query_string"])


@lru_cache(maxsize=256)
def _query_params(raw: bytes) -> dict:
    """The search parameters of one query string, read once: clients repeat their searches."""
    query = QueryParams(raw)
    return {
        "jql": query.get("jql", ""),
        "startAt": query.get("startAt"),
        "maxResults": query.get("maxResults"),
        "nextPageToken": query.get("nextPageToken"),
        "fields": repeated(query, "fields") if "fields" in query else None,
        "expand": repeated(query, "expand"),
        "properties": repeated(query, "properties"),
        "validateQuery": query.get("validateQuery"),
    }


VALIDATIONS = ("strict", "warn", "none", "true", "false")


def _validation(params: dict) -> str:
    """How a search validates its JQL: ``strict``, ``warn`` or ``none`` (the legacy ``true`` and
    ``false`` read as ``strict`` and ``warn``)."""
    raw = params.get("validateQuery")
    mode = "strict" if raw is None else str(raw).lower()
    if mode not in VALIDATIONS:
        raise bad_request(f"The value '{raw}' is not valid for the validateQuery parameter.")
    return {"true": "strict", "false": "warn"}.get(mode, mode)


def bounded(jql: str) -> str:
    """``jql``, if it restricts the search: Cloud's enhanced search refuses unbounded queries."""
    where, _ = parse(jql).children
    if where is None:
        raise bad_request(
            "Unbounded JQL queries are not allowed here. Please add a search restriction to "
            "your query."
        )
    return jql


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode(token: str | None) -> int:
    if not token:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if kind == "offset" and number.isdigit():
            return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise bad_request("The provided next page token is invalid or expired.")


@searching("searchAndReconsileIssuesUsingJql")
def search_and_reconsile_issues_using_jql(call: Call) -> dict:
    account_id = actor(call)
    params = _params(call)
    fields = params["fields"]
    limit = MAX_PAGE if not fields or fields == ["id"] else MAX_PAGE_WITH_FIELDS
    size = min(max(integer(call, "maxResults", 50, params), 0), limit)
    start = _decode(text(params, "nextPageToken"))
    found = search(state_of(call), account_id, bounded(text(params, "jql")))
    page = found.page(start, size + 1)  # one more than asked: is there a next page?
    last, page = len(page) <= size, page[:size]
    out = writer(call)
    if not fields or fields == ["id"]:
        issues = [{"id": i["id"]} for i in page]
    else:
        issues = out.issues(page, fields, params["expand"], params["properties"])
    answer: dict = {"issues": issues, "isLast": last}
    if not answer["isLast"]:
        answer["nextPageToken"] = _encode(start + size)
    return answer


@searching("searchForIssuesUsingJql")
def search_for_issues_using_jql(call: Call) -> dict:
    account_id = actor(call)
    params = _params(call)
    start = max(integer(call, "startAt", 0, params), 0)
    size = min(max(integer(call, "maxResults", 50, params), 0), MAX_PAGE_WITH_FIELDS)
    mode = _validation(params)
    warnings = None if mode == "strict" else []
    found = search(state_of(call), account_id, text(params, "jql"), warnings)
    out = writer(call)
    fields = params["fields"] or ["*navigable"]
    page = found.page(start, size)
    answer = {
        "expand": "schema,names",
        "startAt": start,
        "maxResults": size,
        "total": found.total(),
        "issues": out.issues(page, fields, params["expand"], params["properties"]),
    }
    if mode == "warn" and warnings:
        answer["warningMessages"] = warnings
    return answer


@searching("countIssues")
def count_issues(call: Call) -> dict:
    account_id = actor(call)
    jql = bounded(text(body(call), "jql"))
    return {"count": search(state_of(call), account_id, jql).total()}


FUNCTIONS = (
    "currentUser()",
    "membersOf()",
    "now()",
    "startOfDay()",
    "endOfDay()",
    "startOfWeek()",
    "endOfWeek()",
    "startOfMonth()",
    "endOfMonth()",
    "startOfYear()",
    "endOfYear()",
    "openSprints()",
    "closedSprints()",
    "futureSprints()",
    "watchedIssues()",
    "votedIssues()",
    "linkedIssues()",
)
EQUALITY = ["=", "!=", "in", "not in", "is", "is not"]
ORDERED = ["=", "!=", ">", ">=", "<", "<=", "in", "not in", "is", "is not"]
TEXT = ["~", "!~", "is", "is not"]


@operation("getAutoComplete")
def get_auto_complete(call: Call) -> dict:
    """The field names, functions and reserved words JQL editors offer."""
    actor(call)
    names = []
    for field in state_of(call).fields():
        kind = field["kind"]
        operators = TEXT if kind in TEXT_KINDS else ORDERED if kind in ORDERED_KINDS else EQUALITY
        if field["id"] in HISTORY_FIELDS:
            operators = [*operators, "was", "was in", "was not in", "was not", "changed"]
        for clause in field["clauses"]:
            names.append(
                {
                    "value": clause if " " not in clause else f'"{clause}"',
                    "displayName": clause,
                    "orderable": "true" if kind not in UNSORTABLE else "false",
                    "searchable": "true",
                    "operators": operators,
                    "types": [f"com.atlassian.jira.issue.{kind}"],
                    **({"cfid": f"cf[{field['customId']}]"} if field["custom"] else {}),
                }
            )
    functions = [{"value": f, "displayName": f, "types": ["java.lang.Object"]} for f in FUNCTIONS]
    return {
        "visibleFieldNames": names,
        "visibleFunctionNames": functions,
        "jqlReservedWords": sorted(RESERVED),
    }


@operation("parseJqlQueries")
def parse_jql_queries(call: Call) -> dict:
    actor(call)
    queries = body(call).get("queries")
    if not isinstance(queries, list):
        raise bad_request("The 'queries' list is required.")
    answers = []
    for query in queries:
        try:
            tree = parse(str(query))
            answers.append(
                {
                    "query": query,
                    "structure": {
                        "where": {
                            "clauses": len(
                                list(
                                    tree.find_pred(
                                        lambda t: (
                                            t.data
                                            in (
                                                "compare",
                                                "in_list",
                                                "not_in_list",
                                                "is_empty",
                                                "is_not_empty",
                                                "was",
                                                "changed",
                                            )
                                        )
                                    )
                                )
                            )
                        }
                    },
                }
            )
        except JiraError as error:
            answers.append({"query": query, "errors": error.detail["messages"]})
    return {"queries": answers}


@operation("matchIssues", reads=True, prepare=authenticated)
def match_issues(call: Call) -> dict:
    account_id = actor(call)
    data = body(call)
    state = state_of(call)
    named = [state.get("issue", i) for i in sorted(set(ids(data, "issueIds")), key=int)]
    issues = [i for i in named if i is not None]
    matches = []
    for jql in strings(data, "jqls"):
        hits = [int(i["id"]) for i in Query(state, account_id, jql).select(issues)]
        matches.append({"matchedIssues": sorted(hits), "errors": []})
    return {"matches": matches}


search_and_reconsile_issues_using_jql_post = searching("searchAndReconsileIssuesUsingJqlPost")(
    search_and_reconsile_issues_using_jql.__wrapped__
)
search_for_issues_using_jql_post = searching("searchForIssuesUsingJqlPost")(
    search_for_issues_using_jql.__wrapped__
)


def routes() -> list[Route]:
    return [
        *rest("/search/jql", search_and_reconsile_issues_using_jql, "GET"),
        *rest("/search/jql", search_and_reconsile_issues_using_jql_post, "POST"),
        *rest("/search", search_for_issues_using_jql, "GET"),
        *rest("/search", search_for_issues_using_jql_post, "POST"),
        *rest("/search/approximate-count", count_issues, "POST"),
        *rest("/jql/parse", parse_jql_queries, "POST"),
        *rest("/jql/autocompletedata", get_auto_complete, "GET"),
        *rest("/jql/match", match_issues, "POST"),
    ]
