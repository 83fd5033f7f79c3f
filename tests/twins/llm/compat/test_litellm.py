"""litellm against the LLM twins: plain, streamed, tool-loop and structured completions, and a 429
raised as litellm's own rate-limit error, for ``openai/``, ``anthropic/`` and ``gemini/`` models,
each given only the twin's base URL (``api_base``) and key."""

from __future__ import annotations

import json

import pytest
from tests.twins.llm.compat.scripting import (
    ANSWER,
    BUDGET_SPENT,
    GREETING,
    PERSON,
    PLAIN,
    STRUCTURED,
    TOOL_LOOP,
    Person,
    parts,
    weather,
)

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


@pytest.fixture(params=["openai", "anthropic", "gemini"])
def twin(request, litellm, scripted):
    """(provider twin, a completion function on it, its async twin, register turns, read
    exchanges)."""
    provider = request.param
    credentials = request.getfixturevalue(f"{provider}_credentials")
    on = scripted(provider)
    # litellm appends `/models/...` to a Gemini api_base, as to Google's `.../v1beta`.
    suffix = "/v1beta" if provider == "gemini" else ""
    route = {
        "model": f"{provider}/{on.model}",
        "api_base": credentials["base_url"] + suffix,
        "api_key": credentials["api_key"],
        "num_retries": 0,
        "max_retries": 0,
    }

    def complete(prompt: str, **options):
        messages = options.pop("messages", [{"role": "user", "content": prompt}])
        return litellm.completion(messages=messages, **route, **options)

    async def acomplete(prompt: str, **options):
        messages = [{"role": "user", "content": prompt}]
        return await litellm.acompletion(messages=messages, **route, **options)

    return provider, complete, acomplete, on.register, on.exchanges


def test_plain_completion_answers_the_scripted_text_with_the_twins_usage(twin):
    _, complete, _, register, exchanges = twin
    register(PLAIN)
    response = complete("Please greet me")
    assert response.choices[0].message.content == GREETING
    assert response.choices[0].finish_reason == "stop"
    (exchange,) = exchanges(200)
    usage = exchange["reply"]["usage"]
    assert response.usage.prompt_tokens == usage["input_tokens"] > 0
    assert response.usage.completion_tokens == usage["output_tokens"] + usage["reasoning_tokens"]


async def test_streamed_completion_concatenates_to_the_final_text(twin):
    _, _, acomplete, register, exchanges = twin
    register(PLAIN)
    stream = await acomplete("Please greet me", stream=True, stream_options={"include_usage": True})
    chunks = [chunk async for chunk in stream]
    deltas = [c.choices[0].delta.content for c in chunks if c.choices]
    deltas = [delta for delta in deltas if delta]
    assert len(deltas) > 1
    assert "".join(deltas) == GREETING
    (exchange,) = exchanges(200)
    assert exchange["stream"] is True
    usage = exchange["reply"]["usage"]
    reported = [c.usage for c in chunks if getattr(c, "usage", None)][-1]
    assert reported.prompt_tokens == usage["input_tokens"]
    assert reported.completion_tokens == usage["output_tokens"] + usage["reasoning_tokens"]


def test_tool_loop_runs_the_twins_call_and_sends_back_its_result(twin):
    provider, complete, _, register, exchanges = twin
    register(TOOL_LOOP)
    question = [{"role": "user", "content": "What is the weather in Paris?"}]
    first = complete("", messages=question, tools=[WEATHER_TOOL])
    assert first.choices[0].finish_reason == "tool_calls"
    (call,) = first.choices[0].message.tool_calls
    assert call.function.name == "get_weather"
    arguments = json.loads(call.function.arguments)
    assert arguments == {"city": "Paris"}
    result = {"role": "tool", "tool_call_id": call.id, "content": weather(**arguments)}
    messages = [*question, first.choices[0].message.model_dump(), result]
    second = complete("", messages=messages, tools=[WEATHER_TOOL])
    assert second.choices[0].message.content == ANSWER
    asked, told = exchanges(200, 200)
    assert [t["name"] for t in asked["prompt"]["tools"]] == ["get_weather"]
    (sent_back,) = parts(told, "tool_call")
    assert (sent_back["name"], sent_back["arguments"]) == ("get_weather", {"city": "Paris"})
    (tool_result,) = parts(told, "tool_result")
    assert weather("Paris") in tool_result["content"]
    assert tool_result["call_id"] == asked["reply"]["tool_calls"][0]["id"] or provider == "gemini"


# Where litellm puts the JSON schema on each provider's wire: Anthropic's is the beta
# `output_format`, which the twin follows only under its `anthropic-beta` header.
SCHEMA_FIELDS = {
    "openai": lambda request: request["response_format"]["json_schema"]["schema"],
    "anthropic": lambda request: request["output_format"]["schema"],
    "gemini": lambda request: request["generationConfig"]["response_json_schema"],
}


def test_structured_output_parses_into_the_model(twin):
    provider, complete, _, register, exchanges = twin
    register(STRUCTURED)
    response = complete("Describe a person", response_format=Person)
    assert Person.model_validate_json(response.choices[0].message.content) == Person(**PERSON)
    (exchange,) = exchanges(200)
    sent = SCHEMA_FIELDS[provider](exchange["request"])
    assert sent["required"] == ["name", "age"]
    assert exchange["prompt"]["output_schema"] == sent
    if provider == "anthropic":
        assert "structured-outputs-2025-11-13" in exchange["headers"]["anthropic-beta"]


def test_a_spent_request_budget_is_litellms_rate_limit_error(twin, litellm, budget):
    provider, complete, _, register, exchanges = twin
    register(PLAIN)
    budget(provider, requests=1)
    assert complete("Please greet me").choices[0].message.content == GREETING
    with pytest.raises(litellm.RateLimitError) as caught:
        complete("Please greet me again")
    assert caught.value.status_code == 429
    assert BUDGET_SPENT[provider] in caught.value.message
    exchanges(200, 429)
