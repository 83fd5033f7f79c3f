"""Read-only operations run on their twin's worker thread, in one snapshot, off the event loop,
unless the operation finds this read light enough for the loop."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from slack_sdk import WebClient

from darkfactory.twins.google.drive import files as drive_files
from darkfactory.twins.jira.search import operations as jira_search
from darkfactory.twins.kit.store import SHARED_MEMORY, Store
from darkfactory.twins.kit.tokens import Tokens
from darkfactory.twins.slack.api import METHODS

JQL = "project = DEMO ORDER BY key"


def test_a_store_in_memory_lives_in_shared_memory_until_closed():
    store = Store()
    path = Path(store.file)
    assert path.exists() and path.parent == SHARED_MEMORY
    assert store.scalar("PRAGMA journal_mode") == "wal"
    store.close()
    assert not any(Path(f"{path}{side}").exists() for side in ("", "-wal", "-shm", ".lock"))


def test_the_files_of_a_killed_process_go_when_the_next_store_is_made():
    made = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from darkfactory.twins.kit.store import Store; "
            "s = Store(); s.execute('CREATE TABLE t(x)'); print(s.file, flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")},
    )
    left = Path(made.stdout.readline().strip())
    mine = Store()
    assert left.exists(), "a running process's store is left alone"
    made.kill()  # no chance to close: its files stay behind
    made.wait()
    assert left.exists()
    Store().close()
    assert not any(Path(f"{left}{side}").exists() for side in ("", "-wal", "-shm", ".lock"))
    assert Path(mine.file).exists()
    mine.close()


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare"
)
def test_a_store_made_in_another_pid_namespace_leaves_live_stores_alone():
    """Process ids mean something else in another pid namespace (a sandbox, a Ray node); a store
    made there must not take this process's store for a dead one."""
    mine = Store()
    mine.execute("CREATE TABLE kept(x)")
    subprocess.run(
        [
            "unshare",
            "--pid",
            "--fork",
            "--mount-proc",
            sys.executable,
            "-c",
            "from darkfactory.twins.kit.store import Store; Store().close()",
        ],
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")},
    )
    assert Path(mine.file).exists()
    with mine.reading():
        assert mine.all("SELECT name FROM sqlite_master WHERE name = 'kept'")
    mine.close()


def read_on_thread(store: Store, sql: str) -> list:
    """``sql`` read in a snapshot on a thread of its own, as a worker reads."""
    found: list = []

    def read() -> None:
        with store.reading():
            found.extend(tuple(row) for row in store.all(sql))

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(5)
    return found


def test_a_reader_sees_committed_transactions_whole_and_never_a_half_applied_one():
    store = Store()
    store.ensure_schema("CREATE TABLE accounts(name TEXT, balance INTEGER)")
    with store.transaction():
        store.execute("INSERT INTO accounts VALUES ('a', 100), ('b', 0)")
    balances = "SELECT name, balance FROM accounts ORDER BY name"
    with store.transaction():
        store.execute("UPDATE accounts SET balance = 40 WHERE name = 'a'")
        halfway = read_on_thread(store, balances)
        store.execute("UPDATE accounts SET balance = 60 WHERE name = 'b'")
    assert halfway == [("a", 100), ("b", 0)]
    assert read_on_thread(store, balances) == [("a", 40), ("b", 60)]
    store.close()


def test_a_reader_keeps_its_snapshot_and_its_own_settings_while_the_writer_commits():
    store = Store()
    store.ensure_schema("CREATE TABLE kit_settings(key TEXT PRIMARY KEY, value TEXT)")
    store.set_setting("clock.offset", 1)
    seen: list = []
    started, written = threading.Event(), threading.Event()

    def read() -> None:
        with store.reading():
            seen.append(store.setting("clock.offset"))
            started.set()
            written.wait(5)
            seen.append(store.scalar("SELECT value FROM kit_settings"))

    thread = threading.Thread(target=read)
    thread.start()
    started.wait(5)
    with store.transaction():
        store.set_setting("clock.offset", 2)
    written.set()
    thread.join(5)
    assert seen == [1, "1"], "the snapshot taken first is read to the end"
    assert store.setting("clock.offset") == 2, "the writer's cache keeps what it wrote"
    assert read_on_thread(store, "SELECT value FROM kit_settings") == [("2",)]
    store.close()


def test_a_reader_cannot_write():
    store = Store()
    store.ensure_schema("CREATE TABLE t(x)")
    failures: list[Exception] = []

    def write() -> None:
        with store.reading():
            try:
                store.execute("INSERT INTO t VALUES (1)")
            except sqlite3.OperationalError as exc:
                failures.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(5)
    assert [str(f) for f in failures] == ["attempt to write a readonly database"]
    assert store.scalar("SELECT COUNT(*) FROM t") == 0
    store.close()


def test_the_heavy_reads_are_declared_as_reads():
    """Searches and listings that grow with the data read off the loop."""
    assert jira_search.search_and_reconsile_issues_using_jql.reads
    assert jira_search.search_for_issues_using_jql_post.reads
    assert not jira_search.parse_jql_queries.reads
    assert drive_files.list_.reads


def test_a_page_of_slack_history_is_read_on_the_event_loop(monkeypatch, slack_client, general):
    """A cheap read costs less on the loop than the hand-over to a worker would."""
    method = METHODS["conversations.history"]
    threads: list[str] = []

    def noted(call):
        threads.append(threading.current_thread().name)
        return handler(call)

    handler = method.handler
    monkeypatch.setitem(METHODS, method.name, dataclasses.replace(method, handler=noted))
    slack_client.conversations_history(channel=general, limit=5)
    assert threads and not threads[0].startswith("reads:")


@pytest.fixture
def searches_off_loop(monkeypatch) -> None:
    """Every search counted heavy, whatever the size of the site: it goes to the worker."""
    monkeypatch.setattr(jira_search, "LIGHT_ISSUES", -1)


def test_a_search_runs_on_the_loop_while_the_site_has_few_issues_and_off_it_after(
    monkeypatch, universe, jira_client
):
    searched_on: list[str] = []
    search = jira_search.search

    def noted(*args, **kwargs):
        searched_on.append(threading.current_thread().name)
        return search(*args, **kwargs)

    monkeypatch.setattr(jira_search, "search", noted)
    jira = universe.universe.twins["jira"].state
    made = universe.call(jira.made, "issue")
    assert made <= jira_search.LIGHT_ISSUES
    few = jira_client.enhanced_search_issues(JQL, maxResults=100, json_result=True)["issues"]
    assert searched_on[-1].startswith("universe:"), "searched on the server's event loop"

    def grow() -> None:
        project = jira.project("DEMO")
        admin = jira.find_user("admin@example.com")["accountId"]
        task = next(t for t in project["issueTypes"] if jira.get("issuetype", t)["name"] == "Task")
        with universe.universe.store.transaction():
            while jira.made("issue") <= jira_search.LIGHT_ISSUES:
                jira.create_issue(admin, project, {"summary": "one more", "issuetype": task})

    universe.call(grow)
    many = jira_client.enhanced_search_issues(JQL, maxResults=100, json_result=True)["issues"]
    assert searched_on[-1] == "reads:jira"
    assert universe.call(jira.made, "issue") == jira_search.LIGHT_ISSUES + 1
    assert len(many) == len(few) + jira_search.LIGHT_ISSUES + 1 - made


@pytest.fixture
def slow_search(monkeypatch, searches_off_loop) -> threading.Event:
    """Jira's JQL search made to take 300 ms on its worker thread; the event says it began."""
    search = jira_search.search
    began = threading.Event()

    def slow(*args, **kwargs):
        began.set()
        time.sleep(0.3)
        return search(*args, **kwargs)

    monkeypatch.setattr(jira_search, "search", slow)
    return began


def search_in_background(jira_credentials) -> tuple[threading.Thread, dict]:
    done: dict = {}

    def run() -> None:
        answer = httpx.get(
            f"{jira_credentials['url']}/rest/api/3/search/jql",
            params={"jql": JQL},
            auth=(jira_credentials["email"], jira_credentials["api_token"]),
            timeout=30,
        )
        done["status"], done["at"] = answer.status_code, time.perf_counter()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, done


def test_a_slow_search_does_not_hold_up_another_twin(
    slow_search, jira_credentials, slack_client: WebClient, general
):
    slack_client.conversations_history(channel=general, limit=5)  # its worker is up and warm
    thread, search = search_in_background(jira_credentials)
    assert slow_search.wait(5)
    started = time.perf_counter()
    slack_client.auth_test()
    history = slack_client.conversations_history(channel=general, limit=5)
    answered = time.perf_counter()
    thread.join(10)
    assert history["ok"] and search["status"] == 200
    assert answered < search["at"], "Slack answered while Jira was still searching"
    assert answered - started < 0.15


def test_a_search_reads_one_snapshot_while_a_write_commits(
    monkeypatch, searches_off_loop, jira_credentials, jira_client
):
    search = jira_search.search
    counts: list[int] = []
    waited: list[bool] = []
    started, written = threading.Event(), threading.Event()

    def paused(state, *args, **kwargs):
        counts.append(len(state.issues()))
        started.set()
        waited.append(written.wait(5))
        counts.append(len(state.issues()))
        return search(state, *args, **kwargs)

    before = len(jira_client.search_issues(JQL, maxResults=False))
    monkeypatch.setattr(jira_search, "search", paused)
    thread, answer = search_in_background(jira_credentials)
    assert started.wait(5)
    jira_client.create_issue(project="DEMO", summary="written meanwhile", issuetype="Task")
    written.set()
    thread.join(10)
    assert answer["status"] == 200
    assert waited == [True], "the write was answered while the search was under way"
    assert counts[0] == counts[1], "a search never sees a write land halfway through it"
    assert len(jira_client.search_issues(JQL, maxResults=False)) == before + 1


def test_reads_keep_their_faults_refusals_and_journal(
    searches_off_loop, universe, jira_credentials, jira_client
):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "jira",
            "operation": "searchAndReconsileIssuesUsingJql",
            "kind": "error",
            "status": 503,
            "times": 1,
        },
    )
    url = f"{jira_credentials['url']}/rest/api/3/search/jql"
    auth = (jira_credentials["email"], jira_credentials["api_token"])
    faulted = httpx.get(url, params={"jql": JQL}, auth=auth, timeout=10)
    assert faulted.status_code == 503
    anonymous = httpx.get(url, params={"jql": JQL}, timeout=10)
    assert anonymous.status_code == 401
    found = httpx.get(url, params={"jql": JQL}, auth=auth, timeout=10)
    assert found.status_code == 200 and found.json()["issues"]
    journal = universe.control("GET", "/journal", params={"twin": "jira"})
    answered = [
        (e["operation"], e["status"])
        for e in journal["entries"]
        if e["operation"] == "searchAndReconsileIssuesUsingJql"
    ]
    assert answered[-3:] == [
        ("searchAndReconsileIssuesUsingJql", 503),
        ("searchAndReconsileIssuesUsingJql", 401),
        ("searchAndReconsileIssuesUsingJql", 200),
    ]


def test_a_snapshot_shipped_as_bytes_makes_a_universe_with_the_same_state():
    """What a Ray worker gets: the bytes of a store in WAL mode, made a universe elsewhere."""
    from darkfactory.twins.kit.store import snapshot_from_bytes
    from darkfactory.twins.kit.universe import Universe

    source = Universe(seed=3, twins=["slack"])
    source.store.execute("CREATE TABLE marks(x)")
    source.store.execute("INSERT INTO marks VALUES (42)")
    shipped = source.snapshot_bytes(source.snapshot())
    assert shipped[18:20] == b"\x02\x02", "the store's own file is in WAL mode"
    copy = Universe.from_state(snapshot_from_bytes(shipped), **source.identity())
    assert copy.store.scalar("SELECT x FROM marks") == 42
    assert copy.store.scalar("SELECT count(*) FROM slack_users") == source.store.scalar(
        "SELECT count(*) FROM slack_users"
    )
    copy.close()
    source.close()


def test_a_search_finds_its_caller_on_the_loop_and_refuses_there(
    monkeypatch, universe, jira_credentials
):
    """The loop keeps the tokens it has read; a search's worker reads none of its own, and a
    token revoked meanwhile is refused on the next search all the same."""
    read_on: list[str] = []
    read = Tokens._read

    def noted(self, twin: str, token: str):
        read_on.append(threading.current_thread().name)
        return read(self, twin, token)

    monkeypatch.setattr(Tokens, "_read", noted)
    url = f"{jira_credentials['url']}/rest/api/3/search/jql"
    auth = (jira_credentials["email"], jira_credentials["api_token"])
    for _ in range(2):
        assert httpx.get(url, params={"jql": JQL}, auth=auth, timeout=10).status_code == 200
    assert not [name for name in read_on if name.startswith("reads:")]
    wrong = httpx.get(url, params={"jql": JQL}, auth=(auth[0], "wrong"), timeout=10)
    assert wrong.status_code == 401
    universe.call(universe.universe.tokens.revoke, "jira", jira_credentials["api_token"])
    revoked = httpx.get(url, params={"jql": JQL}, auth=auth, timeout=10)
    assert revoked.status_code == 401
    assert revoked.json() == wrong.json()
