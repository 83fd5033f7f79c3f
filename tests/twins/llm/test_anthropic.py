"""The Anthropic twin through the official ``anthropic`` SDK: Messages, streaming, thinking,
tools, structured output, prompt caching, count_tokens, Models and error types."""

from __future__ import annotations

import itertools
import math
import time

import anthropic
import httpx
import pytest
from pydantic import BaseModel

MODEL = "claude-sonnet-4-6"
WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Current weather in a city",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}
THINKING = {"type": "enabled", "budget_tokens": 1024}


def tokens(text: str) -> int:
    return math.ceil(len(text.encode()) / 4)


class Person(BaseModel):
    name: str
    age: int


def user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def test_plain_message_echoes_with_usage(anthropic_client):
    message = anthropic_client.messages.create(
        model=MODEL, max_tokens=100, system="Be kind", messages=user("hello claude")
    )
    assert message.content[0].text == "hello claude"
    assert message.stop_reason == "end_turn"
    assert message.id.startswith("msg_01")
    assert message.usage.input_tokens == tokens("Be kind") + tokens("hello claude")
    assert message.usage.output_tokens == tokens("hello claude")
    assert message._request_id.startswith("req_")


def test_stream_event_sequence(anthropic_client):
    with anthropic_client.messages.stream(
        model=MODEL, max_tokens=100, messages=user("one two three")
    ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"
    assert kinds[-2] == "message_delta"
    assert kinds.count("content_block_start") == kinds.count("content_block_stop") == 1
    assert final.content[0].text == "one two three"
    raw = list(
        anthropic_client.messages.create(
            model=MODEL, max_tokens=100, messages=user("a b"), stream=True
        )
    )
    deltas = [e.delta.text for e in raw if e.type == "content_block_delta"]
    assert deltas == ["a ", "b"]


def test_wire_stream_has_ping_after_the_first_block_start(anthropic_credentials):
    """The SDK drops ``ping`` events, so this reads the raw event stream."""
    response = httpx.post(
        f"{anthropic_credentials['base_url']}/v1/messages",
        headers={"x-api-key": anthropic_credentials["api_key"], "anthropic-version": "2023-06-01"},
        json={"model": MODEL, "max_tokens": 10, "stream": True, "messages": user("hi")},
    )
    assert response.headers["content-type"].startswith("text/event-stream")
    names = [line[7:] for line in response.text.splitlines() if line.startswith("event: ")]
    assert names == [
        "message_start",
        "content_block_start",
        "ping",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]


def test_thinking_blocks_with_signature_delta_and_round_trip(anthropic_client):
    with anthropic_client.messages.stream(
        model=MODEL,
        max_tokens=2048,
        thinking=THINKING,
        tools=[WEATHER_TOOL],
        messages=user("Madrid"),
    ) as stream:
        events = list(stream)
        first = stream.get_final_message()
    delta_types = [e.delta.type for e in events if e.type == "content_block_delta"]
    assert "thinking_delta" in delta_types and "signature_delta" in delta_types
    thinking = first.content[0]
    assert thinking.type == "thinking" and thinking.signature
    assert first.usage.output_tokens >= tokens(thinking.thinking)


def test_tool_use_round_trip_keeps_thinking(anthropic_client, llm_script, llm_exchanges):
    llm_script(
        model="claude-scripted",
        turns=[
            {
                "when": {"has_tool_results": False},
                "reply": {
                    "thinking": "I should look up the weather.",
                    "tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}],
                },
            },
            {"when": {"tool_result_contains": "sunny"}, "reply": {"text": "Sunny in Paris."}},
        ],
    )
    messages = user("Weather in Paris?")
    first = anthropic_client.messages.create(
        model="claude-scripted",
        max_tokens=2048,
        thinking=THINKING,
        tools=[WEATHER_TOOL],
        messages=messages,
    )
    assert first.stop_reason == "tool_use"
    tool_use = first.content[-1]
    assert tool_use.type == "tool_use" and tool_use.input == {"city": "Paris"}
    assert tool_use.id.startswith("toolu_01")
    messages += [
        {"role": "assistant", "content": [b.model_dump() for b in first.content]},
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": tool_use.id, "content": "sunny"}],
        },
    ]
    final = anthropic_client.messages.create(
        model="claude-scripted",
        max_tokens=2048,
        thinking=THINKING,
        tools=[WEATHER_TOOL],
        messages=messages,
    )
    assert final.content[-1].text == "Sunny in Paris."
    received = llm_exchanges("anthropic", "claude-scripted")[-1]["request"]
    assert received["messages"][1]["content"][0]["type"] == "thinking"

    tampered = [
        dict(
            messages[1],
            content=[
                {**messages[1]["content"][0], "signature": "forged"},
                *messages[1]["content"][1:],
            ],
        )
    ]
    with pytest.raises(anthropic.BadRequestError) as caught:
        anthropic_client.messages.create(
            model="claude-scripted",
            max_tokens=2048,
            thinking=THINKING,
            tools=[WEATHER_TOOL],
            messages=[messages[0], *tampered, messages[2]],
        )
    assert "Invalid `signature` in `thinking` block" in str(caught.value)


def test_builtin_tool_caller_streams_input_json(anthropic_client):
    with anthropic_client.messages.stream(
        model="tool-caller", max_tokens=100, tools=[WEATHER_TOOL], messages=user("Oslo")
    ) as stream:
        events = list(stream)
        final = stream.get_final_message()
    assert any(
        e.type == "content_block_delta" and e.delta.type == "input_json_delta" for e in events
    )
    assert final.content[-1].input == {"city": "Oslo"}
    assert final.stop_reason == "tool_use"


def test_structured_output_parses(anthropic_client):
    parsed = anthropic_client.messages.parse(
        model=MODEL, max_tokens=100, messages=user("Ada"), output_format=Person
    )
    assert parsed.parsed_output == Person(name="Ada", age=0)


PERSON_FORMAT = {"type": "json_schema", "schema": Person.model_json_schema()}


def test_beta_output_format_is_followed_under_its_beta_header(anthropic_client):
    message = anthropic_client.beta.messages.create(
        model=MODEL,
        max_tokens=100,
        messages=user("Ada"),
        betas=["structured-outputs-2025-11-13"],
        extra_body={"output_format": PERSON_FORMAT},
    )
    assert Person.model_validate_json(message.content[0].text) == Person(name="Ada", age=0)


def test_output_format_without_its_beta_is_an_unknown_field(anthropic_client):
    with pytest.raises(anthropic.BadRequestError) as caught:
        anthropic_client.beta.messages.create(
            model=MODEL,
            max_tokens=100,
            messages=user("Ada"),
            betas=["interleaved-thinking-2025-05-14"],
            extra_body={"output_format": PERSON_FORMAT},
        )
    assert caught.value.body["type"] == "error"
    assert caught.value.body["error"] == {
        "type": "invalid_request_error",
        "message": "output_format: Extra inputs are not permitted",
    }


def test_beta_output_format_is_checked_like_output_config(anthropic_client):
    with pytest.raises(anthropic.BadRequestError) as caught:
        anthropic_client.beta.messages.create(
            model=MODEL,
            max_tokens=100,
            messages=user("Ada"),
            betas=["structured-outputs-2025-11-13"],
            extra_body={"output_format": {"type": "json_schema"}},
        )
    assert caught.value.body["error"]["message"] == "output_format.schema: Field required"


def test_cache_control_writes_then_reads(anthropic_client):
    system = [{"type": "text", "text": "Policy. " * 700, "cache_control": {"type": "ephemeral"}}]
    expected = tokens("Policy. " * 700)
    first = anthropic_client.messages.create(
        model=MODEL, max_tokens=50, system=system, messages=user("q1")
    )
    assert first.usage.cache_creation_input_tokens == expected
    assert first.usage.cache_read_input_tokens == 0
    assert first.usage.input_tokens == tokens("q1")
    second = anthropic_client.messages.create(
        model=MODEL, max_tokens=50, system=system, messages=user("q2")
    )
    assert second.usage.cache_read_input_tokens == expected
    assert second.usage.cache_creation_input_tokens == 0
    unmarked = anthropic_client.messages.create(
        model=MODEL, max_tokens=50, system="Policy. " * 700, messages=user("q3")
    )
    assert unmarked.usage.cache_read_input_tokens == 0


def test_count_tokens(anthropic_client):
    counted = anthropic_client.messages.count_tokens(
        model=MODEL, system="abcd", messages=user("12345678")
    )
    assert counted.input_tokens == 1 + 2


def test_max_tokens_stop_reason(anthropic_client):
    message = anthropic_client.messages.create(model=MODEL, max_tokens=2, messages=user("x" * 40))
    assert message.stop_reason == "max_tokens"
    assert message.content[0].text == "x" * 8


def test_models_list_and_retrieve(anthropic_client):
    page = anthropic_client.models.list(limit=3)
    assert len(page.data) == 3 and page.has_more
    every = [m.id for m in anthropic_client.models.list()]
    assert "claude-opus-4-6" in every and "echo" in every
    assert anthropic_client.models.retrieve("claude-haiku-4-5").type == "model"
    with pytest.raises(anthropic.NotFoundError):
        anthropic_client.models.retrieve("claude-nope")


def test_authentication_and_not_found_errors(anthropic_client, anthropic_credentials):
    bad = anthropic.Anthropic(base_url=anthropic_credentials["base_url"], api_key="sk-ant-bad")
    with pytest.raises(anthropic.AuthenticationError) as caught:
        bad.messages.create(model=MODEL, max_tokens=10, messages=user("x"))
    assert caught.value.body["error"] == {
        "type": "authentication_error",
        "message": "invalid x-api-key",
    }
    with pytest.raises(anthropic.NotFoundError) as caught:
        anthropic_client.messages.create(model="claude-0", max_tokens=10, messages=user("x"))
    assert caught.value.body["error"]["message"] == "model: claude-0"


def test_tool_result_without_tool_use_is_invalid(anthropic_client):
    with pytest.raises(anthropic.BadRequestError) as caught:
        anthropic_client.messages.create(
            model=MODEL,
            max_tokens=10,
            messages=[
                {
                    "role": "user",
                    "content": [{"type": "tool_result", "tool_use_id": "toolu_x", "content": "?"}],
                }
            ],
        )
    assert caught.value.body["error"]["type"] == "invalid_request_error"
    assert "unexpected `tool_use_id`" in caught.value.body["error"]["message"]


def test_rate_limit_is_retried_after_retry_after(universe, anthropic_client):
    universe.control(
        "POST", "/faults", json={"twin": "anthropic", "kind": "error", "status": 429, "times": 1}
    )
    started = time.monotonic()
    message = anthropic_client.with_options(max_retries=2).messages.create(
        model=MODEL, max_tokens=10, messages=user("ok")
    )
    assert message.content[0].text == "ok"
    assert time.monotonic() - started >= 0.9
    universe.control(
        "POST", "/faults", json={"twin": "anthropic", "kind": "rate_limit", "limit": 0}
    )
    with pytest.raises(anthropic.RateLimitError) as caught:
        anthropic_client.with_options(max_retries=0).messages.create(
            model=MODEL, max_tokens=10, messages=user("x")
        )
    assert caught.value.body["error"]["type"] == "rate_limit_error"
    assert caught.value.response.headers["retry-after"]


def test_overloaded_and_server_errors(universe, anthropic_client, llm_script):
    client = anthropic_client.with_options(max_retries=0)
    universe.control("POST", "/faults", json={"twin": "anthropic", "kind": "outage", "times": 1})
    with pytest.raises(anthropic.OverloadedError) as caught:
        client.messages.create(model=MODEL, max_tokens=10, messages=user("x"))
    assert caught.value.status_code == 529
    assert caught.value.body["error"] == {"type": "overloaded_error", "message": "Overloaded"}
    llm_script(model="claude-broken", turns=[{"reply": {"error": {"status": 500}}}])
    with pytest.raises(anthropic.InternalServerError) as caught:
        client.messages.create(model="claude-broken", max_tokens=10, messages=user("x"))
    assert caught.value.body["error"]["type"] == "api_error"


async def test_async_client(async_anthropic_client):
    message = await async_anthropic_client.messages.create(
        model=MODEL, max_tokens=50, messages=user("async hello")
    )
    assert message.content[0].text == "async hello"


def test_moving_breakpoint_reads_the_previous_turns_cache(anthropic_client):
    """Each turn marks its last message; the next finds the previous mark within 20 blocks."""
    system = [{"type": "text", "text": "Handbook. " * 500}]
    history: list[dict] = []
    reads = []
    for turn in range(4):
        history.append(
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": f"question {turn}",
                        "cache_control": {"type": "ephemeral"},
                    }
                ],
            }
        )
        message = anthropic_client.messages.create(
            model=MODEL, max_tokens=50, system=system, messages=history
        )
        reads.append(message.usage.cache_read_input_tokens)
        history[-1]["content"][0].pop("cache_control")
        history.append({"role": "assistant", "content": message.content[0].text})
    assert reads[0] == 0
    assert all(later > earlier for earlier, later in itertools.pairwise(reads[1:]))
    total = tokens("Handbook. " * 500)
    assert reads[1] >= total


def test_catalog_model_forced_to_use_a_tool_calls_it(anthropic_client):
    message = anthropic_client.messages.create(
        model=MODEL,
        max_tokens=100,
        tools=[WEATHER_TOOL],
        tool_choice={"type": "tool", "name": "get_weather"},
        messages=user("Nairobi"),
    )
    assert message.stop_reason == "tool_use"
    assert message.content[-1].input == {"city": "Nairobi"}
    auto = anthropic_client.messages.create(
        model=MODEL, max_tokens=100, tools=[WEATHER_TOOL], messages=user("Nairobi")
    )
    assert auto.content[0].text == "Nairobi"


def test_messages_and_temperature_are_validated(anthropic_client):
    with pytest.raises(anthropic.BadRequestError) as caught:
        anthropic_client.messages.create(model=MODEL, max_tokens=10, messages=[])
    assert caught.value.body["error"]["message"] == "messages: at least one message is required"
    with pytest.raises(anthropic.BadRequestError) as caught:
        anthropic_client.messages.create(
            model=MODEL, max_tokens=10, messages=user("x"), extra_body={"temperature": 1.5}
        )
    assert caught.value.body["error"]["message"].startswith("temperature:")
