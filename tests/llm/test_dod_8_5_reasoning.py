"""§8.5 Reasoning tokens: OpenAI reasoning usage and effort, Anthropic thinking blocks and
signatures, Gemini thoughts, and reasoning counted apart from visible output."""

from __future__ import annotations

import math

import pytest

from darkfactory.llm import (
    ContentKind,
    InvalidRequestError,
    Message,
    Request,
    StreamAccumulator,
    StreamEventType,
    generate,
)

E = StreamEventType
THINK = {"type": "enabled", "budget_tokens": 1024}
REASONING_ON = {  # how each provider is asked to reason
    "openai": {"reasoning_effort": "high"},
    "anthropic": {"provider_options": {"anthropic": {"thinking": THINK}}},
    "gemini": {
        "provider_options": {
            "gemini": {"generationConfig": {"thinkingConfig": {"includeThoughts": True}}}
        }
    },
}


def tokens(text: str) -> int:
    """The twins' documented rule: a token per four UTF-8 bytes, rounded up."""
    return math.ceil(len(text.encode()) / 4)


def test_dod_8_5_1_openai_reasoning_tokens_in_usage(client_for):
    result = generate(
        "gpt-5.2", "Reason about this.", reasoning_effort="medium", client=client_for("openai")
    )
    assert result.usage.reasoning_tokens and result.usage.reasoning_tokens > 0
    assert result.reasoning is None  # OpenAI does not expose the thinking text


def test_dod_8_5_2_reasoning_effort_passed_to_openai(client_for, last_request):
    client = client_for("openai")
    generate("gpt-5.2", "Think hard.", reasoning_effort="high", client=client)
    assert last_request("openai")["reasoning"] == {"effort": "high"}
    generate("gpt-5.2", "No effort given.", client=client)
    assert "reasoning" not in last_request("openai")
    with pytest.raises(InvalidRequestError):
        generate("gpt-5.2", "Bad effort.", reasoning_effort="extreme", client=client)


def test_dod_8_5_3_anthropic_thinking_blocks_as_thinking_parts(client_for, last_request):
    client = client_for("anthropic")
    on = generate("echo", "Think first.", client=client, **REASONING_ON["anthropic"])
    assert last_request("anthropic")["thinking"] == THINK
    kinds = [p.kind for p in on.response.message.content]
    assert kinds == [ContentKind.THINKING, ContentKind.TEXT]
    assert on.reasoning and on.text == "Think first."
    off = generate("echo", "Do not think.", client=client)
    assert off.reasoning is None and off.usage.reasoning_tokens is None


def test_dod_8_5_4_signature_preserved_when_streamed(client_for, llm_script, llm_exchanges):
    client = client_for("anthropic")
    llm_script(
        model="streamed-thinker",
        repeat_last=True,
        turns=[{"reply": {"thinking": "Carry the one, then add.", "text": "1024"}}],
    )
    request = Request(
        model="streamed-thinker",
        messages=[Message.user("2^10?")],
        provider_options={"anthropic": {"thinking": THINK}},
    )
    events = list(client.stream(request))
    ends = [e for e in events if e.type == E.REASONING_END]
    assert ends[0].thinking.text == "Carry the one, then add." and ends[0].thinking.signature
    accumulator = StreamAccumulator()
    for event in events:
        accumulator.process(event)
    streamed = accumulator.response()
    assert streamed.message.content[0].thinking.signature == ends[0].thinking.signature
    follow_up = [Message.user("2^10?"), streamed.message, Message.user("2^11?")]
    assert client.complete(
        Request(
            model="streamed-thinker",
            messages=follow_up,
            provider_options={"anthropic": {"thinking": THINK}},
        )
    ).text
    echoed = llm_exchanges("anthropic", "streamed-thinker")[-1]["prompt"]["messages"][1]
    assert echoed["parts"][0]["signature"] == ends[0].thinking.signature


def test_dod_8_5_5_gemini_thoughts_token_count(client_for, last_request):
    result = generate(
        "echo", "Think, Gemini.", client=client_for("gemini"), **REASONING_ON["gemini"]
    )
    raw = result.response.raw["usageMetadata"]
    assert raw["thoughtsTokenCount"] > 0
    assert result.usage.reasoning_tokens == raw["thoughtsTokenCount"]
    assert result.reasoning


def test_dod_8_5_6_reasoning_tokens_distinct_from_output(client, provider):
    text = "Twelve bytes"
    result = generate("echo", text, client=client, **REASONING_ON[provider])
    usage = result.usage
    assert usage.reasoning_tokens and usage.reasoning_tokens > 0
    assert usage.output_tokens == tokens(text) + usage.reasoning_tokens
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens


def test_dod_8_5_1_openai_reasoning_summary_as_thinking(client_for):
    client = client_for("openai")
    options = {"openai": {"reasoning": {"effort": "low", "summary": "auto"}}}
    result = generate("echo", "Summarise your reasoning.", provider_options=options, client=client)
    assert result.reasoning and result.usage.reasoning_tokens > 0
    events = list(
        client.stream(
            Request(model="echo", messages=[Message.user("Again.")], provider_options=options)
        )
    )
    kinds = [e.type for e in events]
    assert (
        kinds.index(E.REASONING_START)
        < kinds.index(E.REASONING_DELTA)
        < kinds.index(E.REASONING_END)
        < kinds.index(E.TEXT_START)
    )
    assert events[-1].response.reasoning == "".join(
        e.reasoning_delta for e in events if e.type == E.REASONING_DELTA
    )
