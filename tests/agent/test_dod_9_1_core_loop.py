"""§9.1 Core loop: sessions on scripted models that really edit files in a temporary directory."""

from __future__ import annotations

import threading

from tests.agent.scripting import MODEL, call, say, tool_results

from darkfactory.agent import (
    AssistantTurn,
    EventKind,
    LocalExecutionEnvironment,
    Session,
    SessionConfig,
    SessionState,
    SteeringTurn,
    ToolResultsTurn,
    UserTurn,
    create_profile,
)


def test_session_can_be_created_with_a_provider_profile_and_execution_environment(
    agent_client, tmp_path
):
    profile = create_profile("anthropic", MODEL)
    env = LocalExecutionEnvironment(tmp_path)
    session = Session(profile, env, llm_client=agent_client)
    assert session.provider_profile is profile and session.execution_env is env
    assert session.state is SessionState.IDLE
    assert session.history == [] and len(session.id) == 36


def test_process_input_runs_llm_then_tools_until_natural_completion(agent, provider):
    path = "notes.txt"
    run = agent(
        provider,
        [
            call("write_file", file_path=path, content="first line\n"),
            call("read_file", file_path=path),
            say("Wrote and checked notes.txt."),
        ],
    )
    assert run.submit("Write notes.txt") == "Wrote and checked notes.txt."
    assert (run.root / path).read_text() == "first line\n"
    kinds = [type(turn) for turn in run.session.history]
    assert kinds == [
        UserTurn, AssistantTurn, ToolResultsTurn, AssistantTurn, ToolResultsTurn, AssistantTurn,
    ]  # fmt: skip
    assert "first line" in tool_results(run.requests()[2])[-1]
    assert run.session.state is SessionState.IDLE


def test_natural_completion_text_only_reply_exits_the_loop(agent, provider):
    run = agent(provider, [say("Nothing to do."), say("never asked")])
    assert run.submit("hello") == "Nothing to do."
    assert len(run.requests()) == 1
    assert run.of_kind(EventKind.PROCESSING_END)[-1].data["text"] == "Nothing to do."


def test_round_limit_max_tool_rounds_per_input_stops_the_loop(agent, provider):
    config = SessionConfig(max_tool_rounds_per_input=2, enable_loop_detection=False)
    run = agent(provider, [call("glob", pattern="*")], config=config, repeat_last=True)
    run.submit("list forever")
    assert len(run.requests()) == 2
    assert run.of_kind(EventKind.TURN_LIMIT)[0].data == {"round": 2}
    run.submit("again")  # the limit is per input: two more rounds
    assert len(run.requests()) == 4
    assert run.session.state is SessionState.IDLE


def test_session_turn_limit_max_turns_stops_the_loop_across_inputs(agent, provider):
    config = SessionConfig(max_turns=3)
    glob = call("glob", pattern="*")
    run = agent(provider, [glob, say("one"), glob, glob, say("two")], config=config)
    assert run.submit("first") == "one"  # two turns
    run.submit("second")  # one turn left in the session: the glob call, then the limit
    assert len(run.requests()) == 3
    assert run.of_kind(EventKind.TURN_LIMIT)[-1].data == {"total_turns": 3}
    run.submit("third")
    assert len(run.requests()) == 3


def test_abort_signal_stops_the_loop_kills_running_processes_and_closes(agent, provider):
    marker = "agent-abort-marker"
    run = agent(
        provider,
        [call("shell", command=f"sleep 30 # {marker}", timeout_ms=60_000), say("unreachable")],
    )
    started = threading.Event()
    run.session.subscribe(lambda e: e.kind is EventKind.TOOL_CALL_START and started.set())
    worker = threading.Thread(target=run.submit, args=("sleep",))
    worker.start()
    assert started.wait(10)
    run.session.abort()
    worker.join(10)
    assert not worker.is_alive()
    assert run.session.state is SessionState.CLOSED
    assert run.of_kind(EventKind.SESSION_END)
    end = run.of_kind(EventKind.TOOL_CALL_END)[0]
    assert "timed out" not in end.data["error"] and "Exit code: -15" in end.data["error"]
    assert len(run.requests()) == 1  # no LLM call after the abort


def test_loop_detection_repeating_calls_inject_a_warning_steering_turn(agent, provider):
    config = SessionConfig(loop_detection_window=4, max_tool_rounds_per_input=5)
    run = agent(provider, [call("glob", pattern="*.py")], config=config, repeat_last=True)
    run.submit("find python files")
    warnings = [t for t in run.session.history if isinstance(t, SteeringTurn)]
    assert warnings and warnings[0].content.startswith("Loop detected: the last 4 tool calls")
    assert run.of_kind(EventKind.LOOP_DETECTION)[0].data["message"] == warnings[0].content
    fifth = run.requests()[4]
    assert fifth["messages"][-1]["role"] == "user"
    assert "Loop detected" in fifth["messages"][-1]["parts"][-1]["text"]


def test_multiple_sequential_inputs_work(agent, provider):
    run = agent(
        provider,
        [
            call("write_file", file_path="a.txt", content="A"),
            say("made a"),
            call("write_file", file_path="b.txt", content="B"),
            say("made b"),
        ],
    )
    assert run.submit("make a") == "made a"
    assert run.submit("make b") == "made b"
    assert (run.root / "a.txt").read_text() == "A" and (run.root / "b.txt").read_text() == "B"
    second_input = run.requests()[2]
    texts = [m["parts"][0].get("text") for m in second_input["messages"] if m["role"] == "user"]
    assert texts[0] == "make a" and texts[-1] == "make b"
    assert len(run.of_kind(EventKind.PROCESSING_END)) == 2


def test_a_question_from_the_model_leaves_the_session_awaiting_input(agent, provider):
    run = agent(provider, [say("Which file should I edit?"), say("Editing a.py then.")])
    run.submit("fix the bug")
    assert run.session.state is SessionState.AWAITING_INPUT
    assert run.submit("a.py") == "Editing a.py then."
    assert run.session.state is SessionState.IDLE
    states = [e.data["state"] for e in run.of_kind(EventKind.PROCESSING_END)]
    assert states == ["awaiting_input", "idle"]
