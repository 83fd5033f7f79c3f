"""Events (§9.6), the JSON-lines sink, and tool call hooks (§9.7)."""

from __future__ import annotations

import json
import os

from tests.pipeline.engine_support import Recorder, Scripted, engine_with, linear, run_dot

from darkfactory.pipeline.events import EventBus, JsonLinesSink, StageStarted
from darkfactory.pipeline.hooks import ToolHooks
from darkfactory.pipeline.runner import prepare


def test_a_run_emits_typed_lifecycle_events_in_order(tmp_path):
    engine = engine_with(Scripted({"b": ["retry", "success"]}))
    seen = Recorder(engine.events)
    source = linear("a", "b").replace(
        'b [shape=box, prompt="do b"]', 'b [prompt="b", max_retries=1]'
    )
    run_dot(source, tmp_path, engine)
    kinds = seen.kinds()
    assert kinds[0] == "PipelineStarted" and kinds[-1] == "PipelineCompleted"
    assert kinds.count("CheckpointSaved") == 4  # after start, a, b and exit
    assert [e["name"] for e in seen.of("StageStarted")] == ["start", "a", "b", "b", "exit"]
    failed = seen.of("StageFailed")
    assert failed == [{**failed[0], "name": "b", "will_retry": True}]
    assert seen.of("StageRetrying")[0]["attempt"] == 2
    # the checkpoint log and its json view, the manifest and one status.json per stage (the
    # scripted handler writes no more)
    assert seen.of("PipelineCompleted")[0]["artifact_count"] == 7


def test_a_failed_run_emits_pipeline_failed(tmp_path):
    engine = engine_with(Scripted({"a": ["fail"]}))
    seen = Recorder(engine.events)
    run_dot(linear("a"), tmp_path, engine)
    assert seen.of("PipelineFailed")[0]["error"] == "a said fail"


def test_json_lines_sink_and_listener_isolation(tmp_path):
    bus = EventBus()
    sink = JsonLinesSink(tmp_path / "events.jsonl")
    bus.subscribe(lambda e: 1 / 0)  # a broken observer does not stop the others
    unsubscribe = bus.subscribe(sink)
    bus.emit(StageStarted(name="x", index=3))
    unsubscribe()
    bus.emit(StageStarted(name="y", index=4))
    sink.close()
    lines = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert len(lines) == 1
    assert lines[0]["type"] == "StageStarted" and lines[0]["name"] == "x" and lines[0]["index"] == 3


def test_a_listener_may_unsubscribe_while_an_event_is_delivered():
    bus = EventBus()
    seen: list[tuple[str, str]] = []

    def once(event):
        seen.append(("once", event.name))
        unsubscribe()

    unsubscribe = bus.subscribe(once)
    bus.subscribe(lambda event: seen.append(("always", event.name)))
    assert bus.listening
    bus.emit(StageStarted(name="x", index=0))
    bus.emit(StageStarted(name="y", index=1))
    assert seen == [("once", "x"), ("always", "x"), ("always", "y")]


def test_a_run_nobody_listens_to_does_not_walk_its_directory_to_count_artifacts(
    tmp_path, monkeypatch
):
    walked = []
    real_walk = os.walk
    monkeypatch.setattr(os, "walk", lambda top, *a, **k: walked.append(top) or real_walk(top))
    engine = engine_with(Scripted())
    assert not engine.events.listening
    assert run_dot(linear("a"), tmp_path / "unheard", engine).succeeded
    assert walked == []
    seen = Recorder(engine.events)
    run_dot(linear("a"), tmp_path / "heard", engine)
    assert walked == [tmp_path / "heard"]
    assert seen.of("PipelineCompleted")[0]["artifact_count"] == 6  # log, view, manifest, 3 stages


HOOKED = """digraph G {
    graph [tool_hooks.post="cat >> POST_LOG"]
    start [shape=Mdiamond]
    exit [shape=Msquare]
    allowed [shape=parallelogram, tool_command="echo ran-allowed", tool_hooks.pre="exit 0"]
    blocked [shape=parallelogram, tool_command="echo x > BLOCKED", tool_hooks.pre="exit 1"]
    start -> allowed -> blocked
    blocked -> exit [condition="outcome=fail"]
}"""


def test_tool_call_hooks_run_around_tool_calls(tmp_path):
    post_log = tmp_path / "post.jsonl"
    blocked_marker = tmp_path / "blocked-ran"
    source = HOOKED.replace("POST_LOG", str(post_log)).replace("BLOCKED", str(blocked_marker))
    result = run_dot(source, tmp_path / "run")
    assert result.context.get("tool.output") == "ran-allowed"
    assert not blocked_marker.exists()  # the pre-hook's non-zero exit skipped the call
    assert "pre-hook refused" in result.node_outcomes["blocked"].failure_reason
    posted = json.loads(post_log.read_text().splitlines()[0])
    assert posted["tool"] == "shell" and posted["node_id"] == "allowed"
    assert posted["result"]["stdout"].strip() == "ran-allowed"
    log = [
        json.loads(x)
        for x in (tmp_path / "run" / "blocked" / "tool_hooks.jsonl").read_text().splitlines()
    ]
    assert log == [{"phase": "pre", "tool": "shell", "exit_code": 1, "output": ""}]


def test_tool_hooks_wrap_llm_tool_executors(tmp_path):
    graph, _ = prepare(
        linear("a").replace(
            'prompt="do a"', 'prompt="a", tool_hooks.pre="test $ATTRACTOR_TOOL_NAME != rm"'
        )
    )
    hooks = ToolHooks.for_node(graph.nodes["a"], graph, tmp_path)
    read = hooks.wrap(graph.nodes["a"], "read_file", lambda path: f"contents of {path}")
    remove = hooks.wrap(graph.nodes["a"], "rm", lambda path: "removed")
    assert read(path="x.py") == "contents of x.py"
    assert remove(path="x.py") == "tool call rm skipped by pre-hook"
    phases = [
        json.loads(x)["exit_code"]
        for x in (tmp_path / "a" / "tool_hooks.jsonl").read_text().splitlines()
    ]
    assert phases == [0, 1]
