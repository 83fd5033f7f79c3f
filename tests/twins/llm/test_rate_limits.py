"""Per-minute budgets of the LLM twins through the official SDKs: every rate-limit header, and a
429 in each provider's form once a budget set by ``/<provider>/_limits`` is spent, freed again
as the universe clock moves on."""

from __future__ import annotations

from datetime import UTC, datetime

import anthropic
import httpx
import openai
import pytest
from google.genai import errors
from tests.sql import statements

FROZEN_AT = 1_800_000_000
LONG = "word " * 1120  # 1,400 tokens at 4 bytes a token


def set_limits(universe, provider: str, limits: dict) -> httpx.Response:
    return httpx.post(
        f"{universe.url}/{provider}/_limits", json=limits, headers=universe.admin_headers
    )


@pytest.fixture
def frozen(universe):
    universe.control("POST", "/clock", json={"freeze": True, "at": FROZEN_AT})
    return universe


def rfc3339(instant: float) -> str:
    return datetime.fromtimestamp(instant, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_anthropic_sends_every_rate_limit_header_and_spends_input_tokens(frozen, anthropic_client):
    assert set_limits(frozen, "anthropic", {"input_tokens": 3000}).status_code == 200
    client = anthropic_client.with_options(max_retries=0)

    def ask():
        return client.messages.with_raw_response.create(
            model="claude-sonnet-4-6", max_tokens=5, messages=[{"role": "user", "content": LONG}]
        )

    first = ask()
    assert first.parse().usage.input_tokens == 1400
    headers = first.headers
    reset = rfc3339(FROZEN_AT + 60)
    assert {
        name: headers[f"anthropic-ratelimit-{name}"]
        for name in (
            f"{kind}-{field}"
            for kind in ("requests", "tokens", "input-tokens", "output-tokens")
            for field in ("limit", "remaining", "reset")
        )
    } == {
        "requests-limit": "4000",
        "requests-remaining": "3999",
        "requests-reset": reset,
        "input-tokens-limit": "3000",
        "input-tokens-remaining": "2000",  # 1,600 to the nearest thousand
        "input-tokens-reset": reset,
        "output-tokens-limit": "400000",
        "output-tokens-remaining": "400000",
        "output-tokens-reset": reset,
        "tokens-limit": "3000",  # the more restrictive of input and output
        "tokens-remaining": "2000",
        "tokens-reset": reset,
    }
    assert ask().headers["anthropic-ratelimit-input-tokens-remaining"] == "0"  # 200 left

    with pytest.raises(anthropic.RateLimitError) as caught:
        ask()
    assert caught.value.response.headers["retry-after"] == "60"
    assert caught.value.body["type"] == "error"
    assert caught.value.body["error"]["type"] == "rate_limit_error"
    assert caught.value.body["error"]["message"].startswith(
        "This request would exceed the rate limit for your organization"
    )
    assert "of 3,000 input tokens per minute" in caught.value.body["error"]["message"]

    frozen.control("POST", "/clock", json={"advance": 60})
    after = ask()
    assert after.headers["anthropic-ratelimit-input-tokens-remaining"] == "2000"


def test_anthropic_cache_reads_do_not_count_against_input_tokens(frozen, anthropic_client):
    set_limits(frozen, "anthropic", {"input_tokens": 3000})
    system = [{"type": "text", "text": LONG, "cache_control": {"type": "ephemeral"}}]
    ask = anthropic_client.with_options(max_retries=0).messages.with_raw_response.create
    first = ask(
        model="claude-sonnet-4-6",
        max_tokens=5,
        system=system,
        messages=[{"role": "user", "content": "hi"}],
    )
    assert first.parse().usage.cache_creation_input_tokens == 1400
    second = ask(
        model="claude-sonnet-4-6",
        max_tokens=5,
        system=system,
        messages=[{"role": "user", "content": "hi"}],
    )
    assert second.parse().usage.cache_read_input_tokens == 1400
    # 1,401 uncached tokens spent the first time, 1 the second: 1,598 left, shown as 2,000
    assert second.headers["anthropic-ratelimit-input-tokens-remaining"] == "2000"


def test_openai_token_budget_binds_with_its_headers(frozen, openai_client):
    set_limits(frozen, "openai", {"tokens": 3000})
    client = openai_client.with_options(max_retries=0)

    def ask():
        return client.chat.completions.with_raw_response.create(
            model="gpt-4.1", max_tokens=5, messages=[{"role": "user", "content": LONG}]
        )

    first = ask()
    usage = first.parse().usage
    spent = usage.prompt_tokens + usage.completion_tokens
    assert spent > 1400
    assert {k: v for k, v in first.headers.items() if k.startswith("x-ratelimit-")} == {
        "x-ratelimit-limit-requests": "10000",
        "x-ratelimit-remaining-requests": "9999",
        "x-ratelimit-reset-requests": "1m0s",
        "x-ratelimit-limit-tokens": "3000",
        "x-ratelimit-remaining-tokens": str(3000 - spent),
        "x-ratelimit-reset-tokens": "1m0s",
    }
    frozen.control("POST", "/clock", json={"advance": 20.5})
    assert ask().headers["x-ratelimit-reset-tokens"] == "1m0s"

    with pytest.raises(openai.RateLimitError) as caught:
        ask()
    error = caught.value.body
    assert error["type"] == "tokens" and error["code"] == "rate_limit_exceeded"
    assert error["param"] is None
    assert error["message"] == (
        "Rate limit reached for gpt-4.1 in organization org-darkfactory0000000000000 on tokens"
        f" per min (TPM): Limit 3000, Used {2 * spent}, Requested {usage.prompt_tokens}."
        " Please try again in 39.5s. Visit https://platform.openai.com/account/rate-limits to"
        " learn more."
    )
    assert caught.value.response.headers["retry-after"] == "40"
    assert caught.value.response.headers["x-ratelimit-remaining-tokens"] == str(3000 - 2 * spent)


def test_openai_request_budget_is_a_requests_error(frozen, openai_client):
    set_limits(frozen, "openai", {"requests": 1})
    client = openai_client.with_options(max_retries=0)
    client.responses.create(model="gpt-4.1", input="hi")
    with pytest.raises(openai.RateLimitError) as caught:
        client.responses.create(model="gpt-4.1", input="hi")
    assert caught.value.body["type"] == "requests"
    assert "on requests per min (RPM): Limit 1, Used 1, Requested 1." in caught.value.message
    frozen.control("POST", "/clock", json={"advance": 61})
    assert client.responses.create(model="gpt-4.1", input="hi").output_text == "hi"


def test_gemini_quota_is_resource_exhausted_with_its_violation(frozen, genai_client):
    set_limits(frozen, "gemini", {"requests": 1})
    genai_client.models.generate_content(model="gemini-2.5-flash", contents="hi")
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(model="gemini-2.5-flash", contents="hi")
    assert caught.value.code == 429 and caught.value.status == "RESOURCE_EXHAUSTED"
    details = {d["@type"].rsplit(".", 1)[1]: d for d in caught.value.details["error"]["details"]}
    violation = details["QuotaFailure"]["violations"][0]
    assert violation["quotaDimensions"] == {"location": "global", "model": "gemini-2.5-flash"}
    assert violation["quotaValue"] == "1"
    assert details["RetryInfo"]["retryDelay"] == "60s"


def test_limits_are_set_by_the_admin_only_and_checked(universe):
    url = f"{universe.url}/openai/_limits"
    assert httpx.post(url, json={"tokens": 5}).status_code == 401
    assert httpx.get(url).status_code == 401
    refused = set_limits(universe, "openai", {"tokens": 0})
    assert refused.status_code == 400
    assert refused.json() == {"error": "invalid limits: tokens must be a positive integer"}
    assert set_limits(universe, "openai", {"minutes": 5}).status_code == 400
    state = httpx.get(url, headers=universe.admin_headers).json()
    assert state["limits"] == {"requests": 10_000, "tokens": 30_000_000}


def test_untouched_budgets_are_whole_in_the_headers(openai_client, anthropic_client):
    openai_headers = openai_client.models.with_raw_response.list().headers
    assert openai_headers["x-ratelimit-remaining-tokens"] == "30000000"
    assert openai_headers["x-ratelimit-reset-tokens"] == "0s"
    claude_headers = anthropic_client.models.with_raw_response.list().headers
    assert claude_headers["anthropic-ratelimit-output-tokens-remaining"] == "400000"


def test_a_call_reads_its_budgets_from_the_window_it_keeps(frozen, anthropic_client):
    # the window's calls are counted as they are spent, not read back from the table per call
    def ask():
        return anthropic_client.messages.with_raw_response.create(
            model="claude-sonnet-4-6", max_tokens=5, messages=[{"role": "user", "content": "hi"}]
        )

    for _ in range(30):
        ask()
    with statements(frozen) as ran:
        answer = ask()
    assert answer.headers["anthropic-ratelimit-requests-remaining"] == "3969"
    assert [s for s in ran if "llm_usage" in s and s.lstrip().upper().startswith("SELECT")] == []
    assert any(s.lstrip().upper().startswith("INSERT INTO LLM_USAGE") for s in ran), ran
