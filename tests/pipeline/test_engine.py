"""Spec §11.3 Execution Engine: one test per Definition-of-Done item."""

from __future__ import annotations

import json
import threading

from tests.pipeline.engine_support import Scripted, engine_with, linear, run_dot

from darkfactory.pipeline.context import Context
from darkfactory.pipeline.outcome import Outcome, StageStatus
from darkfactory.pipeline.routing import normalize_label, select_edge
from darkfactory.pipeline.runner import prepare


def test_11_3_engine_resolves_the_start_node_and_begins_execution_there(tmp_path):
    source = """digraph G {
        a [prompt="a"]
        begin [shape=Mdiamond]
        exit [shape=Msquare]
        begin -> a -> exit
    }"""
    handler = Scripted()
    result = run_dot(source, tmp_path, engine_with(handler))
    assert result.completed_nodes[0] == "begin"
    assert handler.order == ["a"]


def test_11_3_each_nodes_handler_is_resolved_via_shape_to_handler_type_mapping(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        gate [shape=diamond]
        tool [shape=parallelogram, tool_command="echo hi"]
        work [shape=box, prompt="w"]
        start -> gate -> tool -> work -> exit
    }"""
    result = run_dot(source, tmp_path)
    assert result.succeeded
    assert result.node_outcomes["gate"].notes == "Conditional node evaluated: gate"
    assert result.context.get("tool.output") == "hi"
    assert (tmp_path / "work" / "response.md").read_text().startswith("[Simulated]")


def test_11_3_handler_is_called_with_node_context_graph_logs_root_and_returns_an_outcome(tmp_path):
    seen = []

    class Probe:
        def execute(self, node, context, graph, logs_root):
            seen.append((node.id, context.get("graph.goal"), graph.name, logs_root))
            return Outcome(notes="probed")

    engine = engine_with()
    engine.register("probe", Probe())
    source = """digraph Probing {
        graph [goal="g1"]
        start [shape=Mdiamond]
        exit [shape=Msquare]
        p [type="probe", label="P"]
        start -> p -> exit
    }"""
    result = run_dot(source, tmp_path, engine)
    assert seen == [("p", "g1", "Probing", tmp_path)]
    assert result.node_outcomes["p"].notes == "probed"


def test_11_3_outcome_is_written_to_logs_root_node_id_status_json(tmp_path):
    handler = Scripted({"a": [Outcome(preferred_label="next", notes="fine")]})
    run_dot(linear("a"), tmp_path, engine_with(handler))
    status = json.loads((tmp_path / "a" / "status.json").read_text())
    assert status["outcome"] == "success"
    assert status["preferred_label"] == "next"
    assert status["notes"] == "fine"
    assert set(status) >= {"outcome", "preferred_label", "suggested_next_ids", "context_updates"}


def test_11_3_edge_selection_follows_the_5_step_priority(tmp_path):
    graph, _ = prepare("""digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        n [prompt="n"]
        start -> n
        n -> c [condition="outcome=success", weight=0]
        n -> l [label="[L] Left", weight=1]
        n -> s [weight=2]
        n -> w [weight=9]
        n -> a [weight=9]
        c -> exit
        l -> exit
        s -> exit
        w -> exit
        a -> exit
    }""")
    node, ctx = graph.nodes["n"], Context()
    ok = Outcome()
    # 1. a matching condition beats everything
    assert select_edge(node, ok, ctx, graph).target == "c"
    failing = Outcome(status=StageStatus.FAIL, preferred_label="left", suggested_next_ids=["s"])
    # 2. preferred label (accelerator stripped, case-insensitive) when no condition matches
    assert select_edge(node, failing, ctx, graph).target == "l"
    # 3. suggested next ids
    failing.preferred_label = ""
    assert select_edge(node, failing, ctx, graph).target == "s"
    # 4 + 5. highest weight, then lexical target order
    failing.suggested_next_ids = []
    assert select_edge(node, failing, ctx, graph).target == "a"
    assert normalize_label("Y - Yes, deploy") == "yes, deploy"
    assert normalize_label("  [A] Approve ") == "approve"


def test_11_3_engine_loops_execute_node_select_edge_advance_repeat(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        work [prompt="w"]
        check [shape=diamond]
        start -> work -> check
        check -> work [condition="context.passes!=3"]
        check -> exit [condition="context.passes=3"]
    }"""

    class Counting(Scripted):
        def execute(self, node, context, graph, logs_root):
            super().execute(node, context, graph, logs_root)
            passes = int(context.get("passes", 0)) + 1
            return Outcome(context_updates={"passes": passes})

    handler = Counting()
    result = run_dot(source, tmp_path, engine_with(handler))
    assert handler.order == ["work"] * 3
    assert result.completed_nodes == ["start", *["work", "check"] * 3, "exit"]


def test_11_3_terminal_node_stops_execution(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        done [shape=Msquare]
        a [prompt="a"]
        start -> a -> done
    }"""
    handler = Scripted()
    result = run_dot(source, tmp_path, engine_with(handler))
    assert result.succeeded
    assert result.completed_nodes[-1] == "done"
    assert handler.order == ["a"]


def test_11_3_pipeline_outcome_is_success_if_all_goal_gates_succeeded_fail_otherwise(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        a [prompt="a", goal_gate=true]
        b [prompt="b", goal_gate=true]
        start -> a -> b -> exit
    }"""
    partial = Scripted({"a": ["partial_success"]})
    assert run_dot(source, tmp_path / "ok", engine_with(partial)).status == StageStatus.SUCCESS
    failing = Scripted({"b": [Outcome(status=StageStatus.FAIL)]})
    source_continue = source.replace(
        "a -> b -> exit", 'a -> b\n b -> exit [condition="outcome=fail"]'
    )
    result = run_dot(source_continue, tmp_path / "bad", engine_with(failing))
    assert result.status == StageStatus.FAIL
    assert "b" in result.failure_reason


def test_loop_restart_edge_relaunches_with_a_fresh_context_and_log_directory(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        a [prompt="a"]
        check [shape=diamond]
        start -> a -> check
        check -> a [condition="context.round!=3", loop_restart=true]
        check -> exit [condition="context.round=3"]
    }"""

    class Rounds(Scripted):
        def execute(self, node, context, graph, logs_root):
            super().execute(node, context, graph, logs_root)
            return Outcome(
                context_updates={"round": self.counts[node.id], "seen_at": str(logs_root)}
            )

    handler = Rounds()
    result = run_dot(source, tmp_path, engine_with(handler))
    assert result.succeeded
    assert result.logs_root == tmp_path / "restart-2"
    assert result.completed_nodes == ["a", "check", "exit"]  # the fresh run began at the target
    assert handler.order == ["a", "a", "a"]
    assert all("round" not in seen for _, seen in handler.calls)  # each run's context is fresh
    assert result.context.get("seen_at") == str(tmp_path / "restart-2")
    for old in (tmp_path, tmp_path / "restart-1"):
        assert json.loads((old / "checkpoint.json").read_text())["status"] == "restarted"
    assert json.loads((tmp_path / "manifest.json").read_text())["restarts"] == 2
    resumed = run_dot(source, tmp_path, engine_with(Rounds()), resume=True)
    assert resumed.succeeded and resumed.logs_root == tmp_path / "restart-2"


def test_a_cancelled_run_stops_between_nodes_and_can_be_resumed(tmp_path):
    cancel = threading.Event()

    class Cancelling(Scripted):
        def execute(self, node, context, graph, logs_root):
            cancel.set()  # e.g. POST /pipelines/{id}/cancel while a runs
            return super().execute(node, context, graph, logs_root)

    graph, _ = prepare(linear("a", "b"))
    result = engine_with(Cancelling()).run(graph, tmp_path, cancel=cancel)
    assert result.status == StageStatus.FAIL and result.failure_reason == "pipeline cancelled"
    assert result.completed_nodes == ["start", "a"]
    checkpoint = json.loads((tmp_path / "checkpoint.json").read_text())
    assert (checkpoint["status"], checkpoint["next_node"]) == ("running", "b")
    handler = Scripted()
    resumed = engine_with(handler).run(graph, tmp_path, resume=True)
    assert resumed.succeeded and handler.order == ["b"]
