"""Spec §11.12 Cross-Feature Parity Matrix: every cell as a test, through parse + run."""

from __future__ import annotations

import pytest
from tests.pipeline.engine_support import Scripted, engine_with, linear, run_dot

from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.interviewers import Answer, QueueInterviewer
from darkfactory.pipeline.outcome import Outcome, StageStatus
from darkfactory.pipeline.parser import parse_dot
from darkfactory.pipeline.routing import select_edge
from darkfactory.pipeline.runner import prepare
from darkfactory.pipeline.validation import Severity, validate


def rules(source: str) -> dict[str, Severity]:
    return {d.rule: d.severity for d in validate(parse_dot(source))}


def test_11_12_parse_a_simple_linear_pipeline():
    graph = parse_dot(
        "digraph G { start [shape=Mdiamond]; done [shape=Msquare]; start -> A -> B -> done }"
    )
    assert list(graph.nodes) == ["start", "done", "A", "B"]
    assert [(e.source, e.target) for e in graph.edges] == [
        ("start", "A"),
        ("A", "B"),
        ("B", "done"),
    ]


def test_11_12_parse_a_pipeline_with_graph_level_attributes():
    graph = parse_dot('digraph G { graph [goal="Ship", label="Release"] start [shape=Mdiamond] }')
    assert (graph.goal, graph.label) == ("Ship", "Release")


def test_11_12_parse_multi_line_node_attributes():
    graph = parse_dot("""digraph G {
        review [
            shape=box,
            prompt="Review
the code",
            max_retries=2
        ]
    }""")
    node = graph.nodes["review"]
    assert node.prompt == "Review\nthe code" and node.max_retries == 2


def test_11_12_validate_missing_start_node_is_an_error():
    assert (
        rules("digraph G { a [prompt=x]; exit [shape=Msquare]; a -> exit }")["start_node"]
        is Severity.ERROR
    )


def test_11_12_validate_missing_exit_node_is_an_error():
    assert (
        rules("digraph G { start [shape=Mdiamond]; a [prompt=x]; start -> a }")["terminal_node"]
        is Severity.ERROR
    )


def test_11_12_validate_orphan_node_is_reported():
    # §11.12 says warning, §7.2 makes reachability an ERROR; the lint keeps §7.2's severity
    found = rules(linear("a").replace("}", "orphan [prompt=x]\n}"))
    assert found["reachability"] in (Severity.WARNING, Severity.ERROR)


def test_11_12_execute_a_linear_3_node_pipeline_end_to_end(tmp_path):
    result = run_dot(linear("a", "b", "c"), tmp_path)
    assert result.succeeded and result.completed_nodes == ["start", "a", "b", "c", "exit"]


@pytest.mark.parametrize(("status", "path"), [("success", "deploy"), ("fail", "fix")])
def test_11_12_execute_with_conditional_branching_success_and_fail_paths(tmp_path, status, path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        test [prompt="t"]
        deploy [prompt="d"]
        fix [prompt="f"]
        start -> test
        test -> deploy [condition="outcome=success"]
        test -> fix [condition="outcome=fail"]
        deploy -> exit
        fix -> exit
    }"""
    handler = Scripted({"test": [status]})
    result = run_dot(source, tmp_path, engine_with(handler))
    assert handler.order == ["test", path]
    assert result.completed_nodes == ["start", "test", path, "exit"]


def test_11_12_execute_with_retry_on_failure_max_retries_2(tmp_path):
    handler = Scripted({"a": ["fail", "fail", "success"]})
    source = linear("a").replace('a [shape=box, prompt="do a"]', 'a [prompt="a", max_retries=2]')
    result = run_dot(source, tmp_path, engine_with(handler))
    assert handler.counts["a"] == 3 and result.succeeded


GATE = """digraph G {
    start [shape=Mdiamond]
    exit [shape=Msquare]
    critical [prompt="c", goal_gate=true]
    start -> critical
    critical -> exit [condition="outcome=success"]
    critical -> exit [condition="outcome=fail"]
}"""


def test_11_12_goal_gate_blocks_exit_when_unsatisfied(tmp_path):
    result = run_dot(GATE, tmp_path, engine_with(Scripted({"critical": ["fail"]})))
    assert result.status == StageStatus.FAIL and "exit" not in result.completed_nodes


def test_11_12_goal_gate_allows_exit_when_all_satisfied(tmp_path):
    result = run_dot(GATE, tmp_path, engine_with(Scripted()))
    assert result.succeeded and result.completed_nodes[-1] == "exit"


def test_11_12_wait_human_presents_choices_and_routes_on_selection(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        gate [shape=hexagon, label="Pick"]
        left [prompt="l"]
        right [prompt="r"]
        start -> gate
        gate -> left [label="[L] Left"]
        gate -> right [label="[R] Right"]
        left -> exit
        right -> exit
    }"""
    result = run_dot(source, tmp_path, engine_with(interviewer=QueueInterviewer([Answer("R")])))
    assert "right" in result.completed_nodes and "left" not in result.completed_nodes


EDGES = """digraph G {
    start [shape=Mdiamond]
    exit [shape=Msquare]
    n [prompt="n"]
    start -> n
    EDGES
}"""


def choose(edges: str) -> str:
    graph, _ = prepare(EDGES.replace("EDGES", edges))
    return select_edge(graph.nodes["n"], Outcome(), Context(), graph).target


def test_11_12_edge_selection_condition_match_wins_over_weight():
    edges = (
        'n -> heavy [weight=100]\n n -> cond [condition="outcome=success"]\n'
        "heavy -> exit\n cond -> exit"
    )
    assert choose(edges) == "cond"


def test_11_12_edge_selection_weight_breaks_ties_for_unconditional_edges():
    assert (
        choose("n -> light [weight=1]\n n -> heavy [weight=5]\n light -> exit\n heavy -> exit")
        == "heavy"
    )


def test_11_12_edge_selection_lexical_tiebreak_as_final_fallback():
    assert choose("n -> zeta\n n -> alpha\n zeta -> exit\n alpha -> exit") == "alpha"


def test_11_12_context_updates_from_one_node_are_visible_to_the_next(tmp_path):
    handler = Scripted({"a": [Outcome(context_updates={"context.plan": "v1"})]})
    run_dot(linear("a", "b"), tmp_path, engine_with(handler))
    assert dict(handler.calls)["b"]["context.plan"] == "v1"


def test_11_12_checkpoint_save_and_resume_produces_same_result(tmp_path):
    source = linear("a", "b", "c")
    whole = run_dot(source, tmp_path / "whole", engine_with(Scripted()))

    class Stop(Scripted):
        def execute(self, node, context, graph, logs_root):
            if node.id == "b":
                raise SystemExit("crash")
            return super().execute(node, context, graph, logs_root)

    with pytest.raises(SystemExit):
        run_dot(source, tmp_path / "split", engine_with(Stop()))
    resumed = run_dot(source, tmp_path / "split", engine_with(Scripted()), resume=True)
    assert resumed.completed_nodes == whole.completed_nodes
    assert resumed.status == whole.status
    strip = lambda ctx: {k: v for k, v in ctx.snapshot().items() if not k.startswith("internal.")}  # noqa: E731
    assert strip(resumed.context) == strip(whole.context)
    assert Checkpoint.load(tmp_path / "split" / "checkpoint.json").current_node == "exit"


def test_11_12_stylesheet_applies_model_override_to_nodes_by_shape(tmp_path):
    seen = {}

    class Backend:
        def run(self, node, prompt, context):
            seen[node.id] = node.llm_model
            return "ok"

    source = linear("a", "b").replace(
        'graph [goal=""]', 'graph [goal="", model_stylesheet="box { llm_model: shape-model; }"]'
    )
    run_dot(source, tmp_path, engine_with(backend=Backend()))
    assert seen == {"a": "shape-model", "b": "shape-model"}


def test_11_12_prompt_variable_expansion_goal_works(tmp_path):
    source = linear("a", goal="build a bridge").replace('prompt="do a"', 'prompt="Goal is $goal."')
    run_dot(source, tmp_path)
    assert (tmp_path / "a" / "prompt.md").read_text().endswith("Goal is build a bridge.")


def test_11_12_parallel_fan_out_and_fan_in_complete_correctly(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        split [shape=component]
        x [prompt="x"]
        y [prompt="y"]
        merge [shape=tripleoctagon]
        start -> split
        split -> x
        split -> y
        x -> merge
        y -> merge
        merge -> exit
    }"""
    result = run_dot(source, tmp_path)
    assert result.completed_nodes == ["start", "split", "merge", "exit"]
    assert {r["id"] for r in result.context.get("parallel.results")} == {"x", "y"}
    assert result.context.get("parallel.fan_in.best_id") == "x"
    assert (tmp_path / "x" / "response.md").exists() and (tmp_path / "y" / "response.md").exists()


def test_11_12_custom_handler_registration_and_execution_works(tmp_path):
    engine = engine_with()
    engine.register("stamp", Scripted({"s": [Outcome(context_updates={"stamped": True})]}))
    source = linear("s").replace('s [shape=box, prompt="do s"]', 's [type="stamp", label="S"]')
    assert run_dot(source, tmp_path, engine).context.get("stamped") is True


def test_11_12_pipeline_with_10_plus_nodes_completes_without_errors(tmp_path):
    ids = [f"n{i}" for i in range(12)]
    result = run_dot(linear(*ids), tmp_path)
    assert result.succeeded and result.completed_nodes == ["start", *ids, "exit"]
