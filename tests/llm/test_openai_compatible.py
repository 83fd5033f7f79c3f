"""The OpenAI-compatible adapter (Chat Completions) against the OpenAI twin's
``/chat/completions``: plain, streamed (ending with ``[DONE]``), tools, JSON, errors."""

from __future__ import annotations

import pytest

from darkfactory.llm import (
    Client,
    Message,
    NotFoundError,
    OpenAICompatibleAdapter,
    StreamEventType,
    Tool,
    generate,
    generate_object,
    stream,
)

E = StreamEventType


@pytest.fixture
def compat(universe, llm_credentials) -> Client:
    creds = llm_credentials["openai"]
    client = Client(
        {"compat": OpenAICompatibleAdapter(creds["api_key"], creds["base_url"])}, "compat"
    )
    yield client
    client.close()


def test_complete_uses_chat_completions(compat, llm_exchanges):
    result = generate(
        "echo", messages=[Message.system("Be brief."), Message.user("hi there")], client=compat
    )
    assert result.text == "hi there" and result.finish_reason.reason == "stop"
    exchange = llm_exchanges("openai")[-1]
    assert exchange["operation"] == "chat.completions.create"
    assert exchange["request"]["messages"][0] == {"role": "system", "content": "Be brief."}
    assert result.usage.input_tokens > 0 and result.usage.total_tokens == (
        result.usage.input_tokens + result.usage.output_tokens
    )


def test_stream_ends_with_finish_and_usage(compat, last_request):
    result = stream("echo", "stream over chat completions", client=compat)
    events = list(result)
    assert events[0].type == E.STREAM_START and events[-1].type == E.FINISH
    text = "".join(e.delta for e in events if e.type == E.TEXT_DELTA)
    assert text == "stream over chat completions" == result.response().text
    assert events[-1].usage.output_tokens > 0
    assert last_request("openai")["stream_options"] == {"include_usage": True}


def test_tool_loop_streamed_and_not(compat, llm_script):
    weather = Tool(
        "get_weather",
        "Weather",
        {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        lambda city: f"sunny in {city}",
    )
    for run in (
        lambda: generate("forecast", "Oslo?", tools=[weather], client=compat),
        lambda: stream("forecast", "Oslo?", tools=[weather], client=compat).result(),
    ):
        llm_script(
            model="forecast",
            providers=("openai",),
            turns=[
                {"reply": {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Oslo"}}]}},
                {"when": {"has_tool_results": True}, "reply": {"text": "Sunny."}},
            ],
        )
        result = run()
        assert result.text == "Sunny." and len(result.steps) == 2
        assert result.steps[0].tool_results[0].content == "sunny in Oslo"


def test_json_schema_response_format(compat, last_request):
    schema = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    result = generate_object("echo", "Alice", schema=schema, client=compat)
    assert isinstance(result.output["name"], str)
    sent = last_request("openai")["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["schema"] == schema


def test_unknown_model_not_found(compat):
    with pytest.raises(NotFoundError):
        generate("nonexistent-model-xyz", "x", client=compat, max_retries=0)
