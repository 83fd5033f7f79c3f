"""JQL answered from the issue search tables: the same issues in the same order as the Python
evaluator finds, for every viewer; the tables follow every write; the statements search indexes."""

from __future__ import annotations

import random
import re

import pytest
from jira import JIRAError
from tests.sql import full_scans, query_plan, statements
from tests.twins.jira.conftest import client
from tests.twins.jira.jql_queries import query, seed_site

from darkfactory.twins.jira.errors import JiraError
from darkfactory.twins.jira.schema import SCHEMA
from darkfactory.twins.jira.search.jql.evaluate import Query
from darkfactory.twins.jira.search.jql.found import Found

VIEWERS = ("admin@example.com", "grace@example.com", "guest@example.com")
PAGE = re.compile(r"WHERE s\.id IN \(SELECT s\.id .* LIMIT 6 OFFSET 0\)")
PAGED = re.compile(r"WHERE s\.id IN \(SELECT s\.id .* LIMIT \d+ OFFSET 0\)")
SEARCH_TABLES = {"jira_records", "jira_issue_search", "jira_issue_values"}


def _compare(universe, seed: int, queries: int) -> dict[str, int]:
    """Run random queries through both paths for every viewer; count how each was answered."""
    rng = random.Random(seed)
    jira = universe.twins["jira"].state
    seen = {"sql": 0, "python": 0, "refused": 0}
    for _ in range(queries):
        jql = query(rng)
        for email in VIEWERS:
            viewer = jira.find_user(email)["accountId"]
            try:
                found = Found(jira, Query(jira, viewer, jql))
            except JiraError:
                seen["refused"] += 1
                continue
            seen["sql" if found.exact else "python"] += 1
            expected = [i["key"] for i in found.query.select(jira.issues())]
            assert [i["key"] for i in found.issues()] == expected, (email, jql)
            assert found.total() == len(expected), (email, jql)
            start, size = rng.randint(0, 20), rng.randint(0, 15)
            page = [i["key"] for i in found.page(start, size)]
            assert page == expected[start : start + size], (email, jql, start, size)
    return seen


def test_sql_and_python_find_the_same_issues_in_the_same_order(universe):
    universe.call(seed_site, universe.universe, random.Random(7), 90)
    seen = universe.call(_compare, universe.universe, 11, 400)
    assert seen["sql"] > 600 and seen["python"] > 150, seen  # both paths were exercised


def test_a_viewer_finds_nothing_in_a_project_they_may_not_browse(universe):
    universe.call(seed_site, universe.universe, random.Random(3), 30)
    grace = client(universe, "grace@example.com")
    admin = client(universe)
    everywhere = "status != Done OR status = Done ORDER BY key"
    all_keys = [i.key for i in admin.search_issues(everywhere, maxResults=False)]
    seen = [i.key for i in grace.search_issues(everywhere, maxResults=False)]
    assert any(k.startswith("SEC-") for k in all_keys)
    assert seen == [k for k in all_keys if not k.startswith("SEC-")]
    with pytest.raises(JIRAError) as refused:
        grace.search_issues("project = SEC")
    assert "The value 'SEC' does not exist for the field 'project'." in refused.value.text
    assert client(universe, "guest@example.com").search_issues(everywhere) == []


def test_the_search_tables_follow_edits_and_deletes(universe):
    jira = client(universe)
    issue = jira.create_issue(
        project="DEMO", summary="Indexed", issuetype={"name": "Task"}, labels=["fresh"]
    )
    assert [i.key for i in jira.search_issues("labels = FRESH")] == [issue.key]
    issue.update(fields={"labels": ["stale"], "priority": {"name": "Highest"}})
    assert jira.search_issues("labels = fresh") == []
    assert [i.key for i in jira.search_issues("labels = stale AND priority = Highest")] == [
        issue.key
    ]
    jira.transition_issue(issue, "Done")
    assert [i.key for i in jira.search_issues("labels = stale AND statusCategory = Done")] == [
        issue.key
    ]
    issue.delete()
    assert jira.search_issues("labels = stale") == []


def _forget_search_tables(universe) -> None:
    store = universe.store
    for table in ("jira_issue_search", "jira_issue_values"):
        store.execute(f"DROP TABLE {table}")
    store.ensure_schema(SCHEMA)


def test_issues_written_before_the_search_tables_existed_are_found(universe):
    jira = client(universe)
    jira.create_issue(project="DEMO", summary="Old", issuetype={"name": "Bug"}, labels=["old"])
    universe.call(_forget_search_tables, universe.universe)
    found = jira.search_issues("project = DEMO AND labels = old AND type = Bug")
    assert [i.fields.summary for i in found] == ["Old"]


BENCHMARK = "project = DEMO AND status != Done ORDER BY priority DESC, key ASC"


def test_a_search_page_reads_indexes_not_every_issue(universe):
    universe.call(seed_site, universe.universe, random.Random(5), 40)
    jira = client(universe)
    with statements(universe) as ran:
        page = jira.enhanced_search_issues(BENCHMARK, maxResults=5, json_result=True)
    assert len(page["issues"]) == 5 and not page["isLast"]
    search = [s for s in ran if "FROM jira_issue_search" in s]
    assert search  # the search ran on the search table, in the query's order ...
    for statement in search:
        plan = query_plan(universe, statement)
        assert any("USING INDEX jira_issue_search_project_priority" in step for step in plan)
    read = [s for s in ran if "JOIN jira_records" in s]
    assert len(read) == 1  # ... and read the page's issues, and one more, in the same statement
    assert PAGE.search(read[0])
    plan = query_plan(universe, read[0])
    assert any("LIST SUBQUERY" in step for step in plan)
    assert any("USING INDEX sqlite_autoindex_jira_records_1 (kind=? AND id=?)" in s for s in plan)
    assert full_scans(universe, ran, SEARCH_TABLES) == {}


@pytest.mark.parametrize(
    ("jql", "index"),
    [
        ("project = DEMO", "jira_issue_search_project_"),
        ("project = DEMO AND status != Done ORDER BY created DESC", "_project_created"),
        ("project = DEMO ORDER BY updated DESC", "jira_issue_search_project_updated"),
        ("project = DEMO AND type = Bug ORDER BY priority DESC, key", "_project_priority"),
    ],
)
def test_a_page_in_a_common_order_is_read_off_its_index_without_sorting_the_project(
    universe, jql, index
):
    universe.call(seed_site, universe.universe, random.Random(5), 20)
    with statements(universe) as ran:
        page = client(universe).enhanced_search_issues(jql, maxResults=3, json_result=True)
    assert page["issues"]
    (read,) = [s for s in ran if PAGED.search(s)]
    plan = query_plan(universe, read)
    assert any(index in step for step in plan), plan
    # one sort only: the page's few issues, after the index has given them in order
    assert sum("USE TEMP B-TREE FOR ORDER BY" in step for step in plan) == 1, plan


@pytest.mark.parametrize(
    ("jql", "index"),
    [
        ('assignee = "grace@example.com" ORDER BY key', "jira_issue_search_assignee"),
        ("labels in (ui, sso)", "jira_issue_values_value"),
        ("issuekey in (DEMO-1, DEMO-2) ORDER BY created", "INTEGER PRIMARY KEY"),
        ("reporter = currentUser() AND updated > -1d", "jira_issue_search_reporter"),
    ],
)
def test_selective_clauses_search_their_own_index(universe, jql, index):
    universe.call(seed_site, universe.universe, random.Random(5), 20)
    with statements(universe) as ran:
        client(universe).search_issues(jql, fields="summary")
    plans = [query_plan(universe, s) for s in ran if "FROM jira_issue_search" in s]
    assert plans and all(any(index in step for step in plan) for plan in plans), plans
    assert full_scans(universe, ran, SEARCH_TABLES) == {}


def test_a_query_sql_cannot_decide_reads_only_the_issues_sql_narrows_to(universe):
    universe.call(seed_site, universe.universe, random.Random(5), 40)
    jira = client(universe)
    with statements(universe) as ran:
        found = jira.search_issues('assignee = "grace@example.com" AND summary ~ crash')
    assert all(i.fields.assignee.emailAddress == "grace@example.com" for i in found)
    joined = [s for s in ran if "JOIN jira_records" in s]
    assert len(joined) == 1
    assert any("jira_issue_search_assignee" in step for step in query_plan(universe, joined[0]))
    assert full_scans(universe, ran, SEARCH_TABLES) == {}


def test_match_reads_only_the_named_issues_and_keeps_to_the_viewers_projects(universe):
    universe.call(seed_site, universe.universe, random.Random(3), 30)
    admin = client(universe)
    demo = admin.search_issues("project = DEMO ORDER BY key", maxResults=2)
    sec = admin.search_issues("project = SEC ORDER BY key", maxResults=1)
    named = [int(i.id) for i in [*demo, *sec]]
    body = {"jqls": ["status != Done OR status = Done"], "issueIds": [*named, 99999]}
    with statements(universe) as ran:
        everything = admin._session.post(f"{admin._get_url('jql/match')}", json=body).json()
    assert everything["matches"][0]["matchedIssues"] == sorted(named)
    assert not [s for s in ran if "FROM jira_records WHERE kind = 'issue' ORDER BY" in s]
    grace = client(universe, "grace@example.com")
    seen = grace._session.post(f"{grace._get_url('jql/match')}", json=body).json()
    assert seen["matches"][0]["matchedIssues"] == sorted(int(i.id) for i in demo)
