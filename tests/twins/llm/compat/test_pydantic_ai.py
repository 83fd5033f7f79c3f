"""pydantic-ai's agents against the LLM twins: plain, streamed, tool-loop and structured runs, and
a 429 raised as pydantic-ai's own rate-limit error, on OpenAI (Chat Completions and Responses),
Anthropic and Gemini, each model given only the twin's base URL and key."""

from __future__ import annotations

import base64

import pytest
from pydantic_ai import Agent, NativeOutput
from pydantic_ai.exceptions import ModelRateLimitError
from pydantic_ai.messages import (
    ModelRequest,
    ModelResponse,
    ToolCallPart,
    ToolReturnPart,
    UserPromptPart,
)
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.models.google import GoogleModel
from pydantic_ai.models.openai import OpenAIChatModel, OpenAIResponsesModel
from pydantic_ai.providers.anthropic import AnthropicProvider
from pydantic_ai.providers.google import GoogleProvider
from pydantic_ai.providers.openai import OpenAIProvider
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

MODEL_CLASSES = {
    "openai-chat": ("openai", OpenAIChatModel, OpenAIProvider),
    "openai-responses": ("openai", OpenAIResponsesModel, OpenAIProvider),
    "anthropic": ("anthropic", AnthropicModel, AnthropicProvider),
    "gemini": ("gemini", GoogleModel, GoogleProvider),
}


@pytest.fixture(params=list(MODEL_CLASSES))
def twin(request, scripted):
    """(provider twin, a pydantic-ai model on it, register turns, read exchanges)."""
    provider, model_class, provider_class = MODEL_CLASSES[request.param]
    credentials = request.getfixturevalue(f"{provider}_credentials")
    on = scripted(provider)
    model = model_class(
        on.model,
        provider=provider_class(base_url=credentials["base_url"], api_key=credentials["api_key"]),
    )
    return provider, model, on.register, on.exchanges


async def test_plain_run_answers_the_scripted_text_with_the_twins_usage(twin):
    _, model, register, exchanges = twin
    register(PLAIN)
    result = await Agent(model, instructions="Be brief.").run("Please greet me")
    assert result.output == GREETING
    (exchange,) = exchanges(200)
    assert exchange["prompt"]["system"].endswith("Be brief.")
    assert [p["text"] for p in parts(exchange, "text")] == ["Please greet me"]
    usage = exchange["reply"]["usage"]
    assert result.usage.input_tokens == usage["input_tokens"] > 0
    assert result.usage.output_tokens == usage["output_tokens"] + usage["reasoning_tokens"]


async def test_streamed_run_concatenates_to_the_final_text(twin):
    _, model, register, exchanges = twin
    register(PLAIN)
    async with Agent(model).run_stream("Please greet me") as result:
        deltas = [delta async for delta in result.stream_text(delta=True, debounce_by=None)]
    assert len(deltas) > 1
    assert "".join(deltas) == GREETING
    (exchange,) = exchanges(200)
    assert exchange["stream"] is True
    assert (
        result.usage.output_tokens
        == exchange["reply"]["usage"]["output_tokens"]
        + (exchange["reply"]["usage"]["reasoning_tokens"])
    )


async def test_tool_loop_runs_the_twins_call_and_sends_back_its_result(twin):
    provider, model, register, exchanges = twin
    register(TOOL_LOOP)
    calls: list[str] = []
    agent = Agent(model)

    @agent.tool_plain
    def get_weather(city: str) -> str:
        """Current weather in a city."""
        calls.append(city)
        return weather(city)

    result = await agent.run("What is the weather in Paris?")
    assert result.output == ANSWER
    assert calls == ["Paris"]
    first, second = exchanges(200, 200)
    assert [t["name"] for t in first["prompt"]["tools"]] == ["get_weather"]
    (call,) = first["reply"]["tool_calls"]
    assert call["arguments"] == {"city": "Paris"}
    (sent_back,) = parts(second, "tool_call")
    assert (sent_back["name"], sent_back["arguments"]) == ("get_weather", {"city": "Paris"})
    # Only Gemini signs function calls; the twin answered 200, so it verified the one sent back.
    assert bool(sent_back["signature"]) == (provider == "gemini")
    (tool_result,) = parts(second, "tool_result")
    assert weather("Paris") in tool_result["content"]
    assert tool_result["call_id"] == call["id"] or provider == "gemini"


async def test_gemini_2_finishes_a_tool_loop_another_model_began(scripted, gemini_credentials):
    """A function call from another provider has no Gemini signature: pydantic-ai sends Google's
    dummy in its place, which gemini-2.x models take."""
    on = scripted("gemini")
    on.register(TOOL_LOOP[1:])
    history = [
        ModelRequest(parts=[UserPromptPart("What is the weather in Paris?")]),
        ModelResponse(
            parts=[ToolCallPart("get_weather", {"city": "Paris"}, tool_call_id="call_1")],
            provider_name="openai",
        ),
        ModelRequest(
            parts=[ToolReturnPart("get_weather", weather("Paris"), tool_call_id="call_1")]
        ),
    ]
    gemini = GoogleModel(on.model, provider=GoogleProvider(**gemini_credentials))
    result = await Agent(gemini).run(None, message_history=history)
    assert result.output == ANSWER
    (exchange,) = on.exchanges(200)
    (call,) = [
        p for c in exchange["request"]["contents"] for p in c["parts"] if "functionCall" in p
    ]
    assert base64.b64decode(call["thoughtSignature"]) == b"skip_thought_signature_validator"


async def test_native_structured_output_parses_into_the_model(twin):
    _, model, register, exchanges = twin
    register(STRUCTURED)
    result = await Agent(model, output_type=NativeOutput(Person)).run("Describe a person")
    assert result.output == Person(**PERSON)
    (exchange,) = exchanges(200)
    schema = exchange["prompt"]["output_schema"]
    assert set(schema["properties"]) == {"name", "age"}


async def test_tool_output_parses_into_the_model(twin):
    _, model, register, exchanges = twin
    register([{"reply": {"tool_calls": [{"name": "final_result", "arguments": PERSON}]}}])
    result = await Agent(model, output_type=Person).run("Describe a person")
    assert result.output == Person(**PERSON)
    (exchange,) = exchanges(200)
    assert [t["name"] for t in exchange["prompt"]["tools"]] == ["final_result"]


async def test_a_spent_request_budget_is_pydantic_ais_rate_limit_error(twin, budget):
    provider, model, register, exchanges = twin
    register(PLAIN)
    budget(provider, requests=1)
    agent = Agent(model)
    assert (await agent.run("Please greet me")).output == GREETING
    with pytest.raises(ModelRateLimitError) as caught:
        await agent.run("Please greet me again", model_settings={"max_retries": 0})
    assert caught.value.status_code == 429
    assert BUDGET_SPENT[provider] in str(caught.value.body)
    exchanges(200, 429)
