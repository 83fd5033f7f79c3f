"""Prompt caching as the providers document it, through the official SDKs: OpenAI's automatic
cache of prompts from 1,024 tokens in 128-token steps, Anthropic's ``cache_control`` breakpoints
with per-model minimums and 5-minute or 1-hour TTLs, Gemini's implicit cache; shared prefixes
inside one message count, and entries expire on the universe clock."""

from __future__ import annotations

import anthropic
import pytest

from darkfactory.twins.anthropic.models import min_cached

SHARED = "word " * 1120  # 1,400 tokens
FROZEN_AT = 1_800_000_000


@pytest.fixture
def clock(universe):
    universe.control("POST", "/clock", json={"freeze": True, "at": FROZEN_AT})
    return lambda seconds: universe.control("POST", "/clock", json={"advance": seconds})


def test_openai_caches_a_prefix_shared_inside_one_message_in_128_token_steps(openai_client, clock):
    def cached(question: str) -> int:
        answer = openai_client.chat.completions.create(
            model="gpt-4.1",
            max_tokens=5,
            messages=[{"role": "user", "content": SHARED + question}],
        )
        return answer.usage.prompt_tokens_details.cached_tokens

    assert cached("question one") == 0
    # 1,402 tokens are shared; the longest 128-token step from 1,024 within them is 1,280
    assert cached("question two") == 1280
    clock(299)
    responses = openai_client.responses.create(
        model="gpt-4.1", max_output_tokens=16, input=SHARED + "question three"
    )
    assert responses.usage.input_tokens_details.cached_tokens == 1280
    clock(301)  # five minutes after the last use
    assert cached("question four") == 0


def test_openai_does_not_cache_prompts_under_1024_tokens(openai_client):
    short = "word " * 800  # 1,000 tokens
    for question in ("one", "two"):
        answer = openai_client.chat.completions.create(
            model="gpt-4.1", max_tokens=5, messages=[{"role": "user", "content": short + question}]
        )
    assert answer.usage.prompt_tokens_details.cached_tokens == 0


def test_gemini_implicit_cache_counts_shared_prefixes_and_expires(genai_client, clock):
    def cached(question: str) -> int | None:
        answer = genai_client.models.generate_content(
            model="gemini-2.5-flash", contents=SHARED + question
        )
        return answer.usage_metadata.cached_content_token_count

    assert not cached("question one")
    assert cached("question two") == 1280
    same = genai_client.models.generate_content(
        model="gemini-2.5-flash", contents=[SHARED, "a different turn"]
    )
    assert same.usage_metadata.cached_content_token_count == 1280
    again = genai_client.models.generate_content(
        model="gemini-2.5-flash", contents=[SHARED, "one more turn"]
    )
    assert again.usage_metadata.cached_content_token_count == 1400  # the whole shared turn
    clock(301)
    assert not cached("question three")


def ask_claude(client, model: str, ttl: str | None, question: str):
    control = {"type": "ephemeral", **({"ttl": ttl} if ttl else {})}
    system = [{"type": "text", "text": SHARED, "cache_control": control}]
    return client.messages.create(
        model=model, max_tokens=5, system=system, messages=[{"role": "user", "content": question}]
    ).usage


def test_anthropic_one_hour_breakpoint_outlives_five_minutes(anthropic_client, clock):
    first = ask_claude(anthropic_client, "claude-sonnet-4-6", "1h", "q1")
    assert first.cache_creation_input_tokens == 1400
    assert first.cache_creation.ephemeral_1h_input_tokens == 1400
    assert first.cache_creation.ephemeral_5m_input_tokens == 0
    clock(30 * 60)
    later = ask_claude(anthropic_client, "claude-sonnet-4-6", "1h", "q2")
    assert later.cache_read_input_tokens == 1400 and later.cache_creation_input_tokens == 0
    clock(61 * 60)
    expired = ask_claude(anthropic_client, "claude-sonnet-4-6", "1h", "q3")
    assert expired.cache_read_input_tokens == 0
    assert expired.cache_creation_input_tokens == 1400


def test_anthropic_five_minute_breakpoint_expires_unless_used(anthropic_client, clock):
    first = ask_claude(anthropic_client, "claude-sonnet-4-6", None, "q1")
    assert first.cache_creation.ephemeral_5m_input_tokens == 1400
    clock(4 * 60)
    assert ask_claude(anthropic_client, "claude-sonnet-4-6", "5m", "q2").cache_read_input_tokens
    clock(4 * 60)  # eight minutes after the write, four after the last read
    assert ask_claude(anthropic_client, "claude-sonnet-4-6", None, "q3").cache_read_input_tokens
    clock(5 * 60 + 1)
    expired = ask_claude(anthropic_client, "claude-sonnet-4-6", None, "q4")
    assert expired.cache_read_input_tokens == 0
    assert expired.cache_creation.ephemeral_5m_input_tokens == 1400


def test_anthropic_minimum_cacheable_length_is_per_model(anthropic_client):
    for question in ("q1", "q2"):
        opus = ask_claude(anthropic_client, "claude-opus-4-6", None, question)
    assert opus.cache_creation_input_tokens == 0 and opus.cache_read_input_tokens == 0
    assert opus.input_tokens == 1401  # under Opus 4.6's 4,096 tokens nothing is cached
    for question in ("q1", "q2"):
        sonnet = ask_claude(anthropic_client, "claude-sonnet-4-6", None, question)
    assert sonnet.cache_read_input_tokens == 1400


def test_an_anthropic_models_minimum_is_its_familys_each_time_it_is_asked():
    families = {
        "claude-opus-4-5-20251101": 4096,
        "claude-haiku-4-5": 4096,
        "claude-3-5-haiku-latest": 2048,
        "claude-3-haiku-20240307": 2048,
        "claude-sonnet-4-6": 1024,
        "claude-opus-4-1": 1024,
        "echo": 1024,
    }
    for _ in range(2):
        assert {model: min_cached(model) for model in families} == families


def test_anthropic_refuses_an_unknown_ttl(anthropic_client):
    with pytest.raises(anthropic.BadRequestError) as caught:
        ask_claude(anthropic_client, "claude-sonnet-4-6", "2h", "q1")
    assert caught.value.body["error"]["message"] == (
        "system.0.cache_control.ephemeral.ttl: Input should be '5m' or '1h'"
    )
