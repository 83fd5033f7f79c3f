"""The scripts the compatibility suite registers on the LLM twins, and how to read what came back.

Each provider twin answers one scripted catalog model, so clients see a real model name (a
gemini-2.x one for Gemini) while the twin decides every reply."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

MODELS = {"openai": "gpt-4.1", "anthropic": "claude-sonnet-4-6", "gemini": "gemini-2.5-flash-lite"}

GREETING = "Hello from the twin, in five words"
ANSWER = "It is sunny in Paris."


class Person(BaseModel):
    name: str
    age: int


PERSON = {"name": "Ada Lovelace", "age": 36}

PLAIN = [{"when": {"last_user_contains": "greet"}, "reply": {"text": GREETING}}]
TOOL_LOOP = [
    {
        "when": {"last_user_contains": "weather", "has_tool_results": False},
        "reply": {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]},
    },
    {
        "when": {"has_tool_results": True, "tool_result_contains": "sunny in Paris"},
        "reply": {"text": ANSWER},
    },
]
# What each provider's 429 says once a budget of one request a minute is spent.
BUDGET_SPENT = {
    "openai": "on requests per min (RPM): Limit 1, Used 1",
    "anthropic": "of 1 requests per minute",
    "gemini": "limit: 1, model: gemini-2.5-flash-lite",
}
STRUCTURED = [{"when": {"last_user_contains": "person"}, "reply": {"json": PERSON}}]


def weather(city: str) -> str:
    """The tool the clients run: its result is what the twin's second turn waits for."""
    return f"sunny in {city}, 24 degrees"


def parts(exchange: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The parts of one kind (``text``, ``tool_call``, ``tool_result`` ...) of a recorded prompt."""
    messages = exchange["prompt"]["messages"]
    return [p for m in messages for p in m["parts"] if p["type"] == kind]


def answered(exchanges: list[dict[str, Any]], *statuses: int) -> list[dict[str, Any]]:
    """The recorded exchanges, checked to be one per status given, answered with those."""
    assert [e["status"] for e in exchanges] == list(statuses), exchanges
    return exchanges
