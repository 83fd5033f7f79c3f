"""§8.4 Generation: generate, stream, generate_object, cancellation and timeouts."""

from __future__ import annotations

import asyncio
import time

import pytest

from darkfactory.llm import (
    AbortController,
    AbortError,
    ConfigurationError,
    Message,
    NoObjectGeneratedError,
    RequestTimeoutError,
    StreamError,
    StreamEventType,
    TimeoutConfig,
    Tool,
    agenerate,
    astream,
    generate,
    generate_object,
    stream,
)

E = StreamEventType
LONG = "The quick brown fox jumps over the lazy dog near the quiet river bank at dawn."
PERSON = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name", "age"],
}


def slow_down(universe, provider: str, ms: int = 1500) -> None:
    universe.control(
        "POST", "/faults", json={"twin": provider, "kind": "latency", "latency_ms": ms}
    )


def test_dod_8_4_1_generate_with_prompt(client):
    result = generate("echo", "Say it back", client=client)
    assert result.text == "Say it back"
    assert result.finish_reason.reason == "stop"
    assert len(result.steps) == 1 and result.response.text == "Say it back"
    assert result.total_usage.total_tokens == result.usage.total_tokens > 0


def test_dod_8_4_2_generate_with_messages(client, provider, llm_exchanges):
    result = generate(
        "echo",
        messages=[Message.user("one"), Message.assistant("two"), Message.user("three")],
        system="Count along.",
        client=client,
    )
    assert result.text == "three"
    prompt = llm_exchanges(provider)[-1]["prompt"]
    assert prompt["system"] == "Count along." and len(prompt["messages"]) == 3


def test_dod_8_4_3_generate_rejects_prompt_and_messages(client, provider, llm_exchanges):
    before = len(llm_exchanges(provider))
    with pytest.raises(ConfigurationError):
        generate("echo", "a prompt", messages=[Message.user("and messages")], client=client)
    with pytest.raises(ConfigurationError):
        generate("echo", client=client)
    assert len(llm_exchanges(provider)) == before


def test_dod_8_4_4_stream_text_deltas_concatenate(client):
    result = stream("echo", LONG, client=client)
    deltas = [e.delta for e in result if e.type == E.TEXT_DELTA]
    assert len(deltas) > 1
    assert "".join(deltas) == LONG == result.response().text


def test_dod_8_4_4_text_stream_convenience(client):
    result = stream("echo", LONG, client=client)
    assert "".join(result.text_stream) == LONG


def test_dod_8_4_5_stream_start_and_finish_metadata(client, provider):
    events = list(stream("echo", "metadata please", client=client))
    start, finish = events[0], events[-1]
    assert start.type == E.STREAM_START and start.warnings == []
    assert finish.type == E.FINISH
    assert finish.finish_reason.reason == "stop"
    assert finish.usage.input_tokens > 0 and finish.usage.output_tokens > 0
    response = finish.response
    assert response.id and response.provider == provider and response.text == "metadata please"
    assert response.usage == finish.usage


def test_dod_8_4_6_start_delta_end_pattern(client):
    events = list(stream("echo", LONG, client=client))
    text_events = [e for e in events if e.type in (E.TEXT_START, E.TEXT_DELTA, E.TEXT_END)]
    ids = {e.text_id for e in text_events}
    assert ids and None not in ids
    for text_id in ids:
        kinds = [e.type for e in text_events if e.text_id == text_id]
        assert kinds[0] == E.TEXT_START and kinds[-1] == E.TEXT_END
        assert set(kinds[1:-1]) == {E.TEXT_DELTA}


def test_dod_8_4_7_generate_object_parsed_and_validated(client, llm_script):
    llm_script(model="extractor", turns=[{"reply": {"json": {"name": "Alice", "age": 30}}}])
    result = generate_object(
        "extractor", "Extract: Alice is 30 years old", schema=PERSON, client=client
    )
    assert result.output == {"name": "Alice", "age": 30}
    assert result.text.replace(" ", "") == '{"name":"Alice","age":30}'


def test_dod_8_4_7_generate_object_with_builtin_model(client):
    result = generate_object("echo", "Bob", schema=PERSON, client=client)
    assert set(result.output) >= {"name", "age"} and isinstance(result.output["age"], int)


@pytest.mark.parametrize(
    "reply",
    [
        {"text": "Alice is thirty"},
        {"json": {"name": "Alice"}},
        {"json": {"name": "Alice", "age": "thirty"}},
    ],
)
def test_dod_8_4_8_generate_object_raises_no_object_generated(
    client, provider, llm_script, llm_exchanges, reply
):
    llm_script(model="bad-extractor", turns=[{"reply": reply}], repeat_last=True)
    with pytest.raises(NoObjectGeneratedError) as caught:
        generate_object("bad-extractor", "Extract Alice", schema=PERSON, client=client)
    assert caught.value.text
    assert len(llm_exchanges(provider, "bad-extractor")) == 1  # validation is not retried


def test_dod_8_4_9_abort_before_generate(client, provider, llm_exchanges):
    controller = AbortController()
    controller.abort("changed my mind")
    before = len(llm_exchanges(provider))
    with pytest.raises(AbortError, match="changed my mind"):
        generate("echo", "never sent", client=client, abort_signal=controller.signal)
    assert len(llm_exchanges(provider)) == before


async def test_dod_8_4_9_abort_generate_in_flight(client, provider, universe):
    slow_down(universe, provider)
    controller = AbortController()
    asyncio.get_running_loop().call_later(0.2, controller.abort)
    started = time.monotonic()
    with pytest.raises(AbortError):
        await agenerate("echo", "slow", client=client, abort_signal=controller.signal)
    assert time.monotonic() - started < 2


def test_dod_8_4_9_abort_stream_mid_way(client):
    controller = AbortController()
    result = stream("echo", LONG, client=client, abort_signal=controller.signal)
    seen = []
    with pytest.raises(AbortError):
        for event in result:
            seen.append(event)
            if event.type == E.TEXT_DELTA:
                controller.abort()
    assert seen[-1].type == E.TEXT_DELTA
    assert "".join(e.delta for e in seen if e.type == E.TEXT_DELTA) != LONG


def test_dod_8_4_9_stream_closed_early(client):
    result = stream("echo", LONG, client=client)
    first = next(iter(result))
    result.close()
    assert first.type == E.STREAM_START and list(result) == []
    with pytest.raises(StreamError, match="closed"):
        result.response()


async def test_dod_8_4_9_abort_async_stream(client, provider, universe):
    slow_down(universe, provider)
    controller = AbortController()
    asyncio.get_running_loop().call_later(0.2, controller.abort)
    started = time.monotonic()
    with pytest.raises(AbortError):
        async for _ in astream("echo", "slow", client=client, abort_signal=controller.signal):
            pass
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("timeout", [TimeoutConfig(per_step=0.3), TimeoutConfig(total=0.3), 0.3])
async def test_dod_8_4_10_timeouts_async(client, provider, universe, timeout):
    slow_down(universe, provider)
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError):
        await agenerate("echo", "slow", client=client, timeout=timeout, max_retries=0)
    assert time.monotonic() - started < 2


def test_dod_8_4_10_timeouts_sync(client, provider, universe):
    slow_down(universe, provider)
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError):
        generate("echo", "slow", client=client, timeout=TimeoutConfig(per_step=0.3))
    assert time.monotonic() - started < 2


def test_dod_8_4_10_total_timeout_spans_steps(client, llm_script):
    llm_script(
        model="loops",
        repeat_last=True,
        turns=[{"reply": {"tool_calls": [{"name": "wait", "arguments": {}}]}}],
    )
    wait = Tool("wait", "wait a while", execute=lambda: time.sleep(0.25) or "waited")
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError):
        generate(
            "loops",
            "keep going",
            tools=[wait],
            max_tool_rounds=20,
            client=client,
            timeout=TimeoutConfig(total=0.6, per_step=5),
        )
    assert time.monotonic() - started < 2
