"""Spec §11.7 State and Context: one test per Definition-of-Done item, plus §5.3-5.6 details."""

from __future__ import annotations

import json
import os
import threading

import pytest
from tests.pipeline.engine_support import Scripted, engine_with, linear, run_dot

from darkfactory.pipeline.artifacts import ArtifactNotFound, ArtifactStore
from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.checkpoint_log import read_log
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.fidelity import preamble, resolve_fidelity, resolve_thread
from darkfactory.pipeline.outcome import Outcome
from darkfactory.pipeline.runner import prepare


def test_11_7_context_is_a_key_value_store_accessible_to_all_handlers(tmp_path):
    ctx = Context({"a": 1})
    ctx.set("b", "two")
    assert ctx.get("a") == 1 and ctx.get_string("a") == "1" and ctx.get("missing", "d") == "d"
    clone = ctx.clone()
    clone.set("a", 99)
    assert ctx.get("a") == 1
    workers = [threading.Thread(target=lambda i=i: ctx.set(f"k{i}", i)) for i in range(50)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert all(ctx.get(f"k{i}") == i for i in range(50))
    handler = Scripted()
    run_dot(linear("a", "b", goal="g"), tmp_path, engine_with(handler))
    assert all(snapshot["graph.goal"] == "g" for _, snapshot in handler.calls)


def test_11_7_handlers_can_read_context_and_return_context_updates(tmp_path):
    class Adder:
        def execute(self, node, context, graph, logs_root):
            return Outcome(context_updates={"total": int(context.get("total", 0)) + 5})

    engine = engine_with()
    engine.register("codergen", Adder())
    engine.registry.default_handler = engine.registry.handlers["codergen"]
    result = run_dot(linear("a", "b", "c"), tmp_path, engine)
    assert result.context.get("total") == 15


def test_11_7_context_updates_are_merged_after_each_node_execution(tmp_path):
    handler = Scripted({"a": [Outcome(context_updates={"x": "from-a"}, preferred_label="go")]})
    result = run_dot(linear("a", "b"), tmp_path, engine_with(handler))
    seen_by_b = dict(handler.calls)["b"]
    assert seen_by_b["x"] == "from-a"
    assert seen_by_b["outcome"] == "success" and seen_by_b["preferred_label"] == "go"
    assert "x" not in dict(handler.calls)["a"]
    assert result.context.get("current_node") == "exit"


def test_11_7_checkpoint_is_saved_after_each_node_completion(tmp_path):
    saved = []

    class Peek(Scripted):
        def execute(self, node, context, graph, logs_root):
            saved.append(Checkpoint.load(logs_root / "checkpoint.json"))
            return super().execute(node, context, graph, logs_root)

    handler = Peek({"b": ["retry", "success"]})
    source = linear("a", "b").replace(
        'b [shape=box, prompt="do b"]', 'b [prompt="b", max_retries=1]'
    )
    run_dot(source, tmp_path, engine_with(handler))
    # what b saw on its first attempt is the checkpoint written right after a completed
    at_b = saved[1]
    assert (at_b.current_node, at_b.next_node) == ("a", "b")
    assert at_b.completed_nodes == ["start", "a"]
    assert at_b.context_values["outcome"] == "success"
    final = Checkpoint.load(tmp_path / "checkpoint.json")
    assert final.current_node == "exit" and final.status == "success"
    assert final.logs == ["start: success", "a: success", "b: success", "exit: success"]
    assert final.node_retries == {} and final.context_values["internal.retry_count.b"] == 0
    data = json.loads((tmp_path / "checkpoint.json").read_text())
    assert set(data) >= {"timestamp", "current_node", "completed_nodes", "node_retries", "context"}


def test_11_7_resume_from_checkpoint_restores_state_and_continues_from_current_node(tmp_path):
    class Crash(Scripted):
        def execute(self, node, context, graph, logs_root):
            if node.id == "c":
                raise KeyboardInterrupt  # a crash the engine does not catch
            return super().execute(node, context, graph, logs_root)

    first = Crash({"a": [Outcome(context_updates={"from_a": 1})]})
    with pytest.raises(KeyboardInterrupt):
        run_dot(linear("a", "b", "c"), tmp_path, engine_with(first))
    # no handler ran c successfully yet; a and b are done per the checkpoint
    checkpoint = Checkpoint.load(tmp_path / "checkpoint.json")
    assert (checkpoint.current_node, checkpoint.next_node) == ("b", "c")
    second = Scripted()
    result = run_dot(linear("a", "b", "c"), tmp_path, engine_with(second), resume=True)
    assert second.order == ["c"]
    assert result.completed_nodes == ["start", "a", "b", "c", "exit"]
    assert result.context.get("from_a") == 1
    # resuming a finished run changes nothing
    third = Scripted()
    again = run_dot(linear("a", "b", "c"), tmp_path, engine_with(third), resume=True)
    assert third.order == [] and again.succeeded


class CrashAt(Scripted):
    """Raises what the engine does not catch (a crash) when it reaches node `at`."""

    def __init__(self, at: str):
        super().__init__()
        self.at = at

    def execute(self, node, context, graph, logs_root):
        if node.id == self.at:
            raise KeyboardInterrupt
        return super().execute(node, context, graph, logs_root)


def test_resume_rewrites_a_torn_status_json_of_the_node_the_log_had_not_recorded(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        run_dot(linear("a", "b"), tmp_path, engine_with(CrashAt("b")))
    torn = tmp_path / "b" / "status.json"
    torn.parent.mkdir(exist_ok=True)
    torn.write_text('{"outcome": "succ')  # a crash in the middle of the in-place write
    result = run_dot(linear("a", "b"), tmp_path, engine_with(Scripted()), resume=True)
    assert result.succeeded
    assert json.loads(torn.read_text())["outcome"] == "success"


def test_resume_never_takes_a_status_json_left_from_before_as_the_nodes_outcome(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        run_dot(linear("a", "b"), tmp_path, engine_with(CrashAt("b")))
    stale = tmp_path / "b" / "status.json"
    stale.parent.mkdir(exist_ok=True)
    stale.write_text(json.dumps({"outcome": "success", "context_updates": {"stale": True}}))

    class Silent:  # defers to the status-file contract and writes nothing
        def execute(self, node, context, graph, logs_root):
            return None

    result = run_dot(linear("a", "b"), tmp_path, engine_with(Silent()), resume=True)
    assert not result.succeeded and "wrote no status.json" in result.failure_reason
    assert result.context.get("stale") is None


@pytest.mark.parametrize(
    ("script", "status"),
    [
        ({"a": [Outcome(context_updates={"x": [1, {"y": 2}]})]}, "success"),
        ({"b": ["retry", "retry"]}, "fail"),  # retries exhausted: the counter stays in the view
    ],
)
def test_checkpoint_json_holds_exactly_what_the_log_replays(tmp_path, script, status):
    source = linear("a", "b").replace(
        'b [shape=box, prompt="do b"]', 'b [prompt="b", max_retries=1]'
    )
    result = run_dot(source, tmp_path, engine_with(Scripted(script)))
    view = json.loads((tmp_path / "checkpoint.json").read_text())
    assert view == read_log(tmp_path / "checkpoint.db")
    assert view["status"] == status and result.succeeded == (status == "success")
    assert view["node_retries"] == ({} if status == "success" else {"b": 1})


def test_11_7_artifacts_are_written_to_logs_root_node_id(tmp_path):
    run_dot(linear("plan", "build"), tmp_path)
    for node in ("plan", "build"):
        files = sorted(p.name for p in (tmp_path / node).iterdir())
        assert files == ["prompt.md", "response.md", "status.json"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["name"] == "Linear" and "started_at" in manifest
    assert not list(tmp_path.rglob("*.tmp"))


def test_checkpoints_are_written_atomically(tmp_path, monkeypatch):
    path = tmp_path / "checkpoint.json"
    Checkpoint(current_node="a").save(path)
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))

    def torn(src, dst):
        raise OSError("disk full at rename")

    monkeypatch.setattr(os, "replace", torn)
    with pytest.raises(OSError):
        Checkpoint(current_node="b").save(path)
    assert Checkpoint.load(path).current_node == "a"  # the old version survives intact
    assert synced, "the temp file is fsynced before the rename"
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint.json"]


def test_artifact_store_is_file_backed_above_the_threshold(tmp_path):
    store = ArtifactStore(tmp_path, threshold=100)
    small = store.store("s", "small", {"x": 1})
    big = store.store("b", "big", {"text": "y" * 500})
    assert not small.is_file_backed and big.is_file_backed
    assert (tmp_path / "artifacts" / "b.json").exists()
    assert store.retrieve("b") == {"text": "y" * 500} and store.retrieve("s") == {"x": 1}
    assert {a.id for a in store.list()} == {"s", "b"} and store.has("s")
    store.remove("b")
    assert not (tmp_path / "artifacts" / "b.json").exists()
    with pytest.raises(ArtifactNotFound):
        store.retrieve("b")
    store.clear()
    assert store.list() == [] and not ArtifactStore().store("m", "m", "z" * 10**6).is_file_backed


def test_context_fidelity_resolution_and_preamble(tmp_path):
    graph, _ = prepare("""digraph G {
        graph [default_fidelity="summary:low", thread_id="g-thread"]
        start [shape=Mdiamond]
        exit [shape=Msquare]
        a [prompt="a", fidelity="truncate", thread_id="t-a"]
        b [prompt="b"]
        start -> a
        a -> b [fidelity="full", thread_id="edge-thread"]
        b -> exit
    }""")
    edge = graph.outgoing_edges("a")[0]
    assert resolve_fidelity(graph.nodes["a"], graph, None) == "truncate"
    assert resolve_fidelity(graph.nodes["b"], graph, edge) == "full"
    assert resolve_fidelity(graph.nodes["b"], graph, None) == "summary:low"
    assert resolve_thread(graph.nodes["a"], graph, edge, "start") == "t-a"
    assert resolve_thread(graph.nodes["b"], graph, edge, "a") == "edge-thread"
    assert resolve_thread(graph.nodes["b"], graph, None, "a") == "g-thread"
    ctx = Context({"graph.goal": "G", "internal.run_id": "r1", "k": "v"})
    history = [("a", "success")]
    assert preamble("truncate", ctx, history) == "Goal: G\nRun: r1"
    assert "- a: success" in preamble("compact", ctx, history)
    assert "- k: v" in preamble("summary:high", ctx, history)
    assert preamble("full", ctx, history) == ""
    result = run_dot(linear("x", "y"), tmp_path)
    prompt = (tmp_path / "y" / "prompt.md").read_text()
    assert "- x: success" in prompt and prompt.endswith("do y")
    assert result.context.get("internal.fidelity") == "compact"


def test_resume_degrades_full_fidelity_to_summary_high_for_one_hop(tmp_path):
    source = linear("a", "b", "c", extra='graph [default_fidelity="full"]')
    seen = []

    class Watch(Scripted):
        def execute(self, node, context, graph, logs_root):
            seen.append((node.id, context.get("internal.fidelity")))
            if node.id == "b" and len(seen) == 2:
                raise KeyboardInterrupt
            return super().execute(node, context, graph, logs_root)

    with pytest.raises(KeyboardInterrupt):
        run_dot(source, tmp_path, engine_with(Watch()))
    run_dot(source, tmp_path, engine_with(Watch()), resume=True)
    assert seen == [("a", "full"), ("b", "full"), ("b", "summary:high"), ("c", "full")]
