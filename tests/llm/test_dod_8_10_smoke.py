"""§8.10 Integration smoke test: the spec's end-to-end run, against the twins always and
against the real providers only when all three API keys are set (skipped otherwise)."""

from __future__ import annotations

import base64
import os

import pytest

from darkfactory.llm import (
    Client,
    ContentKind,
    ContentPart,
    ImageData,
    Message,
    NotFoundError,
    Role,
    StreamEventType,
    Tool,
    generate,
    generate_object,
    get_latest_model,
    stream,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PERSON = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name", "age"],
}
REAL_KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")
HAS_REAL_KEYS = all(os.environ.get(k) for k in REAL_KEYS) and bool(
    os.environ.get("GEMINI_API_KEY") or os.environ.get("GOOGLE_API_KEY")
)


def get_weather(location: str) -> str:
    return f"Mock weather for {location}: 18C and clear."


WEATHER = Tool(
    "get_weather",
    "Get the current weather for a location",
    {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
    get_weather,
)


def smoke(client: Client) -> None:
    # 1. Basic generation across all providers
    for provider in ["anthropic", "openai", "gemini"]:
        result = generate(
            model=get_latest_model(provider).id,
            prompt="Say hello in one sentence.",
            max_tokens=100,
            provider=provider,
            client=client,
        )
        assert result.text
        assert result.usage.input_tokens > 0 and result.usage.output_tokens > 0
        assert result.finish_reason.reason == "stop"

    # 2. Streaming
    stream_result = stream(model="claude-opus-4-6", prompt="Write a haiku.", client=client)
    text_chunks = [e.delta for e in stream_result if e.type == StreamEventType.TEXT_DELTA]
    assert "".join(text_chunks) == stream_result.response().text != ""

    # 3. Tool calling with parallel execution
    result = generate(
        model="claude-opus-4-6",
        prompt="What is the weather in San Francisco and New York?",
        tools=[WEATHER],
        max_tool_rounds=3,
        client=client,
    )
    assert len(result.steps) >= 2
    assert "San Francisco" in result.text and "New York" in result.text

    # 4. Image input
    result = generate(
        model="claude-opus-4-6",
        client=client,
        messages=[
            Message(
                role=Role.USER,
                content=[
                    ContentPart(kind=ContentKind.TEXT, text="What do you see?"),
                    ContentPart(
                        kind=ContentKind.IMAGE, image=ImageData(data=PNG, media_type="image/png")
                    ),
                ],
            )
        ],
    )
    assert result.text

    # 5. Structured output
    result = generate_object(
        model="gpt-5.2", prompt="Extract: Alice is 30 years old", schema=PERSON, client=client
    )
    assert result.output["name"] == "Alice" and result.output["age"] == 30

    # 6. Error handling
    with pytest.raises(NotFoundError):
        generate(
            model="nonexistent-model-xyz",
            prompt="test",
            provider="openai",
            client=client,
            max_retries=0,
        )


def test_dod_8_10_smoke_against_twins(universe, llm_credentials, llm_script):
    credentials = llm_credentials
    env = {
        "OPENAI_API_KEY": credentials["openai"]["api_key"],
        "OPENAI_BASE_URL": credentials["openai"]["base_url"],
        "ANTHROPIC_API_KEY": credentials["anthropic"]["api_key"],
        "ANTHROPIC_BASE_URL": credentials["anthropic"]["base_url"],
        "GEMINI_API_KEY": credentials["gemini"]["api_key"],
        "GEMINI_BASE_URL": credentials["gemini"]["base_url"],
    }
    llm_script(
        model="claude-opus-4-6",
        providers=("anthropic",),
        turns=[
            {"when": {"last_user_contains": "hello"}, "reply": {"text": "Hello from the twin."}},
            {
                "when": {"last_user_contains": "weather"},
                "reply": {
                    "tool_calls": [
                        {"name": "get_weather", "arguments": {"location": "San Francisco"}},
                        {"name": "get_weather", "arguments": {"location": "New York"}},
                    ]
                },
            },
            {
                "when": {"has_tool_results": True},
                "reply": {"text": "San Francisco: 18C and clear. New York: 18C and clear."},
            },
            {
                "when": {"last_user_contains": "haiku"},
                "reply": {"text": "Quiet twin servers / answer every request / loopback moonlight"},
            },
            {
                "when": {"last_user_contains": "see"},
                "reply": {"text": "A single transparent pixel."},
            },
        ],
    )
    llm_script(
        model="gpt-5.2",
        providers=("openai",),
        repeat_last=True,
        turns=[
            {
                "when": {"last_user_contains": "Alice"},
                "reply": {"json": {"name": "Alice", "age": 30}},
            },
            {"reply": {"text": "Hello there, nice to meet you."}},
        ],
    )
    client = Client.from_env(env)
    smoke(client)
    client.close()


@pytest.mark.skipif(not HAS_REAL_KEYS, reason="real provider API keys are not all set")
def test_dod_8_10_smoke_against_real_providers():
    client = Client.from_env()
    smoke(client)
    client.close()
