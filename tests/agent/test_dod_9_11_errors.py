"""§9.11 Error handling: tool errors go back to the model, transient LLM errors are retried,
authentication errors close the session, context overflow warns, abort shuts down in order."""

from __future__ import annotations

import threading

import pytest
from tests.agent.scripting import ADAPTERS, MODEL, call, say

from darkfactory.agent import (
    EventKind,
    LocalExecutionEnvironment,
    Session,
    SessionClosedError,
    SessionState,
    create_profile,
)
from darkfactory.llm import AuthenticationError, Client


def error(status: int, message: str = "", **extra) -> dict:
    return {"reply": {"error": {"status": status, "message": message, **extra}}}


def test_tool_execution_errors_become_error_results_the_model_can_recover_from(agent, provider):
    run = agent(
        provider,
        [
            call("read_file", file_path="missing.txt"),
            call("write_file", file_path="missing.txt", content="now here"),
            say("recovered"),
        ],
    )
    assert run.submit("read missing.txt") == "recovered"
    result = run.session.history[2].results[0]
    assert result.is_error is True and "missing.txt" in result.content
    sent = run.requests()[1]["messages"][-1]["parts"][0]
    assert "missing.txt" in sent["content"]
    assert sent["is_error"] is (provider == "anthropic")  # only Anthropic's wire has the flag
    assert run.of_kind(EventKind.TOOL_CALL_END)[0].data["error"]
    assert (run.root / "missing.txt").read_text() == "now here"


def test_llm_api_transient_errors_are_retried_with_backoff(agent, provider):
    run = agent(provider, [error(429, "slow down", retry_after=0), error(503), say("made it")])
    assert run.submit("hi") == "made it"
    statuses = [x["status"] for x in run.read_exchanges(provider, MODEL)]
    assert statuses[0] == 429 and statuses[1] >= 500 and statuses[2] == 200


def test_authentication_errors_surface_immediately_and_close_the_session(agent, provider):
    run = agent(provider, [error(401, "bad key"), say("never")])
    with pytest.raises(AuthenticationError):
        run.submit("hi")
    assert len(run.read_exchanges(provider, MODEL)) == 1  # not retried
    assert run.session.state is SessionState.CLOSED
    assert run.of_kind(EventKind.ERROR)[0].data["error_type"] == "AuthenticationError"
    with pytest.raises(SessionClosedError):
        run.submit("again")


def test_context_window_overflow_emits_a_warning_without_compaction(agent, provider):
    profile = create_profile(provider, MODEL, context_window_size=100)
    run = agent(provider, [say("x" * 400)], profile=profile)
    run.submit("fill the context")
    warning = run.of_kind(EventKind.WARNING)[0].data["message"]
    assert warning.startswith("Context usage at ~") and warning.endswith("% of context window")
    assert len(run.session.history) == 2  # nothing summarised or dropped


def test_context_length_error_from_the_provider_is_a_warning_and_the_session_continues(
    agent, provider
):
    run = agent(provider, [error(400, "prompt is too long: context length exceeded"), say("ok")])
    run.submit("huge input")
    assert run.of_kind(EventKind.WARNING)[0].data["message"].startswith("Context length")
    assert run.session.state is SessionState.IDLE
    assert run.submit("smaller input") == "ok"


def test_graceful_shutdown_abort_kills_processes_cleans_up_subagents_and_ends_the_session(
    agent, script, provider
):
    sleep = call("shell", command="sleep 30", timeout_ms=60_000)
    spawn = call("spawn_agent", task="slow child", model="child-model")
    run = agent(provider, [{"when": {"has_tool_results": False}, **spawn}, sleep, say("never")])
    script(provider, "child-model", [sleep])
    shells = []
    both_sleeping = threading.Event()

    def on_event(event) -> None:
        if event.kind is EventKind.TOOL_CALL_START and event.data["tool_name"] == "shell":
            shells.append(event.session_id)
            if len(shells) == 2:
                both_sleeping.set()

    run.session.subscribe(on_event)
    worker = threading.Thread(target=run.submit, args=("start",))
    worker.start()
    assert both_sleeping.wait(10)
    child = run.session.subagents.agents["agent-1"]
    run.session.abort()
    worker.join(10)
    assert not worker.is_alive()
    assert run.session.state is SessionState.CLOSED and child.session.state is SessionState.CLOSED
    assert run.session.subagents.agents == {}
    closed = run.of_kind(EventKind.SESSION_END)
    assert [e.session_id for e in closed] == [child.session.id, run.session.id]
    assert run.events[-1] is closed[-1]
    ends = run.of_kind(EventKind.TOOL_CALL_END)
    killed = [e.data["error"] for e in ends if e.data["tool_name"] == "shell"]
    assert len(killed) == 2 and all("Exit code: -15" in text for text in killed)
    assert len(run.requests()) == 2  # no LLM call after the abort


def test_graceful_shutdown_abandons_an_in_flight_llm_call(
    script, twin_credentials, tmp_path, provider
):
    started, release = threading.Event(), threading.Event()

    def hold(request, call_next):
        started.set()
        release.wait(10)
        return call_next(request)

    creds = twin_credentials[provider]
    adapter = ADAPTERS[provider](creds["api_key"], creds["base_url"])
    client = Client({provider: adapter}, provider, middleware=[hold])
    script(provider, MODEL, [say("too late")])
    session = Session(create_profile(provider, MODEL), LocalExecutionEnvironment(tmp_path),
                      llm_client=client)  # fmt: skip
    worker = threading.Thread(target=session.submit, args=("hi",))
    worker.start()
    assert started.wait(5)
    session.abort()
    worker.join(5)
    finished_while_held = not worker.is_alive()
    release.set()
    client.close()
    assert finished_while_held
    assert session.state is SessionState.CLOSED
    assert [type(turn).__name__ for turn in session.history] == ["UserTurn"]
