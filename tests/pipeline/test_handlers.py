"""Spec §11.6 Node Handlers: one test per Definition-of-Done item, plus the backends and §4.11."""

from __future__ import annotations

import json
import sys
import threading
import time

from tests.pipeline.engine_support import Recorder, Scripted, engine_with, linear, run_dot

from darkfactory.pipeline.backends import CommandBackend, LLMBackend, backend_from_spec
from darkfactory.pipeline.checkpoint import Checkpoint
from darkfactory.pipeline.context import Context
from darkfactory.pipeline.handlers.basic import ExitHandler, StartHandler
from darkfactory.pipeline.interviewers import Answer, QueueInterviewer
from darkfactory.pipeline.outcome import Outcome, StageStatus
from darkfactory.pipeline.runner import prepare

FAN = """digraph Fan {
    start [shape=Mdiamond]
    exit [shape=Msquare]
    fan [shape=component, max_parallel=3 FAN_ATTRS]
    a [prompt="a"]
    b [prompt="b"]
    c [prompt="c"]
    c2 [prompt="c2"]
    join [shape=tripleoctagon]
    start -> fan
    fan -> a
    fan -> b
    fan -> c
    c -> c2
    a -> join
    b -> join
    c2 -> join
    join -> exit
}"""


def test_11_6_start_handler_returns_success_immediately(tmp_path):
    graph, _ = prepare(linear("a"))
    outcome = StartHandler().execute(graph.nodes["start"], Context(), graph, tmp_path)
    assert outcome.status == StageStatus.SUCCESS
    assert list(tmp_path.iterdir()) == []


def test_11_6_exit_handler_returns_success_immediately_engine_checks_goal_gates(tmp_path):
    graph, _ = prepare(linear("a"))
    assert (
        ExitHandler().execute(graph.nodes["exit"], Context(), graph, tmp_path).status == "success"
    )
    gated = linear("a").replace('a [shape=box, prompt="do a"]', 'a [prompt="a", goal_gate=true]')
    result = run_dot(gated, tmp_path, engine_with(Scripted({"a": ["partial_success"]})))
    assert result.succeeded


def test_11_6_codergen_handler_expands_goal_calls_backend_writes_prompt_and_response(tmp_path):
    calls = []

    class Backend:
        def run(self, node, prompt, context):
            calls.append((node.id, prompt))
            return f"answer for {node.id}"

    source = linear("a", goal="ship the widget").replace('prompt="do a"', 'prompt="Plan: $goal"')
    result = run_dot(source, tmp_path, engine_with(backend=Backend()))
    assert calls[0][0] == "a" and calls[0][1].endswith("Plan: ship the widget")
    assert (tmp_path / "a" / "prompt.md").read_text().endswith("Plan: ship the widget")
    assert (tmp_path / "a" / "response.md").read_text() == "answer for a"
    assert result.context.get("last_response") == "answer for a"
    assert result.context.get("last_stage") == "a"


def test_11_6_wait_human_handler_presents_edge_labels_and_returns_selection_as_preferred_label(
    tmp_path,
):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        gate [shape=hexagon, label="Ship it?"]
        yes [prompt="y"]
        no [prompt="n"]
        start -> gate
        gate -> yes [label="[Y] Yes, deploy"]
        gate -> no [label="[N] No"]
        yes -> exit
        no -> exit
    }"""
    asked = []
    human = QueueInterviewer([Answer(value="N")])
    original = human.ask
    human.ask = lambda q: asked.append(q) or original(q)  # type: ignore[method-assign]
    result = run_dot(source, tmp_path, engine_with(interviewer=human))
    assert [(o.key, o.label) for o in asked[0].options] == [
        ("Y", "[Y] Yes, deploy"),
        ("N", "[N] No"),
    ]
    assert asked[0].text == "Ship it?"
    assert result.node_outcomes["gate"].preferred_label == "[N] No"
    assert result.context.get("human.gate.selected") == "N"
    assert "no" in result.completed_nodes and "yes" not in result.completed_nodes


def test_11_6_conditional_handler_passes_through_engine_evaluates_conditions(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        setup [prompt="s"]
        route [shape=diamond]
        hot [prompt="h"]
        cold [prompt="c"]
        start -> setup -> route
        route -> hot [condition="context.temp=high"]
        route -> cold [condition="context.temp!=high"]
        hot -> exit
        cold -> exit
    }"""
    handler = Scripted({"setup": [Outcome(context_updates={"temp": "high"})]})
    result = run_dot(source, tmp_path, engine_with(handler))
    assert result.node_outcomes["route"].status == StageStatus.SUCCESS
    assert handler.order == ["setup", "hot"]


def test_11_6_parallel_handler_fans_out_to_multiple_target_nodes_concurrently(tmp_path):
    inside = []
    barrier = threading.Barrier(3, timeout=5)

    class Meeting(Scripted):
        def execute(self, node, context, graph, logs_root):
            if node.id in ("a", "b", "c"):
                barrier.wait()  # only passes if all three branches run at once
            inside.append(node.id)
            context.set(f"mine.{node.id}", True)
            return Outcome(context_updates={"branch": node.id})

    engine = engine_with(Meeting())
    seen = Recorder(engine.events)
    result = run_dot(FAN.replace("FAN_ATTRS", ""), tmp_path, engine)
    assert result.succeeded
    assert sorted(inside) == ["a", "b", "c", "c2"]
    results = {r["id"]: r for r in result.context.get("parallel.results")}
    assert results["c"]["completed_nodes"] == ["c", "c2"]
    assert all(r["join"] == "join" for r in results.values())
    # isolated branch contexts: nothing a branch set leaks into the parent
    assert result.context.get("branch") is None and result.context.get("mine.a") is None
    assert seen.kinds().count("ParallelBranchCompleted") == 3
    assert seen.of("ParallelCompleted")[0]["success_count"] == 3
    assert result.completed_nodes == ["start", "fan", "join", "exit"]


def test_11_6_fan_in_handler_waits_for_all_branches_before_proceeding(tmp_path):
    finished = []

    class Slow(Scripted):
        def execute(self, node, context, graph, logs_root):
            time.sleep({"a": 0.15, "b": 0.0, "c": 0.05, "c2": 0.05}[node.id])
            finished.append(node.id)
            if node.id == "b":
                return Outcome(status=StageStatus.FAIL, failure_reason="b broke")
            return Outcome(context_updates={"score": 2 if node.id == "a" else 1})

    class Join:
        def __init__(self, inner):
            self.inner = inner

        def execute(self, node, context, graph, logs_root):
            finished.append("join")
            return self.inner.execute(node, context, graph, logs_root)

    engine = engine_with(Slow())
    engine.register("parallel.fan_in", Join(engine.registry.handlers["parallel.fan_in"]))
    result = run_dot(FAN.replace("FAN_ATTRS", ""), tmp_path, engine)
    assert finished[-1] == "join" and sorted(finished[:-1]) == ["a", "b", "c", "c2"]
    assert result.node_outcomes["fan"].status == StageStatus.PARTIAL_SUCCESS
    assert result.context.get("parallel.fan_in.best_id") == "a"  # success, highest score
    assert result.succeeded


def test_fan_in_fails_when_every_candidate_failed_and_first_success_join(tmp_path):
    failing = Scripted({k: ["fail"] for k in ("a", "b", "c")})
    result = run_dot(FAN.replace("FAN_ATTRS", ""), tmp_path / "all", engine_with(failing))
    assert result.status == StageStatus.FAIL
    assert result.node_outcomes["join"].failure_reason == "all parallel candidates failed"
    one_ok = Scripted({"a": ["fail"], "b": ["fail"]})
    source = FAN.replace("FAN_ATTRS", ', join_policy="first_success"')
    result = run_dot(source, tmp_path / "first", engine_with(one_ok))
    assert result.node_outcomes["fan"].status == StageStatus.SUCCESS
    assert result.context.get("parallel.fan_in.best_id") == "c"


def test_11_6_tool_handler_executes_configured_command_and_returns_result(tmp_path):
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        t [shape=parallelogram, tool_command="echo tool-says-$ATTRACTOR_NODE_ID"]
        bad [shape=parallelogram, tool_command="echo score 0.5; echo nope >&2; exit 3"]
        start -> t -> bad
        bad -> exit [condition="outcome=fail"]
    }"""
    result = run_dot(source, tmp_path)
    assert result.node_outcomes["t"].notes.startswith("Tool completed")
    assert result.node_outcomes["bad"].status == StageStatus.FAIL
    assert result.node_outcomes["bad"].failure_reason == "command exited 3: nope"
    assert result.context.get("tool.output") == "score 0.5", "a failed tool's output is kept"
    passed = run_dot(source.replace("exit 3", "exit 0"), tmp_path / "ok")
    assert passed.context.get("tool.output") == "score 0.5"
    assert passed.node_outcomes["t"].context_updates == {"tool.output": "tool-says-t"}
    slow = source.replace('"echo tool-says-$ATTRACTOR_NODE_ID"', '"sleep 5", timeout="200ms"')
    result = run_dot(slow, tmp_path / "slow")
    assert "timed out" in result.failure_reason


def test_11_6_custom_handlers_can_be_registered_by_type_string(tmp_path):
    class Shout:
        def execute(self, node, context, graph, logs_root):
            return Outcome(context_updates={"shout": node.str_attr("custom_attr").upper()})

    engine = engine_with()
    engine.register("my_custom_type", Shout())
    source = linear("n").replace(
        'n [shape=box, prompt="do n"]', 'n [type="my_custom_type", custom_attr="value"]'
    )
    result = run_dot(source, tmp_path, engine)
    assert result.context.get("shout") == "VALUE"
    # registering again replaces the handler
    engine.register("my_custom_type", Scripted({"n": [Outcome(notes="second")]}))
    assert run_dot(source, tmp_path / "2", engine).node_outcomes["n"].notes == "second"


def test_handler_exceptions_become_fail_outcomes(tmp_path):
    class Boom:
        def execute(self, node, context, graph, logs_root):
            raise RuntimeError("kaboom")

    engine = engine_with()
    engine.register("boom", Boom())
    source = linear("n").replace('n [shape=box, prompt="do n"]', 'n [type="boom", label="n"]')
    result = run_dot(source, tmp_path, engine)
    assert result.status == StageStatus.FAIL
    assert result.failure_reason == "RuntimeError: kaboom"


def test_status_file_contract_and_auto_status(tmp_path):
    class Silent:
        def execute(self, node, context, graph, logs_root):
            if node.id == "writes":
                (logs_root / node.id).mkdir(parents=True, exist_ok=True)
                status = {"outcome": "success", "context_updates": {"from_file": "yes"}}
                (logs_root / node.id / "status.json").write_text(json.dumps(status))
            return None

    engine = engine_with()
    engine.register("silent", Silent())
    source = """digraph G {
        start [shape=Mdiamond]
        exit [shape=Msquare]
        writes [type="silent", label="w"]
        auto [type="silent", label="a", auto_status=true]
        start -> writes -> auto -> exit
    }"""
    result = run_dot(source, tmp_path, engine)
    assert result.context.get("from_file") == "yes"
    assert result.node_outcomes["auto"].notes.startswith("auto-status")
    strict = source.replace(", auto_status=true", "")
    assert run_dot(strict, tmp_path / "strict", engine).status == StageStatus.FAIL


def test_command_backend_runs_an_external_command_per_stage(tmp_path):
    script = tmp_path / "agent.py"
    script.write_text(
        "import json, os, sys\n"
        "prompt = sys.stdin.read()\n"
        "if os.environ['ATTRACTOR_NODE_ID'] == 'b':\n"
        "    path = os.path.join(os.environ['ATTRACTOR_STAGE_DIR'], 'status.json')\n"
        "    json.dump({'outcome': 'partial_success', 'notes': 'half'}, open(path, 'w'))\n"
        "else:\n"
        "    print('echo:' + prompt.splitlines()[-1])\n"
    )
    backend = backend_from_spec(f"command:{sys.executable} {script}")
    assert isinstance(backend, CommandBackend)
    result = run_dot(linear("a", "b"), tmp_path / "run", engine_with(backend=backend))
    assert (tmp_path / "run" / "a" / "response.md").read_text().strip() == "echo:do a"
    assert result.node_outcomes["b"].status == StageStatus.PARTIAL_SUCCESS
    failing = backend_from_spec("command:exit 2")
    assert run_dot(linear("a"), tmp_path / "f", engine_with(backend=failing)).status == "fail"


def test_llm_backend_calls_the_unified_client_and_reuses_full_fidelity_threads(monkeypatch):
    calls = []

    class FakeLLM:
        class Message:
            @staticmethod
            def user(text):
                return ("user", text)

            @staticmethod
            def assistant(text):
                return ("assistant", text)

        @staticmethod
        def generate(**kwargs):
            calls.append(kwargs)
            return type("Result", (), {"text": f"reply {len(calls)}"})()

    import darkfactory

    monkeypatch.setitem(sys.modules, "darkfactory.llm", FakeLLM)
    monkeypatch.setattr(darkfactory, "llm", FakeLLM, raising=False)
    graph, _ = prepare(linear("a", "b").replace('prompt="do a"', 'prompt="do a", llm_model="m1"'))
    backend = LLMBackend(model="default-model")
    ctx = Context({"internal.fidelity": "compact"})
    assert backend.run(graph.nodes["a"], "p1", ctx) == "reply 1"
    assert calls[0]["model"] == "m1" and calls[0]["prompt"] == "p1"
    ctx = Context({"internal.fidelity": "full", "internal.thread_id": "t"})
    backend.run(graph.nodes["b"], "p2", ctx)
    backend.run(graph.nodes["b"], "p3", ctx)
    assert calls[2]["model"] == "default-model"
    assert calls[2]["messages"] == [("user", "p2"), ("assistant", "reply 2"), ("user", "p3")]


def test_manager_loop_supervises_a_child_pipeline(tmp_path):
    child = tmp_path / "child.dot"
    child.write_text(linear("c1", "c2"))
    source = f"""digraph Parent {{
        graph [stack.child_dotfile="{child}"]
        start [shape=Mdiamond]
        exit [shape=Msquare]
        boss [shape=house, manager.poll_interval="20ms", manager.actions="observe,steer,wait",
              manager.steer_prompt="focus"]
        start -> boss -> exit
    }}"""
    result = run_dot(source, tmp_path / "run")
    assert result.succeeded, result.failure_reason
    assert result.context.get("context.stack.child.status") == "completed"
    assert result.context.get("context.stack.child.completed_count") == 4
    assert (tmp_path / "run" / "boss" / "child" / "c2" / "response.md").exists()
    steered = list((tmp_path / "run" / "boss" / "child").glob("*/steer.md"))
    assert steered and all(p.read_text() == "focus\n" for p in steered)
    missing = source.replace(f'stack.child_dotfile="{child}"', 'stack.child_dotfile="missing.dot"')
    assert run_dot(missing, tmp_path / "bad").status == StageStatus.FAIL


def test_manager_loop_stop_condition_ends_supervision_and_cancels_the_child(tmp_path):
    child = tmp_path / "slow.dot"
    child.write_text(
        linear("slow", "never").replace(
            'slow [shape=box, prompt="do slow"]',
            'slow [shape=parallelogram, tool_command="sleep 0.5"]',
        )
    )
    source = f"""digraph Parent {{
        start [shape=Mdiamond]
        exit [shape=Msquare]
        boss [shape=house, stack.child_dotfile="{child}", manager.poll_interval="10ms",
              manager.stop_condition="context.stack.child.active_stage=slow"]
        start -> boss -> exit
    }}"""
    result = run_dot(source, tmp_path / "run")
    assert result.node_outcomes["boss"].notes == "Stop condition satisfied"
    child_checkpoint = tmp_path / "run" / "boss" / "child" / "checkpoint.json"
    time.sleep(0.8)  # `slow` takes 0.5 s; were the child not cancelled, `never` would follow
    stopped = Checkpoint.load(child_checkpoint)
    # cancelled between nodes: before or after `slow`, never reaching `never`, and resumable
    assert stopped.status == "running" and stopped.next_node in ("slow", "never")
    assert "never" not in stopped.completed_nodes
    assert not (tmp_path / "run" / "boss" / "child" / "never").exists()
