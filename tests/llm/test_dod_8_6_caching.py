"""§8.6 Prompt caching: automatic on OpenAI and Gemini, ``cache_control`` breakpoints on
Anthropic (injected automatically unless disabled), cache usage reported for each."""

from __future__ import annotations

import httpx

from darkfactory.llm import (
    AnthropicAdapter,
    Message,
    Request,
    Tool,
    generate,
)

# About 1,600 tokens under the twins' rule (four bytes a token): above the 1,024 minimum.
HANDBOOK = " ".join(f"Rule {i}: keep every answer short, kind and exact." for i in range(130))
NOTE = Tool(
    "note",
    "Write a note",
    {"type": "object", "properties": {"text": {"type": "string"}}},
    execute=lambda text="": "noted",
)


def ask_twice(client, **fields):
    request = Request(
        model="echo", messages=[Message.system(HANDBOOK), Message.user("Hi")], **fields
    )
    return client.complete(request), client.complete(request)


def has_cache_control(value) -> bool:
    if isinstance(value, dict):
        return "cache_control" in value or any(has_cache_control(v) for v in value.values())
    return isinstance(value, list) and any(has_cache_control(v) for v in value)


def test_dod_8_6_1_openai_caches_automatically(client_for, last_request):
    first, second = ask_twice(client_for("openai"))
    assert not first.usage.cache_read_tokens
    assert second.usage.cache_read_tokens >= 1024
    assert not has_cache_control(last_request("openai"))


def test_dod_8_6_2_openai_cache_read_tokens_from_cached_tokens(client_for):
    _, second = ask_twice(client_for("openai"))
    cached = second.raw["usage"]["input_tokens_details"]["cached_tokens"]
    assert second.usage.cache_read_tokens == cached > 0


def test_dod_8_6_3_anthropic_supports_cache_control(client_for, last_request):
    first, second = ask_twice(client_for("anthropic"))
    body = last_request("anthropic")
    assert body["system"][-1]["cache_control"] == {"type": "ephemeral"}
    assert first.usage.cache_write_tokens > 0
    assert second.usage.cache_read_tokens == first.usage.cache_write_tokens


def test_dod_8_6_4_anthropic_breakpoints_injected_by_heuristic(client_for, last_request):
    generate(
        "echo",
        messages=[Message.user("first"), Message.assistant("ok"), Message.user("second")],
        system=HANDBOOK,
        tools=[NOTE],
        client=client_for("anthropic"),
        max_tool_rounds=0,
    )
    body = last_request("anthropic")
    marked = [b for b in body["system"] + body["tools"] if "cache_control" in b]
    assert marked == [body["system"][-1], body["tools"][-1]]
    last_blocks = body["messages"][-1]["content"]
    assert last_blocks[-1]["cache_control"] == {"type": "ephemeral"}
    earlier = body["messages"][:-1]
    assert not has_cache_control(earlier)


def test_dod_8_6_5_caching_beta_header_added_with_cache_control():
    headers: list[httpx.Headers] = []

    def answer(request: httpx.Request) -> httpx.Response:
        headers.append(request.headers)
        return httpx.Response(
            200,
            json={
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": "claude-opus-4-6",
                "content": [{"type": "text", "text": "ok"}],
                "stop_reason": "end_turn",
                "usage": {"input_tokens": 3, "output_tokens": 1},
            },
        )

    adapter = AnthropicAdapter("k", transport=httpx.MockTransport(answer))
    request = Request(model="claude-opus-4-6", messages=[Message.user("hi")])
    adapter.complete(request)
    adapter.complete(
        Request(
            model="claude-opus-4-6",
            messages=[Message.user("hi")],
            provider_options={"anthropic": {"auto_cache": False}},
        )
    )
    assert headers[0]["anthropic-beta"] == "prompt-caching-2024-07-31"
    assert "anthropic-beta" not in headers[1]


def test_dod_8_6_6_anthropic_cache_usage_reported(client_for):
    first, second = ask_twice(client_for("anthropic"))
    for response in (first, second):
        raw = response.raw["usage"]
        assert response.usage.cache_read_tokens == raw["cache_read_input_tokens"]
        assert response.usage.cache_write_tokens == raw["cache_creation_input_tokens"]
        assert response.usage.input_tokens == (
            raw["input_tokens"]
            + raw["cache_read_input_tokens"]
            + raw["cache_creation_input_tokens"]
        )
    assert second.usage.cache_read_tokens > 0 and not second.usage.cache_write_tokens


def test_dod_8_6_7_anthropic_auto_cache_can_be_disabled(client_for, last_request):
    off = {"anthropic": {"auto_cache": False}}
    first, second = ask_twice(client_for("anthropic"), provider_options=off)
    assert not has_cache_control(last_request("anthropic"))
    assert not second.usage.cache_read_tokens and not first.usage.cache_write_tokens


def test_dod_8_6_8_gemini_caches_automatically(client_for, last_request):
    first, second = ask_twice(client_for("gemini"))
    assert not first.usage.cache_read_tokens
    assert second.usage.cache_read_tokens >= 1024
    assert "cachedContent" not in last_request("gemini")


def test_dod_8_6_9_gemini_cache_read_from_cached_content_token_count(client_for):
    _, second = ask_twice(client_for("gemini"))
    raw = second.raw["usageMetadata"]["cachedContentTokenCount"]
    assert second.usage.cache_read_tokens == raw > 0


def test_dod_8_6_10_agentic_session_reads_mostly_from_cache(client, llm_script):
    llm_script(
        model="agent",
        turns=[
            *[
                {
                    "when": {"last_user_contains": "Work"},
                    "reply": {"tool_calls": [{"name": "note", "arguments": {"text": f"step {i}"}}]},
                }
                for i in range(6)
            ],
            {"reply": {"text": "All noted."}},
        ],
    )
    result = generate(
        "agent",
        "Work through the list.",
        system=HANDBOOK,
        tools=[NOTE],
        max_tool_rounds=8,
        client=client,
    )
    assert result.text == "All noted." and len(result.steps) == 7
    for step in result.steps[4:]:
        assert step.usage.cache_read_tokens > 0.5 * step.usage.input_tokens
