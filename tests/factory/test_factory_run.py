"""``factory init`` then ``factory run``, offline on the provider twins with the scripted coder:
the loop converges in two iterations, the context store records every LLM and tool call with its
parents, the second attempt is a fork, and the spend is the recorded usage at catalog prices."""

from __future__ import annotations

import json

import pytest
from tests.factory.conftest import finish

from darkfactory.context import ContextStore
from darkfactory.factory import workspace
from darkfactory.factory.record import (
    LLM_CALL,
    STAGE_OUTCOME,
    STAGE_STARTED,
    TOOL_CALL,
    TOOL_OUTPUT,
    USER_INPUT,
    RunRecord,
)
from darkfactory.factory.status import RunStatus, runs
from darkfactory.llm.cost import cost_usd
from darkfactory.llm.types import Usage
from darkfactory.scenarios import load_dir
from darkfactory.scenarios.record import OUTCOME as TRIAL_OUTCOME
from darkfactory.scenarios.record import TRIAL

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_init_then_run_converges_in_two_iterations_and_records_everything(project, factory_run):
    code, output = finish(factory_run(project))
    assert code == 0, output
    [(run_dir, status)] = runs(project / "runs")
    assert status.status == "success" and status.iterations == 2
    assert [s["iteration"] for s in status.satisfaction] == [1, 2]
    assert status.satisfaction[0]["value"] < 1.0 == status.satisfaction[1]["value"]
    assert [(e["node"], e["iteration"], e["status"]) for e in status.timeline] == [
        ("implement", 1, "success"),
        ("holdout", 1, "fail"),
        ("implement", 2, "success"),
        ("holdout", 2, "success"),
    ]
    app = (project / "workspace" / "app.py").read_text()
    assert "ONBOARDING_APP" in app and "--broken" not in app, "the fix is in the workspace"
    implement_commits = [e["commit"] for e in status.timeline if e["node"] == "implement"]
    assert all(implement_commits), "each implement stage changed the workspace and committed"
    assert "--broken" in workspace.diff(project / "workspace", implement_commits[1])

    store = ContextStore(project / "runs" / "contexts.sqlite")
    record = RunRecord.reopen(store, status.context_id)
    kinds = [t.type_id for t in record.turns()]
    assert kinds.count(STAGE_STARTED.type_id) == kinds.count(STAGE_OUTCOME.type_id) == 4
    first, second = record.sessions()
    assert first["base_turn_id"] == second["base_turn_id"], "the second attempt is a fork"
    calls = []
    for session, tool in zip((first, second), ("write_file", "edit_file"), strict=True):
        turns = record.session_turns(int(session["context_id"]))
        assert [t.type_id for t in turns] == [
            USER_INPUT.type_id, LLM_CALL.type_id, TOOL_CALL.type_id, TOOL_OUTPUT.type_id,
            LLM_CALL.type_id,
        ]  # fmt: skip
        user, ask, call, output, answer = turns
        assert user.parent_turn_id == int(session["base_turn_id"])
        assert [ask.parent_turn_id, call.parent_turn_id] == [user.turn_id, ask.turn_id]
        assert [output.parent_turn_id, answer.parent_turn_id] == [call.turn_id, output.turn_id]
        assert call.data["name"] == tool and output.data["error"] is False
        calls += [ask.data, answer.data]
    assert (
        "holdout: fail"
        in store.turn(record.session_turns(int(second["context_id"]))[0].turn_id).data["text"]
    ), "the second attempt's prompt carries the failed holdout"

    expected = sum(
        cost_usd(Usage(**{k: v for k, v in c["usage"].items() if v}), "claude-sonnet-4-5")
        for c in calls
    )
    assert all(c["priced_as"] == "claude-sonnet-4-5" and c["usage"]["input_tokens"] for c in calls)
    assert expected > 0
    assert status.spend["total"]["usd"] == pytest.approx(expected, abs=1e-6)
    assert status.spend["total"]["calls"] == 4
    assert set(status.spend["by_iteration"]) == {"1", "2"}
    assert status.spend["by_stage"]["implement"]["calls"] == 4
    assert RunStatus.load(run_dir).spend == status.spend

    holdout = [t.data for t in record.turns() if t.type_id == STAGE_OUTCOME.type_id]
    holdout = [o for o in holdout if o["node"] == "holdout"]
    scenario_ids = {s.id for s in load_dir(project / "holdout" / "scenarios")}
    for outcome, satisfied in zip(holdout, (False, True), strict=True):
        trials = [store.turns(int(c)) for c in outcome["trial_contexts"]]
        assert {t[0].data["scenario"] for t in trials} == scenario_ids, "each trial is a context"
        assert all(t[0].type_id == TRIAL.type_id and t[0].parent_turn_id == 0 for t in trials)
        assert all(t[-1].type_id == TRIAL_OUTCOME.type_id for t in trials)
        assert all(t[-1].data["satisfied"] for t in trials) is satisfied

    checkpoint = json.loads((run_dir / "pipeline" / "checkpoint.json").read_text())
    scores = checkpoint["context"]["tool.output"]
    assert "overall" in scores.lower() and "1.00" in scores
    for scenario in load_dir(project / "holdout" / "scenarios"):
        assert scenario.id in scores, "the feedback names each scenario and its score"
        assert scenario.title not in scores, "and never tells its story"
