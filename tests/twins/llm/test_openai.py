"""The OpenAI twin through the official ``openai`` SDK: Responses, Chat Completions, Models."""

from __future__ import annotations

import json
import math
import time

import jsonschema
import openai
import pytest
from pydantic import BaseModel
from tests.sql import statements

WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Current weather in a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    },
    "strict": True,
}
WEATHER_SCRIPT = {
    "model": "weatherbot",
    "turns": [
        {
            "when": {"last_user_contains": "weather", "has_tool_results": False},
            "reply": {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]},
        },
        {
            "when": {"has_tool_results": True, "tool_result_contains": "sunny"},
            "reply": {"text": "It is sunny in Paris."},
        },
    ],
}


def tokens(text: str) -> int:
    return math.ceil(len(text.encode()) / 4)


class Person(BaseModel):
    name: str
    age: int
    tags: list[str]


def test_plain_response_echoes_with_deterministic_usage(openai_client):
    response = openai_client.responses.create(
        model="echo", input="héllo twin", instructions="Be brief"
    )
    assert response.output_text == "héllo twin"
    assert response.status == "completed"
    assert response.id.startswith("resp_")
    assert response.usage.input_tokens == tokens("Be brief") + tokens("héllo twin")
    assert response.usage.output_tokens == tokens("héllo twin")
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens


def test_streamed_response_events_have_sequence_numbers(openai_client):
    events = list(openai_client.responses.create(model="echo", input="one two three", stream=True))
    kinds = [e.type for e in events]
    assert kinds[:2] == ["response.created", "response.in_progress"]
    assert kinds[-1] == "response.completed"
    assert [e.sequence_number for e in events] == list(range(len(events)))
    deltas = [e.delta for e in events if e.type == "response.output_text.delta"]
    assert "".join(deltas) == "one two three" and len(deltas) == 3
    assert kinds.index("response.content_part.added") < kinds.index("response.output_text.delta")
    assert events[-1].response.output_text == "one two three"


def test_stream_helper_gives_final_response(openai_client):
    with openai_client.responses.stream(model="gpt-4.1", input="streamed words") as stream:
        texts = [e.delta for e in stream if e.type == "response.output_text.delta"]
        final = stream.get_final_response()
    assert "".join(texts) == final.output_text == "streamed words"


def test_tool_call_round_trip_with_a_script(openai_client, llm_script, llm_exchanges):
    llm_script(WEATHER_SCRIPT)
    first = openai_client.responses.create(
        model="weatherbot", input="What's the weather in Paris?", tools=[WEATHER_TOOL]
    )
    call = next(item for item in first.output if item.type == "function_call")
    assert call.name == "get_weather" and json.loads(call.arguments) == {"city": "Paris"}
    assert call.call_id.startswith("call_")
    second = openai_client.responses.create(
        model="weatherbot",
        input=[
            {"role": "user", "content": "What's the weather in Paris?"},
            {
                "type": "function_call",
                "call_id": call.call_id,
                "name": call.name,
                "arguments": call.arguments,
            },
            {"type": "function_call_output", "call_id": call.call_id, "output": "sunny, 24C"},
        ],
        tools=[WEATHER_TOOL],
    )
    assert second.output_text == "It is sunny in Paris."
    recorded = llm_exchanges("openai", "weatherbot")
    assert [e["status"] for e in recorded] == [200, 200]
    assert recorded[1]["request"]["input"][2]["output"] == "sunny, 24C"
    assert recorded[1]["prompt"]["messages"][-1]["parts"][0]["type"] == "tool_result"


def test_streamed_function_call_arguments(openai_client):
    events = list(
        openai_client.responses.create(
            model="tool-caller", input="Lyon", tools=[WEATHER_TOOL], stream=True
        )
    )
    deltas = "".join(e.delta for e in events if e.type == "response.function_call_arguments.delta")
    done = next(e for e in events if e.type == "response.function_call_arguments.done")
    assert json.loads(deltas) == json.loads(done.arguments) == {"city": "Lyon"}
    assert events[-1].response.output[0].type == "function_call"


def test_structured_output_parses_into_the_model(openai_client):
    parsed = openai_client.responses.parse(model="echo", input="Ada", text_format=Person)
    assert isinstance(parsed.output_parsed, Person)
    assert parsed.output_parsed.name == "Ada"
    completion = openai_client.chat.completions.parse(
        model="gpt-4o", messages=[{"role": "user", "content": "Grace"}], response_format=Person
    )
    assert completion.choices[0].message.parsed.name == "Grace"


def test_scripted_json_reply_is_returned_as_is(openai_client, llm_script):
    llm_script(
        model="extractor", turns=[{"reply": {"json": {"name": "Alan", "age": 41, "tags": []}}}]
    )
    parsed = openai_client.responses.parse(model="extractor", input="who?", text_format=Person)
    assert parsed.output_parsed == Person(name="Alan", age=41, tags=[])


def test_json_schema_output_is_valid_for_the_schema(openai_client):
    schema = {
        "type": "object",
        "properties": {
            "when": {"type": "string", "format": "date-time"},
            "score": {"type": "number", "minimum": 3},
            "kind": {"enum": ["a", "b"]},
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2},
        },
        "required": ["when", "score", "kind", "items"],
        "additionalProperties": False,
    }
    response = openai_client.responses.create(
        model="echo",
        input="anything",
        text={"format": {"type": "json_schema", "name": "thing", "schema": schema, "strict": True}},
    )
    jsonschema.validate(json.loads(response.output_text), schema)


def test_strict_schema_must_be_closed(openai_client):
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(
            model="echo",
            input="x",
            text={"format": {"type": "json_schema", "name": "t", "schema": schema, "strict": True}},
        )
    assert caught.value.code == "invalid_json_schema"
    assert "'additionalProperties' is required" in caught.value.message


def test_reasoning_items_and_reasoning_tokens(openai_client, llm_script):
    llm_script(model="thinker", turns=[{"reply": {"thinking": "Let me count: 2+2.", "text": "4"}}])
    response = openai_client.responses.create(
        model="thinker",
        input="2+2?",
        reasoning={"effort": "high", "summary": "auto"},
        include=["reasoning.encrypted_content"],
    )
    reasoning = response.output[0]
    assert reasoning.type == "reasoning"
    assert reasoning.summary[0].text == "Let me count: 2+2."
    assert reasoning.encrypted_content
    details = response.usage.output_tokens_details
    assert details.reasoning_tokens == tokens("Let me count: 2+2.")
    assert response.usage.output_tokens == tokens("4") + details.reasoning_tokens


def test_non_reasoning_model_refuses_reasoning(openai_client):
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(model="gpt-4o", input="x", reasoning={"effort": "low"})
    assert caught.value.param == "reasoning.effort"


def test_prompt_caching_reports_cached_tokens_on_a_repeated_prefix(openai_client):
    long_instructions = "You are a careful assistant. " * 200  # about 1450 tokens
    first = openai_client.responses.create(model="echo", input="a", instructions=long_instructions)
    assert first.usage.input_tokens_details.cached_tokens == 0
    second = openai_client.responses.create(model="echo", input="b", instructions=long_instructions)
    cached = second.usage.input_tokens_details.cached_tokens
    assert cached >= 1024 and (cached - 1024) % 128 == 0
    assert cached <= tokens(long_instructions)
    short = openai_client.responses.create(model="echo", input="b", instructions="short")
    assert short.usage.input_tokens_details.cached_tokens == 0


def test_max_output_tokens_makes_the_response_incomplete(openai_client):
    response = openai_client.responses.create(
        model="echo", input="word " * 40, max_output_tokens=16
    )
    assert response.status == "incomplete"
    assert response.incomplete_details.reason == "max_output_tokens"
    assert len(response.output_text.encode()) <= 64


def test_chat_completion_plain_and_streamed(openai_client):
    completion = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": "sys"}, {"role": "user", "content": "hi there"}],
    )
    assert completion.choices[0].message.content == "hi there"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens == tokens("sys") + tokens("hi there")
    chunks = list(
        openai_client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "stream this"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "stream this"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == tokens("stream this")
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"


def test_chat_tool_call_round_trip(openai_client):
    tools = [{"type": "function", "function": {k: WEATHER_TOOL[k] for k in ("name", "parameters")}}]
    messages = [{"role": "user", "content": "Oslo"}]
    first = openai_client.chat.completions.create(
        model="tool-caller", messages=messages, tools=tools
    )
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    call = choice.message.tool_calls[0]
    assert json.loads(call.function.arguments) == {"city": "Oslo"}
    messages += [
        choice.message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": "cold"},
    ]
    final = openai_client.chat.completions.create(
        model="tool-caller", messages=messages, tools=tools
    )
    assert final.choices[0].message.content == "Tool results: cold"


def test_chat_streamed_tool_call_is_assembled_by_the_sdk(openai_client):
    tools = [{"type": "function", "function": {k: WEATHER_TOOL[k] for k in ("name", "parameters")}}]
    with openai_client.chat.completions.stream(
        model="tool-caller", messages=[{"role": "user", "content": "Rome"}], tools=tools
    ) as stream:
        final = stream.get_final_completion()
    call = final.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Rome"}


def test_models_list_and_retrieve(openai_client, llm_script):
    llm_script(model="my-scripted", turns=[{"reply": {"text": "x"}}])
    ids = [m.id for m in openai_client.models.list()]
    assert {"gpt-4o", "echo", "tool-caller", "my-scripted"} <= set(ids)
    assert openai_client.models.retrieve("gpt-4o").owned_by == "openai"
    with pytest.raises(openai.NotFoundError):
        openai_client.models.retrieve("gpt-nonexistent")


def test_bad_key_is_an_authentication_error(openai_credentials):
    client = openai.OpenAI(base_url=openai_credentials["base_url"], api_key="sk-wrong-key-123456")
    with pytest.raises(openai.AuthenticationError) as caught:
        client.responses.create(model="echo", input="x")
    assert caught.value.code == "invalid_api_key"
    assert "Incorrect API key provided" in caught.value.message
    assert caught.value.response.headers["x-request-id"].startswith("req_")


def test_unknown_model_is_not_found(openai_client):
    with pytest.raises(openai.NotFoundError) as caught:
        openai_client.chat.completions.create(
            model="gpt-99", messages=[{"role": "user", "content": "x"}]
        )
    assert caught.value.code == "model_not_found"
    assert "`gpt-99` does not exist" in caught.value.message


def test_invalid_requests_are_bad_requests(openai_client):
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.chat.completions.create(model="echo", messages=[])
    assert caught.value.param == "messages"
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(
            model="echo", input=[{"type": "function_call_output", "call_id": "nope", "output": "x"}]
        )
    assert "No tool call found" in caught.value.message


def test_no_matching_turn_is_a_clear_bad_request(openai_client, llm_script):
    llm_script(
        model="picky", turns=[{"when": {"last_user_contains": "hello"}, "reply": {"text": "hi"}}]
    )
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(model="picky", input="goodbye")
    assert "No scripted turn of model 'picky'" in caught.value.message
    assert "last_user_contains='hello'" in caught.value.message


def test_rate_limit_fault_is_retried_after_retry_after(universe, openai_client, llm_exchanges):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "openai",
            "operation": "responses.*",
            "kind": "error",
            "status": 429,
            "times": 1,
        },
    )
    started = time.monotonic()
    response = openai_client.with_options(max_retries=2).responses.create(model="echo", input="ok")
    assert response.output_text == "ok"
    assert time.monotonic() - started >= 0.9  # the SDK waited for retry-after: 1
    statuses = [e["status"] for e in universe.control("GET", "/journal?twin=openai")["entries"]]
    assert statuses[-2:] == [429, 200]


def test_rate_limit_error_carries_retry_after(universe, openai_client):
    universe.control(
        "POST",
        "/faults",
        json={"twin": "openai", "operation": "chat.*", "kind": "rate_limit", "limit": 0},
    )
    with pytest.raises(openai.RateLimitError) as caught:
        openai_client.with_options(max_retries=0).chat.completions.create(
            model="echo", messages=[{"role": "user", "content": "x"}]
        )
    assert caught.value.code == "rate_limit_exceeded"
    assert int(caught.value.response.headers["retry-after"]) >= 1


def test_scripted_errors_and_server_faults(universe, openai_client, llm_script):
    client = openai_client.with_options(max_retries=0)
    llm_script(
        model="flaky",
        turns=[
            {"reply": {"error": {"status": 429, "message": "slow down", "retry_after": 2}}},
            {"reply": {"text": "recovered"}},
        ],
    )
    with pytest.raises(openai.RateLimitError) as caught:
        client.responses.create(model="flaky", input="x")
    assert caught.value.body["message"] == "slow down"
    assert caught.value.response.headers["retry-after"] == "2"
    assert client.responses.create(model="flaky", input="x").output_text == "recovered"
    universe.control("POST", "/faults", json={"twin": "openai", "kind": "error", "times": 1})
    with pytest.raises(openai.InternalServerError) as caught:
        client.responses.create(model="echo", input="x")
    assert caught.value.type == "server_error"


async def test_async_client_streams(async_openai_client):
    stream = await async_openai_client.responses.create(
        model="echo", input="async words", stream=True
    )
    deltas = [e.delta async for e in stream if e.type == "response.output_text.delta"]
    assert "".join(deltas) == "async words"


def test_input_tokens_count_matches_the_usage_of_the_same_request(openai_client):
    request = {"model": "echo", "input": "count these words", "instructions": "sys prompt"}
    counted = openai_client.responses.input_tokens.count(**request)
    assert counted.object == "response.input_tokens"
    assert counted.input_tokens == openai_client.responses.create(**request).usage.input_tokens


def test_previous_response_id_chains_stored_conversations(openai_client, llm_script, llm_exchanges):
    llm_script(model="memory", repeat_last=True, turns=[{"reply": {"text": "noted"}}])
    first = openai_client.responses.create(model="memory", input="my name is Ada")
    second = openai_client.responses.create(
        model="memory", input="what is my name?", previous_response_id=first.id
    )
    third = openai_client.responses.create(
        model="memory", input="and again?", previous_response_id=second.id
    )
    seen = llm_exchanges("openai", "memory")[-1]["prompt"]["messages"]
    texts = [p["text"] for m in seen for p in m["parts"]]
    assert texts == ["my name is Ada", "noted", "what is my name?", "noted", "and again?"]
    assert openai_client.responses.retrieve(third.id).output_text == "noted"
    items = openai_client.responses.input_items.list(third.id, order="asc")
    assert [i.type for i in items.data] == ["message"] * 5
    assert items.data[0].content[0].text == "my name is Ada"
    assert all(i.id for i in items.data)
    assert openai_client.responses.delete(third.id) is None
    with pytest.raises(openai.NotFoundError):
        openai_client.responses.retrieve(third.id)
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(model="memory", input="x", previous_response_id=third.id)
    assert caught.value.code == "previous_response_not_found"
    unstored = openai_client.responses.create(model="memory", input="forget", store=False)
    with pytest.raises(openai.NotFoundError):
        openai_client.responses.retrieve(unstored.id)


def test_a_chained_response_reads_the_one_it_continues_once(universe, openai_client):
    first = openai_client.responses.create(model="echo", input="one")
    with statements(universe) as ran:
        second = openai_client.responses.create(
            model="echo", input="two", previous_response_id=first.id
        )
    reads = [s for s in ran if s.lstrip().upper().startswith("SELECT") and "openai_responses" in s]
    assert len(reads) == 1, reads
    items = openai_client.responses.input_items.list(second.id, order="asc").data
    assert [i.content[0].text for i in items] == ["one", "one", "two"]


def test_strict_function_tools_need_closed_schemas(openai_client):
    loose = {**WEATHER_TOOL, "parameters": {"type": "object", "properties": {"city": {}}}}
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(model="echo", input="x", tools=[loose])
    assert caught.value.param == "tools[0].parameters"
    assert "Invalid schema for function 'get_weather'" in caught.value.message
    relaxed = openai_client.responses.create(
        model="tool-caller", input="Bern", tools=[{**loose, "strict": False}]
    )
    assert relaxed.output[0].type == "function_call"
