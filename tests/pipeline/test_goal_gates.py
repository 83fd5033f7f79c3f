"""Spec §11.4 Goal Gate Enforcement: one test per Definition-of-Done item."""

from __future__ import annotations

from tests.pipeline.engine_support import Scripted, engine_with, run_dot

from darkfactory.pipeline.outcome import Outcome, StageStatus
from darkfactory.pipeline.routing import unsatisfied_goal_gate
from darkfactory.pipeline.runner import prepare

GATED = """digraph G {
    graph [GRAPH_ATTRS]
    start [shape=Mdiamond]
    exit [shape=Msquare]
    impl [prompt="implement", goal_gate=true NODE_ATTRS]
    check [prompt="check"]
    start -> impl
    impl -> check [condition="outcome=success"]
    impl -> check [condition="outcome=fail"]
    check -> exit
}"""


def gated(graph_attrs: str = 'goal="g"', node_attrs: str = "") -> str:
    return GATED.replace("GRAPH_ATTRS", graph_attrs).replace("NODE_ATTRS", node_attrs)


def test_11_4_nodes_with_goal_gate_true_are_tracked_throughout_execution(tmp_path):
    graph, _ = prepare(gated())
    outcomes = {"impl": Outcome(status=StageStatus.FAIL), "check": Outcome()}
    assert unsatisfied_goal_gate(graph, outcomes).id == "impl"
    outcomes["impl"] = Outcome(status=StageStatus.PARTIAL_SUCCESS)
    assert unsatisfied_goal_gate(graph, outcomes) is None
    result = run_dot(gated(), tmp_path, engine_with(Scripted()))
    assert result.node_outcomes["impl"].status == StageStatus.SUCCESS


def test_11_4_before_exit_the_engine_checks_all_goal_gates_succeeded(tmp_path):
    handler = Scripted({"impl": ["fail", "success"]})
    result = run_dot(gated(node_attrs=', retry_target="impl"'), tmp_path, engine_with(handler))
    # the first pass failed the gate, so exit was refused and impl ran again
    assert handler.order == ["impl", "check", "impl", "check"]
    assert result.succeeded


def test_11_4_unsatisfied_goal_gate_routes_to_retry_target_instead_of_exiting(tmp_path):
    source = gated('goal="g", retry_target="again"').replace(
        "check -> exit",
        'check -> exit\n again [prompt="again"]\n again -> impl\n'
        'check -> again [condition="context.never=1"]',
    )
    handler = Scripted({"impl": ["fail", "success"]})
    result = run_dot(source, tmp_path, engine_with(handler))
    assert handler.order == ["impl", "check", "again", "impl", "check"]
    assert result.succeeded
    assert result.completed_nodes[-1] == "exit"


def test_11_4_no_retry_target_and_unsatisfied_goal_gates_means_pipeline_fails(tmp_path):
    handler = Scripted({"impl": ["fail"]})
    result = run_dot(gated(), tmp_path, engine_with(handler))
    assert result.status == StageStatus.FAIL
    assert "Goal gate unsatisfied" in result.failure_reason
    assert "exit" not in result.completed_nodes


def test_a_goal_gate_that_never_succeeds_ends_at_the_step_limit(tmp_path):
    handler = Scripted({"impl": ["fail"]})
    engine = engine_with(handler, max_steps=20)
    result = run_dot(gated(node_attrs=', retry_target="impl"'), tmp_path, engine)
    assert result.status == StageStatus.FAIL
    assert "stopped after 20 stages" in result.failure_reason
    assert handler.counts["impl"] == 10  # impl and check alternate until the limit
