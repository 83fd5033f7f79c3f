"""A scenario run given a context store records each trial as a context of typed turns."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from darkfactory.cli import main
from darkfactory.context import ContextStore
from darkfactory.scenarios import parse, run
from darkfactory.scenarios.record import CLIENT_TAG, TYPES

TWO_STEPS = """---
id: two-steps
title: Two reads of the Okta twin, then a failing one
trials: 2
timeout: 20
universe: {fixtures: {slack: {users: 2, messages: 0}}}
actors:
  - name: admin
    steps:
      - http: {twin: okta, path: /api/v1/users}
      - http: {twin: okta, path: /api/v1/groups}
      - http: {twin: okta, path: /api/v1/users/nobody@example.com}
checks:
  - name: two reads
    code: "len(journal('okta')) == 3"
---
"""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    store = ContextStore(tmp_path_factory.mktemp("trials") / "contexts.sqlite")
    result = run([parse(TWO_STEPS)], None, store=store)
    yield store, result
    store.close()


def kind(turn) -> str:
    return turn.type_id.removeprefix("darkfactory.scenarios.")


def test_each_trial_is_a_context_and_its_trajectory_names_it(recorded):
    store, result = recorded
    ids = [t.context_id for t in result.trajectories]
    assert len(set(ids)) == 2 and None not in ids
    listed, total = store.contexts(tag=CLIENT_TAG)
    assert total == 2 and {c.context_id for c in listed} == set(ids)
    assert store.metadata(ids[0])["title"] == "two-steps#1"


def test_a_trial_reads_trial_steps_verdicts_outcome_with_requests_off_their_steps(recorded):
    store, result = recorded
    trajectory = result.trajectories[0]
    main = store.turns(trajectory.context_id)
    kinds = ["Trial", "Step", "Step", "Step", "Verdict", "Verdict", "TrialOutcome"]
    assert [kind(t) for t in main] == kinds
    assert [t.parent_turn_id for t in main] == [0] + [t.turn_id for t in main[:-1]]
    trial, *steps = main[:4]
    assert trial.data["scenario"] == "two-steps" and trial.data["trial"] == 1
    assert [s.data["step"]["http"]["path"] for s in steps] == [
        "/api/v1/users",
        "/api/v1/groups",
        "/api/v1/users/nobody@example.com",
    ]
    statuses = []
    for step in steps:
        (request,) = [c for c in store.children(step.turn_id) if kind(c) == "TwinRequest"]
        request = store.turn(request.turn_id)
        assert request.data["path"] == "/okta" + step.data["step"]["http"]["path"]
        statuses.append(request.data["status"])
    assert statuses == [200, 200, 404]
    assert len(trajectory.requests) == 3, "each request is recorded once"
    verdicts = [t.data for t in main[4:6]]
    assert [(v["name"], v["kind"], v["passed"]) for v in verdicts] == [
        ("admin, step 3 (http)", "step", False),
        ("two reads", "check", True),
    ]
    outcome = main[-1].data
    assert outcome["satisfied"] is False and outcome["satisfied"] == trajectory.satisfied
    assert store.context(trajectory.context_id).head_turn_id == main[-1].turn_id


def test_the_trial_types_are_registered_and_versioned(recorded):
    store, _ = recorded
    registered = {t["type_id"]: t["latest_version"] for t in store.latest_types()}
    assert registered == {t.type_id: t.version for t in TYPES._types.values()}
    assert store.type_descriptor("darkfactory.scenarios.Verdict", 1)["fields"]["2"] == {
        "name": "passed",
        "type": "bool",
    }


def test_without_a_store_nothing_is_recorded():
    result = run([parse(TWO_STEPS.replace("trials: 2", "trials: 1"))], None)
    assert result.trajectories[0].context_id is None


def test_scenarios_run_records_its_trials_in_the_store_it_is_given(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "two-steps.md").write_text(TWO_STEPS)
    path = tmp_path / "contexts.sqlite"
    outcome = CliRunner().invoke(
        main,
        ["scenarios", "run", str(tmp_path / "scenarios"), "--trials", "1"],
        env={"DARKFACTORY_CONTEXT_STORE": str(path)},
    )
    assert outcome.exit_code == 0, outcome.output
    store = ContextStore(path)
    (trial,), total = store.contexts(tag=CLIENT_TAG)
    assert total == 1 and store.metadata(trial.context_id)["title"] == "two-steps#1"
    assert kind(store.turn(trial.head_turn_id)) == "TrialOutcome"
    store.close()
    refused = CliRunner().invoke(
        main, ["scenarios", "run", str(tmp_path / "scenarios"), "--context-store", str(tmp_path)]
    )
    assert refused.exit_code == 2 and "is a directory" in refused.output
