"""§8.7 Tool calling: active and passive tools, rounds, parallel execution, errors, choice
modes, argument validation and step records."""

from __future__ import annotations

import asyncio
import threading

import pytest
from tests.llm.expect import sent_result

from darkfactory.llm import (
    Message,
    StreamEventType,
    Tool,
    ToolChoice,
    agenerate,
    astream,
    generate,
)

SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}


def weather_tool(calls: list | None = None, **kwargs) -> Tool:
    def get_weather(city: str) -> str:
        if calls is not None:
            calls.append(city)
        return f"72F and sunny in {city}"

    return Tool(
        "get_weather", "Current weather for a city", SCHEMA, kwargs.get("execute", get_weather)
    )


def call(name: str = "get_weather", **arguments) -> dict:
    return {"name": name, "arguments": arguments}


def two_turns(llm_script, model: str, calls: list[dict], answer: str = "Done.") -> None:
    llm_script(
        model=model,
        turns=[
            {"reply": {"tool_calls": calls}},
            {"when": {"has_tool_results": True}, "reply": {"text": answer}},
        ],
    )


def test_dod_8_7_1_active_tools_loop(client, llm_script, llm_exchanges, provider):
    two_turns(llm_script, "forecaster", [call(city="Paris")], "Sunny in Paris.")
    calls: list[str] = []
    result = generate("forecaster", "Weather in Paris?", tools=[weather_tool(calls)], client=client)
    assert calls == ["Paris"]
    assert result.text == "Sunny in Paris." and len(result.steps) == 2
    assert len(llm_exchanges(provider, "forecaster")) == 2


async def test_dod_8_7_1_active_tools_loop_streamed_async(client, llm_script):
    two_turns(llm_script, "forecaster", [call(city="Paris"), call(city="Rome")], "Both sunny.")
    calls: list[str] = []
    result = astream("forecaster", "Paris and Rome?", tools=[weather_tool(calls)], client=client)
    kinds = [e.type async for e in result]
    assert kinds.count(StreamEventType.STEP_FINISH) == 1 and kinds[-1] == StreamEventType.FINISH
    assert sorted(calls) == ["Paris", "Rome"]
    assert (await result.response()).text == "Both sunny."
    assert len((await result.result()).steps) == 2


def test_dod_8_7_2_passive_tools_return_calls(client, llm_script, llm_exchanges, provider):
    two_turns(llm_script, "forecaster", [call(city="Oslo")])
    passive = Tool("get_weather", "Current weather for a city", SCHEMA)
    result = generate(
        "forecaster", "Weather in Oslo?", tools=[passive], client=client, max_tool_rounds=5
    )
    assert [(c.name, c.arguments) for c in result.tool_calls] == [("get_weather", {"city": "Oslo"})]
    assert result.finish_reason.reason == "tool_calls"
    assert result.tool_results == [] and len(result.steps) == 1
    assert len(llm_exchanges(provider, "forecaster")) == 1


def endless(llm_script) -> None:
    llm_script(
        model="endless", repeat_last=True, turns=[{"reply": {"tool_calls": [call(city="Rome")]}}]
    )


def test_dod_8_7_3_max_tool_rounds_respected(client, llm_script, llm_exchanges, provider):
    endless(llm_script)
    calls: list[str] = []
    result = generate(
        "endless", "Loop forever", tools=[weather_tool(calls)], max_tool_rounds=2, client=client
    )
    assert len(llm_exchanges(provider, "endless")) == 3
    assert calls == ["Rome", "Rome"] and len(result.steps) == 3
    assert result.tool_calls and result.tool_results == []


def test_dod_8_7_4_zero_rounds_disables_execution(client, llm_script, llm_exchanges, provider):
    endless(llm_script)
    calls: list[str] = []
    result = generate(
        "endless", "Do not run tools", tools=[weather_tool(calls)], max_tool_rounds=0, client=client
    )
    assert calls == [] and len(result.steps) == 1 and result.tool_calls
    assert len(llm_exchanges(provider, "endless")) == 1


CITIES = ["Lima", "Oslo", "Pune"]


def test_dod_8_7_5_parallel_calls_run_concurrently(client, llm_script):
    two_turns(llm_script, "fan-out", [call(city=c) for c in CITIES])
    barrier = threading.Barrier(len(CITIES), timeout=5)

    def get_weather(city: str) -> str:
        barrier.wait()  # only returns once all three handlers are running at the same time
        return f"sunny in {city}"

    result = generate(
        "fan-out", "Three cities", client=client, tools=[weather_tool(execute=get_weather)]
    )
    results = result.steps[0].tool_results
    assert [r.content for r in results] == [f"sunny in {c}" for c in CITIES]
    assert not any(r.is_error for r in results)


async def test_dod_8_7_5_parallel_calls_run_concurrently_async(client, llm_script):
    two_turns(llm_script, "fan-out", [call(city=c) for c in CITIES])
    running, peak = 0, 0

    async def get_weather(city: str) -> str:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.05 * (len(CITIES) - CITIES.index(city)))  # finish out of order
        running -= 1
        return f"sunny in {city}"

    result = await agenerate(
        "fan-out", "Three cities", client=client, tools=[weather_tool(execute=get_weather)]
    )
    assert peak == len(CITIES)
    assert [r.content for r in result.steps[0].tool_results] == [f"sunny in {c}" for c in CITIES]


def test_dod_8_7_6_all_results_in_one_continuation(client, llm_script, llm_exchanges, provider):
    two_turns(llm_script, "fan-out", [call(city=c) for c in CITIES])
    result = generate("fan-out", "Three cities", tools=[weather_tool()], client=client)
    exchanges = llm_exchanges(provider, "fan-out")
    assert len(exchanges) == 2
    last = exchanges[1]["prompt"]["messages"][-1]["parts"]
    sent = [p["content"] for p in last if p["type"] == "tool_result"]
    assert sent == [sent_result(provider, f"72F and sunny in {c}") for c in CITIES]
    ids = [c.id for c in result.steps[0].tool_calls]
    assert [r.tool_call_id for r in result.steps[0].tool_results] == ids


def test_dod_8_7_7_tool_errors_become_error_results(client, llm_script, llm_exchanges, provider):
    two_turns(llm_script, "fragile", [call(city="Oslo"), call(city="Lima")])

    def get_weather(city: str) -> str:
        if city == "Oslo":
            raise RuntimeError("weather service down")
        return f"sunny in {city}"

    result = generate(
        "fragile", "Two cities", client=client, tools=[weather_tool(execute=get_weather)]
    )
    failed, fine = result.steps[0].tool_results
    assert failed.is_error and "weather service down" in failed.content
    assert not fine.is_error and fine.content == "sunny in Lima"
    assert result.text == "Done."
    sent = llm_exchanges(provider, "fragile")[-1]["prompt"]["messages"][-1]["parts"]
    assert "weather service down" in sent[0]["content"]


def test_dod_8_7_8_unknown_tool_gets_error_result(client, llm_script):
    two_turns(llm_script, "confused", [call("get_tides", city="Oslo")])
    result = generate("confused", "Tides?", tools=[weather_tool()], client=client)
    (unknown,) = result.steps[0].tool_results
    assert unknown.is_error and unknown.content == "Unknown tool: get_tides"
    assert result.text == "Done."


CHOICES = {
    "openai": lambda body: body.get("tool_choice"),
    "anthropic": lambda body: (body.get("tool_choice"), "tools" in body),
    "gemini": lambda body: (body.get("toolConfig") or {}).get("functionCallingConfig"),
}
EXPECTED_CHOICE = {
    "openai": {
        "auto": "auto",
        "none": "none",
        "required": "required",
        "named": {"type": "function", "name": "get_weather"},
    },
    "anthropic": {
        "auto": ({"type": "auto"}, True),
        "none": (None, False),
        "required": ({"type": "any"}, True),
        "named": ({"type": "tool", "name": "get_weather"}, True),
    },
    "gemini": {
        "auto": {"mode": "AUTO"},
        "none": {"mode": "NONE"},
        "required": {"mode": "ANY"},
        "named": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]},
    },
}


@pytest.mark.parametrize("mode", ["auto", "none", "required", "named"])
def test_dod_8_7_9_tool_choice_modes(client, provider, last_request, mode):
    other = Tool("get_time", "Current time", {"type": "object", "properties": {}})
    choice = ToolChoice(mode, "get_weather" if mode == "named" else None)
    result = generate(
        "tool-caller",
        "Oslo",
        tools=[other, weather_tool()],
        tool_choice=choice,
        client=client,
        max_tool_rounds=0,
    )
    assert CHOICES[provider](last_request(provider)) == EXPECTED_CHOICE[provider][mode]
    called = [c.name for c in result.tool_calls]
    assert (
        called
        == {"none": [], "auto": ["get_time"], "required": ["get_time"], "named": ["get_weather"]}[
            mode
        ]
    )


def test_dod_8_7_10_arguments_validated_before_handler(client, llm_script):
    two_turns(llm_script, "sloppy", [call(town="Oslo")])
    calls: list[str] = []
    result = generate("sloppy", "Weather?", tools=[weather_tool(calls)], client=client)
    (invalid,) = result.steps[0].tool_results
    assert invalid.is_error and "city" in invalid.content and calls == []


def test_dod_8_7_10_invalid_arguments_repaired(client, llm_script):
    two_turns(llm_script, "sloppy", [call(town="Oslo")])
    calls: list[str] = []

    def repair(tool_call, error):
        return {"city": tool_call.arguments["town"]}

    result = generate(
        "sloppy", "Weather?", tools=[weather_tool(calls)], client=client, repair_tool_call=repair
    )
    assert calls == ["Oslo"] and not result.steps[0].tool_results[0].is_error


def test_dod_8_7_11_step_results_track_calls_results_usage(client, llm_script):
    two_turns(llm_script, "forecaster", [call(city="Paris")], "Sunny.")
    result = generate("forecaster", "Paris?", tools=[weather_tool()], client=client)
    first, second = result.steps
    assert [c.arguments for c in first.tool_calls] == [{"city": "Paris"}]
    assert [r.content for r in first.tool_results] == ["72F and sunny in Paris"]
    assert first.finish_reason.reason == "tool_calls" and second.text == "Sunny."
    assert second.tool_calls == [] and second.tool_results == []
    assert first.usage.input_tokens > 0 and second.usage.input_tokens > first.usage.input_tokens
    total = first.usage + second.usage
    assert result.total_usage.total_tokens == total.total_tokens
    assert result.usage == second.usage


def test_dod_8_7_messages_injected_into_handlers(client, llm_script):
    two_turns(llm_script, "forecaster", [call(city="Paris")])
    seen = {}

    def get_weather(city: str, messages: list[Message], tool_call_id: str) -> str:
        seen.update(count=len(messages), id=tool_call_id)
        return "ok"

    result = generate(
        "forecaster", "Paris?", client=client, tools=[weather_tool(execute=get_weather)]
    )
    assert seen == {"count": 1, "id": result.steps[0].tool_calls[0].id}
