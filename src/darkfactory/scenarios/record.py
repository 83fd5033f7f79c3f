"""A scenario trial's record in the context store: one context per trial, as typed turns.

A trial's context reads ``Trial → Step … → Verdict … → TrialOutcome`` along its main line: the
actors' steps in the order the trajectory lists them, then the verdicts, then the outcome, which
is the context's head. Each twin request the trial caused (from the universe's journal) hangs off
the step it began during (or the last step begun before it, or the Trial turn), so a step's
children are its requests; times are as the universe's clock read them. The trial's first turn
carries cxdb's ``context_metadata`` (client tag ``darkfactory-scenarios``, the scenario and trial
as title), so cxdb's listing can filter trials.
"""

from __future__ import annotations

from typing import Any

from darkfactory.context.store import ContextStore, NewTurn
from darkfactory.context.types import TypeRegistry
from darkfactory.scenarios.trajectory import Trajectory

BUNDLE_ID = "darkfactory-scenarios-1"
CLIENT_TAG = "darkfactory-scenarios"

TYPES = TypeRegistry()
TRIAL = TYPES.declare(
    "darkfactory.scenarios.Trial",
    1,
    scenario="string",
    trial="u32",
    started_at="f64",
    context_metadata="map?",
)
STEP = TYPES.declare(
    "darkfactory.scenarios.Step",
    1,
    actor="string",
    step="map",
    result="any?",
    error="string?",
    allowed="bool?",
    at="f64?",
    duration_ms="f64?",
)
ACTOR_TURN = TYPES.declare(
    "darkfactory.scenarios.ActorTurn",
    1,
    actor="string",
    step="u32?",
    text="string?",
    tool_calls="array?",
    tool_results="array?",
    finished="bool?",
    error="string?",
)
TWIN_REQUEST = TYPES.declare(
    "darkfactory.scenarios.TwinRequest",
    1,
    at="f64",
    duration_ms="f64",
    twin="string",
    operation="string",
    method="string",
    path="string",
    status="u32",
    request="any?",
    response="any?",
)
VERDICT = TYPES.declare(
    "darkfactory.scenarios.Verdict", 1, name="string", passed="bool", reason="string", kind="string"
)
OUTCOME = TYPES.declare(
    "darkfactory.scenarios.TrialOutcome",
    1,
    satisfied="bool",
    error="string?",
    duration_s="f64",
    infrastructure="bool",
    node="string",
    notes="array",
    sut_output="string",
)


def turn(turn_type, data: dict[str, Any], parent_index: int) -> NewTurn:
    return NewTurn(turn_type.type_id, turn_type.version, data, parent_index=parent_index)


def caused_by(request: dict[str, Any], steps: list[tuple[int, dict[str, Any]]]) -> int:
    """The batch index of the step ``request`` began during, or of the last step begun before
    it; 0 (the Trial turn) when none was. A journal entry's ``at`` is when its answer ended."""
    began = (request.get("at") or 0.0) - (request.get("duration_ms") or 0.0) / 1000
    before = [(index, step) for index, step in steps if step.get("at") and step["at"] <= began]
    for index, step in reversed(before):
        if began <= step["at"] + (step.get("duration_ms") or 0.0) / 1000:
            return index
    return before[-1][0] if before else 0


def record_trial(store: ContextStore, trajectory: Trajectory) -> int:
    """Write ``trajectory`` as a new context, in one transaction; returns its context id."""
    store.publish_bundle(TYPES.bundle(BUNDLE_ID))
    meta = {"client_tag": CLIENT_TAG, "title": f"{trajectory.scenario}#{trajectory.trial}"}
    trial = {
        "scenario": trajectory.scenario,
        "trial": trajectory.trial,
        "started_at": trajectory.started_at,
        "context_metadata": meta,
    }
    batch = [NewTurn(TRIAL.type_id, TRIAL.version, trial)]
    steps: list[tuple[int, dict[str, Any]]] = []
    for step in trajectory.turns:
        kind = STEP if isinstance(step.get("step"), dict) else ACTOR_TURN
        batch.append(turn(kind, step, len(batch) - 1))
        steps.append((len(batch) - 1, step))
    main_line = len(batch) - 1
    for request in trajectory.requests:
        batch.append(turn(TWIN_REQUEST, request, caused_by(request, steps)))
    for verdict in trajectory.verdicts:
        data = {"name": verdict.name, "passed": verdict.passed, "reason": verdict.reason}
        batch.append(turn(VERDICT, {**data, "kind": verdict.kind}, main_line))
        main_line = len(batch) - 1
    outcome = {
        "satisfied": trajectory.satisfied,
        "error": trajectory.error,
        "duration_s": trajectory.duration_s,
        "infrastructure": trajectory.infrastructure,
        "node": trajectory.node,
        "notes": trajectory.notes,
        "sut_output": trajectory.sut_output,
    }
    batch.append(turn(OUTCOME, outcome, main_line))
    context = store.create_context()
    store.append_many(context.context_id, batch)
    return context.context_id
