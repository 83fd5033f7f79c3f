"""§9.10 Event system: every kind at its time, iterators, full output on TOOL_CALL_END."""

from __future__ import annotations

import asyncio
import threading

import pytest
from tests.agent.scripting import MODEL, call, say, tool_results

from darkfactory.agent import EventKind, SessionConfig, create_profile
from darkfactory.llm import AuthenticationError


def test_all_event_kinds_listed_in_2_9_are_emitted_at_the_correct_times(agent, provider):
    config = SessionConfig(
        stream_responses=True, loop_detection_window=2, max_tool_rounds_per_input=2
    )
    profile = create_profile(provider, MODEL, context_window_size=10)
    glob = call("glob", pattern="*")
    script = [glob, glob, say("All done here."), {"reply": {"error": {"status": 401}}}]
    run = agent(provider, script, config=config, profile=profile)
    run.session.steer("look for markdown")
    run.submit("survey the tree")
    run.submit("wrap up")
    with pytest.raises(AuthenticationError):
        run.submit("one more")
    kinds = [e.kind for e in run.events]
    assert kinds[0] is EventKind.SESSION_START and kinds[-1] is EventKind.SESSION_END
    first_input = kinds[: kinds.index(EventKind.PROCESSING_END) + 1]
    assert first_input == [
        EventKind.SESSION_START, EventKind.USER_INPUT, EventKind.STEERING_INJECTED,
        EventKind.ASSISTANT_TEXT_END, EventKind.WARNING,
        EventKind.TOOL_CALL_START, EventKind.TOOL_CALL_END,
        EventKind.ASSISTANT_TEXT_END, EventKind.WARNING,
        EventKind.TOOL_CALL_START, EventKind.TOOL_CALL_END, EventKind.LOOP_DETECTION,
        EventKind.TURN_LIMIT, EventKind.PROCESSING_END,
    ]  # fmt: skip
    second = kinds[len(first_input) :]
    streamed = [EventKind.ASSISTANT_TEXT_START, EventKind.ASSISTANT_TEXT_DELTA]
    assert second[:3] == [EventKind.USER_INPUT, *streamed]
    deltas = [e.data["delta"] for e in run.of_kind(EventKind.ASSISTANT_TEXT_DELTA)]
    assert "".join(deltas) == "All done here."
    assert second[-3:] == [EventKind.USER_INPUT, EventKind.ERROR, EventKind.SESSION_END]
    emitted = set(kinds)
    assert set(EventKind) - emitted == {EventKind.TOOL_CALL_OUTPUT_DELTA}  # no streaming tools


def test_events_are_delivered_via_an_iterator(agent, provider):
    run = agent(provider, [call("glob", pattern="*"), say("done")])
    stream = run.session.event_emitter.stream()  # subscribed from here on
    received: list = []
    consumer = threading.Thread(target=lambda: received.extend(stream))
    consumer.start()
    run.submit("go")
    run.session.close()
    consumer.join(5)
    assert not consumer.is_alive()
    assert [e.kind for e in received] == [e.kind for e in run.events[1:]]
    assert received[-1].kind is EventKind.SESSION_END


async def test_events_are_delivered_via_an_async_iterator(agent):
    run = agent("anthropic", [say("async hello")])
    stream = run.session.event_emitter.astream()
    await asyncio.to_thread(run.submit, "hi")
    run.session.close()
    received = [event async for event in stream]
    assert [e.kind for e in received] == [e.kind for e in run.events[1:]]
    assert received[-2].data["text"] == "async hello"


def test_tool_call_end_events_carry_full_untruncated_tool_output(agent, provider):
    run = agent(provider, [call("read_file", file_path="big.txt"), say("read it")])
    (run.root / "big.txt").write_text("x" * 100_000)
    run.submit("Read big.txt")
    output = run.of_kind(EventKind.TOOL_CALL_END)[0].data["output"]
    assert output.count("x") == 100_000
    sent = tool_results(run.requests()[1])[0]
    assert "[WARNING: Tool output was truncated." in sent and sent.count("x") < 60_000


def test_session_lifecycle_events_session_start_and_session_end_bracket_the_session(
    agent, provider
):
    run = agent(provider, [say("one"), say("two")])
    run.submit("a")
    run.submit("b")
    run.session.close()
    kinds = [e.kind for e in run.events]
    assert kinds.count(EventKind.SESSION_START) == 1 and kinds.count(EventKind.SESSION_END) == 1
    assert kinds[0] is EventKind.SESSION_START and kinds[-1] is EventKind.SESSION_END
    assert all(e.session_id == run.session.id for e in run.events)
