"""Bad input gets Jira's error answers: never a 500, always the ``errorMessages``/``errors``
envelope. Raw HTTP on purpose: the point is what arbitrary bytes and JSON get on the wire."""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRAGMENTS = [
    "project",
    "=",
    "!=",
    "~",
    ">",
    "<=",
    "in",
    "not",
    "is",
    "empty",
    "was",
    "changed",
    "by",
    "after",
    "(",
    ")",
    ",",
    '"',
    "'",
    "DEMO",
    "DEMO-1",
    "status",
    "Done",
    "assignee",
    "currentUser()",
    "membersOf(",
    "-7d",
    "order by",
    "desc",
    "and",
    "or",
    "cf[10000]",
    "labels",
    "duedate",
    "2026-01-01",
    "@",
    "*",
    "\\",
    "from",
    "to",
    "during",
    "text",
    "sprint",
    "created",
]
JQL = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=8).map(" ".join)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELD_NAMES = [
    "summary",
    "description",
    "issuetype",
    "project",
    "assignee",
    "labels",
    "priority",
    "components",
    "fixVersions",
    "duedate",
    "parent",
    "customfield_10000",
    "customfield_10001",
    "customfield_10002",
    "resolution",
    "status",
    "reporter",
    "x",
]
ENDPOINTS = [
    ("POST", "/rest/api/3/issue"),
    ("PUT", "/rest/api/3/issue/DEMO-1"),
    ("PUT", "/rest/api/2/issue/DEMO-1"),
    ("POST", "/rest/api/3/issue/DEMO-1/transitions"),
    ("POST", "/rest/api/3/issue/DEMO-1/comment"),
    ("POST", "/rest/api/3/issue/DEMO-1/worklog"),
    ("PUT", "/rest/api/3/issue/DEMO-1/assignee"),
    ("POST", "/rest/api/3/issue/bulk"),
    ("POST", "/rest/api/3/project"),
    ("POST", "/rest/api/3/permissionscheme"),
    ("POST", "/rest/api/3/issueLink"),
    ("POST", "/rest/api/3/search/jql"),
    ("POST", "/rest/api/3/workflow"),
    ("POST", "/rest/agile/1.0/sprint"),
    ("POST", "/rest/agile/1.0/board"),
]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def call(creds: dict, method: str, path: str, **kwargs) -> httpx.Response:
    return httpx.request(
        method, creds["url"] + path, auth=(creds["email"], creds["api_token"]), timeout=10, **kwargs
    )


def assert_envelope(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        if isinstance(body.get("errors"), list):  # bulk create: one envelope per failed element
            assert all(isinstance(e["elementErrors"]["errors"], dict) for e in body["errors"])
            return
        assert isinstance(body["errorMessages"], list) and isinstance(body["errors"], dict)
        assert body["errorMessages"] or body["errors"]


@SETTINGS
@given(jql=JQL)
def test_any_jql_is_answered_or_refused_in_jira_words(jira_credentials, jql):
    response = call(jira_credentials, "GET", "/rest/api/3/search/jql", params={"jql": jql})
    assert_envelope(response)
    if response.status_code == 400:
        assert len(response.json()["errorMessages"]) == 1


@SETTINGS
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    fields=st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=5),
    extra=st.dictionaries(
        st.sampled_from(
            [
                "transition",
                "update",
                "body",
                "name",
                "key",
                "issueUpdates",
                "type",
                "inwardIssue",
                "timeSpent",
                "accountId",
                "originBoardId",
                "jql",
            ]
        ),
        VALUES,
        max_size=3,
    ),
)
def test_arbitrary_json_never_breaks_the_twin(jira_credentials, endpoint, fields, extra):
    method, path = endpoint
    assert_envelope(call(jira_credentials, method, path, json={"fields": fields, **extra}))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    raw=st.binary(max_size=120),
    ctype=st.sampled_from(["application/json", "text/plain", "multipart/form-data; boundary=x"]),
)
def test_malformed_bodies_are_answered(jira_credentials, endpoint, raw, ctype):
    method, path = endpoint
    assert_envelope(
        call(jira_credentials, method, path, content=raw, headers={"Content-Type": ctype})
    )
