"""A factory run stops cleanly: at the budget, with the spend so far, and after a ``kill -9``
it resumes where it died, with nothing lost from the context store."""

from __future__ import annotations

import time

import pytest
from tests.factory.conftest import finish, kill

from darkfactory.context import ContextStore
from darkfactory.factory.record import RunRecord
from darkfactory.factory.status import runs

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_a_budget_smaller_than_one_iteration_stops_the_run_with_its_spend(project, factory_run):
    code, output = finish(factory_run(project, "--budget-tokens", "100"))
    assert code == 1, output
    assert "budget_exhausted" in output
    [(_, status)] = runs(project / "runs")
    assert status.status == "budget_exhausted"
    assert [(e["node"], e["status"]) for e in status.timeline] == [("implement", "success")]
    spend = status.spend["total"]
    assert spend["tokens"] >= 100 and spend["usd"] > 0 and spend["calls"] == 2
    assert status.budget == {"usd": 5.0, "tokens": 100}


def test_a_generous_budget_does_not_stop_the_first_stage(project, factory_run):
    """The deny path's twin: the same stage under a budget it does not reach goes on."""
    process = factory_run(project, "--budget-usd", "100")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = runs(project / "runs")
        if found and [e["node"] for e in found[0][1].timeline][:2] == ["implement", "holdout"]:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the run never reached the holdout stage")
    kill(process)


def test_a_run_killed_mid_stage_resumes_and_finishes_with_nothing_lost(project, factory_run):
    process = factory_run(project)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = runs(project / "runs")
        timeline = found[0][1].timeline if found else []
        if [(e["node"], e["status"]) for e in timeline][-1:] == [("holdout", "running")]:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the run never reached its holdout stage")
    time.sleep(1.0)  # well inside the scenario run
    kill(process)

    [(_, killed)] = runs(project / "runs")
    store = ContextStore(project / "runs" / "contexts.sqlite")
    before = {t.turn_id: t.data for t in RunRecord.reopen(store, killed.context_id).turns()}
    sessions = RunRecord.reopen(store, killed.context_id).sessions()
    session_turns = {
        t.turn_id: t.data
        for s in sessions
        for t in RunRecord.reopen(store, killed.context_id).session_turns(int(s["context_id"]))
    }
    assert len(session_turns) == 5, "the first agent session was recorded whole"
    store.close()

    code, output = finish(factory_run(project, "--resume"))
    assert code == 0, output
    [(_, status)] = runs(project / "runs")
    assert status.status == "success" and status.run_id == killed.run_id
    assert [(e["node"], e["iteration"], e["status"]) for e in status.timeline] == [
        ("implement", 1, "success"),
        ("holdout", 1, "interrupted"),
        ("holdout", 1, "fail"),
        ("implement", 2, "success"),
        ("holdout", 2, "success"),
    ]
    store = ContextStore(project / "runs" / "contexts.sqlite")
    record = RunRecord.reopen(store, status.context_id)
    after = {t.turn_id: t.data for t in record.turns()}
    assert all(after.get(turn_id) == data for turn_id, data in before.items())
    for turn_id, data in session_turns.items():
        assert store.turn(turn_id).data == data
    assert len(record.sessions()) == 2
    assert status.spend["total"]["calls"] == 4, "the spend before the crash is still counted"
