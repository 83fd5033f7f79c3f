"""§8.9 Cross-provider parity: every row of the validation matrix, for each of the three
providers, against their twins."""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

import pytest

from darkfactory.llm import (
    AuthenticationError,
    Client,
    ContentPart,
    ImageData,
    Message,
    RateLimitError,
    Role,
    StreamEventType,
    Tool,
    generate,
    generate_object,
    stream,
)

E = StreamEventType
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
HANDBOOK = " ".join(f"Rule {i}: answer briefly and exactly." for i in range(160))
WEATHER = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
REASONING_ON = {
    "openai": {"reasoning_effort": "low"},
    "anthropic": {
        "provider_options": {"anthropic": {"thinking": {"type": "enabled", "budget_tokens": 1024}}}
    },
    "gemini": {
        "provider_options": {
            "gemini": {"generationConfig": {"thinkingConfig": {"includeThoughts": True}}}
        }
    },
}
OPTIONS = {
    "openai": ({"user": "parity"}, "user", "parity"),
    "anthropic": ({"top_k": 4}, "top_k", 4),
    "gemini": (
        {"safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]},
        "safetySettings",
        [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
    ),
}


@dataclass
class Cell:
    client: Client
    provider: str
    script: Any
    exchanges: Any
    client_for: Any

    def tool(self, log: list[str] | None = None) -> Tool:
        def get_weather(city: str) -> str:
            if log is not None:
                log.append(city)
            return f"sunny in {city}"

        return Tool("get_weather", "Weather for a city", WEATHER, get_weather)

    def calls_then(self, model: str, *rounds: list[str], answer: str = "Done.") -> None:
        turns = [
            {
                "reply": {
                    "tool_calls": [
                        {"name": "get_weather", "arguments": {"city": c}} for c in cities
                    ]
                }
            }
            for cities in rounds
        ]
        self.script(model=model, turns=[*turns, {"reply": {"text": answer}}])

    def last_body(self) -> dict:
        return self.exchanges(self.provider)[-1]["request"]


def simple_text(cell: Cell) -> None:
    result = generate("echo", "Hello parity", client=cell.client)
    assert result.text == "Hello parity" and result.finish_reason.reason == "stop"


def streaming_text(cell: Cell) -> None:
    result = stream("echo", "Streaming parity text", client=cell.client)
    deltas = [e.delta for e in result if e.type == E.TEXT_DELTA]
    assert "".join(deltas) == "Streaming parity text" == result.response().text


def image(cell: Cell, data: ImageData) -> None:
    message = Message(Role.USER, [ContentPart.of_text("Describe"), ContentPart.of_image(data)])
    result = generate("echo", messages=[message], client=cell.client)
    assert result.text == "Describe"
    body = repr(cell.last_body())
    assert (data.url or base64.b64encode(PNG).decode()) in body


def image_base64(cell: Cell) -> None:
    image(cell, ImageData(data=PNG, media_type="image/png"))


def image_url(cell: Cell) -> None:
    image(cell, ImageData(url="https://example.com/cat.png"))


def single_tool_call(cell: Cell) -> None:
    cell.calls_then("single", ["Oslo"], answer="Oslo is sunny.")
    log: list[str] = []
    result = generate("single", "Oslo?", tools=[cell.tool(log)], client=cell.client)
    assert log == ["Oslo"] and result.text == "Oslo is sunny." and len(result.steps) == 2


def parallel_tool_calls(cell: Cell) -> None:
    cell.calls_then("parallel", ["Oslo", "Lima", "Pune"])
    log: list[str] = []
    result = generate("parallel", "Three?", tools=[cell.tool(log)], client=cell.client)
    assert sorted(log) == ["Lima", "Oslo", "Pune"]
    assert [r.content for r in result.steps[0].tool_results] == [
        "sunny in Oslo",
        "sunny in Lima",
        "sunny in Pune",
    ]
    assert len(cell.exchanges(cell.provider, "parallel")) == 2


def multi_step_loop(cell: Cell) -> None:
    cell.calls_then("multi", ["Oslo"], ["Lima"], ["Pune"], answer="Three done.")
    log: list[str] = []
    result = generate(
        "multi", "One by one", tools=[cell.tool(log)], max_tool_rounds=5, client=cell.client
    )
    assert log == ["Oslo", "Lima", "Pune"] and len(result.steps) == 4
    assert result.text == "Three done."


def streaming_with_tools(cell: Cell) -> None:
    cell.calls_then("streamer", ["Oslo"], answer="Streamed after tools.")
    result = stream("streamer", "Oslo?", tools=[cell.tool()], client=cell.client)
    kinds = [e.type for e in result]
    for kind in (E.TOOL_CALL_START, E.TOOL_CALL_END, E.STEP_FINISH):
        assert kind in kinds
    assert kinds.index(E.TOOL_CALL_END) < kinds.index(E.STEP_FINISH) < len(kinds) - 1
    assert kinds[-1] == E.FINISH and result.response().text == "Streamed after tools."
    assert len(result.result().steps) == 2


def structured_output(cell: Cell) -> None:
    cell.script(model="extract", turns=[{"reply": {"json": {"name": "Alice", "age": 30}}}])
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
    }
    result = generate_object("extract", "Alice is 30", schema=schema, client=cell.client)
    assert result.output == {"name": "Alice", "age": 30}


def reasoning_tokens(cell: Cell) -> None:
    result = generate("echo", "Think about it", client=cell.client, **REASONING_ON[cell.provider])
    assert result.usage.reasoning_tokens and result.usage.reasoning_tokens > 0


def invalid_key(cell: Cell) -> None:
    with pytest.raises(AuthenticationError):
        generate("echo", "x", client=cell.client_for(cell.provider, api_key="bogus"))


def rate_limit(cell: Cell) -> None:
    cell.script(
        model="limited",
        repeat_last=True,
        turns=[{"reply": {"error": {"status": 429, "message": "too many"}}}],
    )
    with pytest.raises(RateLimitError) as caught:
        generate("limited", "x", client=cell.client, max_retries=0)
    assert caught.value.status_code == 429 and caught.value.retry_after is not None


def usage_accurate(cell: Cell) -> None:
    text = "Count these tokens exactly"  # 26 bytes: 7 tokens either way
    result = generate("echo", text, client=cell.client)
    expected = math.ceil(len(text) / 4)
    assert result.usage.input_tokens == expected == result.usage.output_tokens
    assert result.usage.total_tokens == 2 * expected


def prompt_caching(cell: Cell) -> None:
    turns = [generate("echo", f"Turn {i}", system=HANDBOOK, client=cell.client) for i in range(3)]
    assert not turns[0].usage.cache_read_tokens
    assert all(t.usage.cache_read_tokens > 0 for t in turns[1:])


def provider_options(cell: Cell) -> None:
    options, key, value = OPTIONS[cell.provider]
    generate("echo", "with options", provider_options={cell.provider: options}, client=cell.client)
    assert cell.last_body()[key] == value


MATRIX = {
    "simple_text_generation": simple_text,
    "streaming_text_generation": streaming_text,
    "image_input_base64": image_base64,
    "image_input_url": image_url,
    "single_tool_call_and_execution": single_tool_call,
    "multiple_parallel_tool_calls": parallel_tool_calls,
    "multi_step_tool_loop_3_rounds": multi_step_loop,
    "streaming_with_tool_calls": streaming_with_tools,
    "structured_output_generate_object": structured_output,
    "reasoning_token_reporting": reasoning_tokens,
    "error_invalid_api_key_401": invalid_key,
    "error_rate_limit_429": rate_limit,
    "usage_token_counts_accurate": usage_accurate,
    "prompt_caching_turn_2": prompt_caching,
    "provider_options_pass_through": provider_options,
}


@pytest.mark.parametrize("case", list(MATRIX))
def test_dod_8_9_parity_matrix(case, client, provider, llm_script, llm_exchanges, client_for):
    MATRIX[case](Cell(client, provider, llm_script, llm_exchanges, client_for))
