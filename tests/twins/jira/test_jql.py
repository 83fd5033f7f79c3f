"""JQL through the SDKs: a suite of queries over the ``JQL`` dataset (see conftest) checked
against expected result sets, both search endpoints and their pagination, and Jira's errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jira import JIRAError
from tests.twins.jira.conftest import atlassian_client, client

P = "project = JQL AND "
CASES: list[tuple[str, list[int]]] = [
    ("project = JQL", [1, 2, 3, 4, 5, 6, 7]),
    (P + "issuetype = Bug", [2, 4]),
    (P + "type in (Story, Epic)", [1, 5, 7]),
    (P + "status = Done", [1, 4]),
    (P + "status != Done", [2, 3, 5, 6, 7]),
    (P + 'status in ("In Progress", "To Do")', [2, 3, 5, 6, 7]),
    (P + 'statusCategory = "In Progress"', [2]),
    (P + "resolution = Unresolved", [2, 3, 5, 6, 7]),
    (P + 'resolution = "Won\'t Do"', [4]),
    (P + "resolution IS NOT EMPTY", [1, 4]),
    (P + "assignee IS EMPTY", [3, 7]),
    (P + 'assignee = "grace@example.com"', [1, 6]),
    (P + "assignee = currentUser()", [5]),
    (P + 'assignee in membersOf("developers")', [2, 4]),
    (P + 'assignee != "linus@example.com"', [1, 5, 6]),
    (P + 'assignee not in ("linus@example.com", currentUser())', [1, 6]),
    (P + "labels = login", [1, 2]),
    (P + "labels in (ui, search)", [1, 4, 5]),
    (P + "labels is EMPTY", [3, 6]),
    (P + "labels not in (ui)", [2, 4, 7]),
    (P + "component = Backend", [2, 4, 6]),
    (P + "component = Frontend AND component = Backend", [4]),
    (P + 'fixVersion = "1.0"', [1, 2]),
    (P + 'affectedVersion = "1.0"', [6]),
    (P + "fixVersion is EMPTY", [4, 6, 7]),
    (P + "priority = High", [1, 7]),
    (P + "priority > Medium", [1, 2, 7]),
    (P + "priority <= Low", [3, 5]),
    (P + "cf[10000] > 3", [1, 4, 7]),
    (P + '"Story point estimate" <= 2', [3, 6]),
    (P + '"Story point estimate" is EMPTY', [5]),
    (P + "Severity = Major", [1, 6]),
    (P + "Severity != Major", [2, 4]),
    (P + "cf[10002] in (Critical, Minor)", [2, 4]),
    (P + "Customer ~ acme", [1]),
    (P + "summary ~ login", [1, 2]),
    (P + "summary !~ login", [3, 4, 5, 6, 7]),
    (P + 'description ~ "REST endpoints"', [3]),
    (P + "text ~ reviewer", [3]),
    (P + 'comment ~ "docs team"', [3]),
    (P + 'duedate < "2026-01-08"', [2]),
    (P + "due >= 2026-01-10", [1, 4]),
    (P + "duedate is EMPTY", [3, 5, 6, 7]),
    (P + "created >= -1d", [1, 2, 3, 4, 5, 6, 7]),
    (P + "created < -1h", []),
    (P + "updated <= now() AND created >= startOfDay(-1d)", [1, 2, 3, 4, 5, 6, 7]),
    (P + 'status WAS "In Progress"', [1, 2, 5]),
    (P + 'status WAS "In Progress" BY currentUser()', [1, 2, 5]),
    (P + "status WAS Done", [1, 4]),
    (P + 'status WAS IN (Done, "In Progress") AFTER -1d', [1, 2, 4, 5]),
    (P + 'status WAS NOT IN ("In Progress", Done)', [3, 6, 7]),
    (P + 'assignee WAS "alan@example.com"', [6]),
    (P + "status CHANGED", [1, 2, 4, 5]),
    (P + 'status CHANGED FROM "In Progress" TO "To Do"', [5]),
    (P + "assignee CHANGED BY currentUser() AFTER -1h", [6]),
    (P + "status CHANGED TO Done BEFORE now()", [1, 4]),
    (P + "(priority = Highest OR labels = ui) AND NOT status = Done", [2, 5]),
    (P + "NOT (assignee IS EMPTY OR type = Bug)", [1, 5, 6]),
    (P + "votes > 0", [2, 4]),
    (P + "votes >= 2", [2]),
    (P + "watchers > 0", [1, 2, 3, 4, 5, 6, 7]),
    (P + "key > JQL-5", [6, 7]),
    ("key = JQL-3", [3]),
    ("reporter = currentUser() AND project = JQL AND type = Epic", [7]),
]
ORDERED: list[tuple[str, list[int]]] = [
    ("issuekey in (JQL-1, JQL-4) ORDER BY key DESC", [4, 1]),
    ("project = JQL ORDER BY priority DESC, key ASC", [2, 1, 7, 4, 6, 3, 5]),
    (
        'project = JQL AND "Story point estimate" is not EMPTY ORDER BY cf[10000] ASC',
        [3, 6, 2, 1, 4, 7],
    ),
    ("project = JQL ORDER BY duedate ASC, key DESC", [2, 1, 4, 7, 6, 5, 3]),
    ("project = JQL AND assignee is not EMPTY ORDER BY assignee, key", [5, 1, 6, 2, 4]),
]


def keys(numbers: list[int]) -> list[str]:
    return [f"JQL-{n}" for n in numbers]


@pytest.mark.parametrize(("jql", "expected"), CASES, ids=[c[0].removeprefix(P) for c in CASES])
def test_query_finds_exactly_the_expected_issues(jql_universe, jql, expected):
    found = client(jql_universe).search_issues(jql, maxResults=False, fields="summary")
    assert sorted(i.key for i in found) == sorted(keys(expected))


@pytest.mark.parametrize(("jql", "expected"), ORDERED, ids=[c[0] for c in ORDERED])
def test_order_by_sorts_as_asked(jql_universe, jql, expected):
    found = client(jql_universe).search_issues(jql, maxResults=False, fields="summary")
    assert [i.key for i in found] == keys(expected)


def test_the_suite_agrees_through_atlassian_and_the_older_search(jql_universe):
    atlassian_jira = atlassian_client(jql_universe)
    for jql, expected in CASES:
        page = atlassian_jira.get(
            "rest/api/3/search", params={"jql": jql, "maxResults": 100, "fields": "summary"}
        )
        assert page["total"] == len(expected), jql
        assert sorted(i["key"] for i in page["issues"]) == sorted(keys(expected)), jql


def test_search_jql_pages_with_next_page_token(jql_universe):
    jira = client(jql_universe)
    seen, token = [], None
    while True:
        page = jira.enhanced_search_issues(
            "project = JQL ORDER BY key", nextPageToken=token, maxResults=3, json_result=True
        )
        seen += [i["id"] for i in page["issues"]]
        if page["isLast"]:
            assert "nextPageToken" not in page
            break
        token = page["nextPageToken"]
    everything = jira.search_issues(
        "project = JQL ORDER BY key", maxResults=False, fields="summary"
    )
    assert seen == [i.id for i in everything] and len(seen) == 7


def test_search_jql_answers_only_ids_unless_fields_are_asked(jql_universe):
    atlassian_jira = atlassian_client(jql_universe)
    bare = atlassian_jira.get("rest/api/3/search/jql", params={"jql": "key = JQL-1"})
    assert bare["issues"] == [{"id": bare["issues"][0]["id"]}]
    rich = atlassian_jira.enhanced_jql("key = JQL-1", fields="summary,status")
    assert rich["issues"][0]["fields"]["status"]["name"] == "Done"
    assert rich["issues"][0]["fields"]["summary"] == "Login page redesign"


def test_older_search_pages_with_start_at_and_total(jql_universe):
    atlassian_jira = atlassian_client(jql_universe)
    jql = "project = JQL ORDER BY key ASC"
    first = atlassian_jira.get(
        "rest/api/2/search", params={"jql": jql, "startAt": 0, "maxResults": 4}
    )
    second = atlassian_jira.get(
        "rest/api/2/search", params={"jql": jql, "startAt": 4, "maxResults": 4}
    )
    assert (first["total"], first["startAt"], first["maxResults"]) == (7, 0, 4)
    assert [i["key"] for i in first["issues"] + second["issues"]] == keys([1, 2, 3, 4, 5, 6, 7])
    posted = atlassian_jira.post(
        "rest/api/3/search", data={"jql": jql, "startAt": 6, "maxResults": 10}
    )
    assert [i["key"] for i in posted["issues"]] == ["JQL-7"] and posted["total"] == 7


def test_approximate_count(jql_universe):
    atlassian_jira = atlassian_client(jql_universe)
    assert atlassian_jira.approximate_issue_count("project = JQL AND type = Bug")["count"] == 2


ERRORS = [
    ("project = NOPE", "The value 'NOPE' does not exist for the field 'project'."),
    ("foo = bar", "Field 'foo' does not exist or you do not have permission to view it."),
    (
        "project JQL",
        "Error in the JQL Query: Expecting operator but got 'JQL'. The valid operators are '=', "
        "'!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. "
        "(line 1, character 9)",
    ),
    (
        'summary ~ "unfinished',
        "Error in the JQL Query: The quoted string 'unfinished' has not been completed. "
        "(line 1, character 11)",
    ),
    (
        "project = IN",
        "Error in the JQL Query: Expecting either a value, list or function but got 'IN'. You "
        "must surround 'IN' in quotation marks to use it as a value. (line 1, character 11)",
    ),
    ("status > Done", "The operator '>' is not supported by the 'status' field."),
    ("assignee = nobodyKnows()", "Unable to find JQL function 'nobodyKnows()'."),
    ("created > -7x", "Date value '-7x' for field 'created' is invalid."),
    ("key = JQL-99", "An issue with key 'JQL-99' does not exist for field 'key'."),
    ("project = JQL ORDER BY description", "Field 'description' does not support sorting."),
    ("summary WAS foo", "History searches are not supported for the 'summary' field."),
]


@pytest.mark.parametrize(("jql", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_jql_is_refused_as_jira_refuses_it(jql_universe, jql, message):
    with pytest.raises(JIRAError) as caught:
        client(jql_universe).search_issues(jql)
    assert caught.value.status_code == 400
    body = caught.value.response.json()
    assert body["errors"] == {} and len(body["errorMessages"]) == 1
    assert body["errorMessages"][0].startswith(
        "Error in the JQL Query: " if "Error in the JQL" in message else ""
    )
    assert message.removeprefix("Error in the JQL Query: ") in body["errorMessages"][0]


def test_rank_orders_as_a_board_does_and_subtasks_show_on_the_parent(jql_universe):
    jira = client(jql_universe)
    found = jira.search_issues(
        "project = JQL ORDER BY Rank ASC", maxResults=False, fields="summary"
    )
    assert [i.key for i in found] == keys([1, 2, 3, 4, 5, 6, 7])
    child = jira.create_issue(
        project="JQL", summary="Child", issuetype={"name": "Subtask"}, parent={"key": "JQL-7"}
    )
    assert [s.key for s in jira.issue("JQL-7").fields.subtasks] == [child.key]
    assert [i.key for i in jira.search_issues("parent = JQL-7")] == [child.key]


def test_watched_voted_and_linked_issue_functions(jql_universe):
    jira = client(jql_universe)
    jira.create_issue_link("Blocks", "JQL-1", "JQL-3")
    jira.create_issue_link("Relates", "JQL-2", "JQL-1")
    linked = jira.search_issues("issue in linkedIssues(JQL-1) ORDER BY key")
    assert [i.key for i in linked] == ["JQL-2", "JQL-3"]
    blocking = jira.search_issues('issue in linkedIssues("JQL-1", "blocks")')
    assert [i.key for i in blocking] == ["JQL-3"]
    linus = client(jql_universe, "linus@example.com")
    assert [i.key for i in linus.search_issues("issue in votedIssues() ORDER BY key")] == [
        "JQL-2",
        "JQL-4",
    ]
    assert linus.search_issues("issue in watchedIssues()") == []
    assert len(jira.search_issues("project = JQL AND issue in watchedIssues()")) == 7


CLAUSES = [jql.removeprefix(P) for jql, _ in CASES if jql.startswith(P)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.sampled_from(CLAUSES), second=st.sampled_from(CLAUSES))
def test_and_or_not_are_set_operations(jql_universe, first, second):
    jira = client(jql_universe)

    def found(where: str) -> set[str]:
        hits = jira.search_issues(f"project = JQL AND ({where})", maxResults=False, fields="id")
        return {i.key for i in hits}

    everything = found("key is not EMPTY")
    a, b = found(first), found(second)
    assert found(f"({first}) AND ({second})") == a & b
    assert found(f"({first}) OR ({second})") == a | b
    assert found(f"NOT ({first})") == everything - a


def test_enhanced_search_refuses_unbounded_queries_the_older_one_does_not(jql_universe):
    for jql in ("", "ORDER BY created DESC"):
        with pytest.raises(JIRAError) as caught:
            client(jql_universe).search_issues(jql)
        assert caught.value.response.json()["errorMessages"] == [
            "Unbounded JQL queries are not allowed here. Please add a search restriction to "
            "your query."
        ]
    older = atlassian_client(jql_universe).get("rest/api/3/search", params={"jql": ""})
    assert older["total"] == 13
