"""Streams that fail midway on the provider twins: ``stream()`` ends with an ERROR event
carrying the taxonomy's error, keeps the partial content, and never retries once content has
been delivered; a failure in place of the first event is retried like a failed opening."""

from __future__ import annotations

import asyncio

import pytest

from darkfactory.llm import (
    Client,
    OpenAICompatibleAdapter,
    RateLimitError,
    RetryPolicy,
    ServerError,
    StreamError,
    StreamEventType,
    Tool,
    astream,
    stream,
)

FAST = RetryPolicy(max_retries=3, base_delay=0.01, jitter=False)
TEXT = "one two three four five"


def script_failure(llm_script, kind: str, after_deltas: int = 2) -> None:
    """A model whose first answer fails midway; a second, whole answer would follow a retry."""
    failing = {"text": TEXT, "stream_error": {"after_deltas": after_deltas, "kind": kind}}
    llm_script(model="failing", turns=[{"reply": failing}, {"reply": {"text": "retried"}}])


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("overloaded", ServerError),
        ("server_error", ServerError),
        ("rate_limit", RateLimitError),
        ("cut", StreamError),
    ],
)
def test_failure_after_content_is_an_error_event_and_not_retried(
    client, llm_script, llm_exchanges, provider, kind, error
):
    script_failure(llm_script, kind)
    result = stream("failing", "hi", client=client, retry_policy=FAST)
    events = list(result)
    assert events[-1].type == StreamEventType.ERROR
    assert type(events[-1].error) is error and events[-1].error.retryable
    deltas = [e.delta for e in events if e.type == StreamEventType.TEXT_DELTA]
    assert deltas == ["one ", "two "]
    with pytest.raises(error):
        result.response()
    assert result.partial_response.text == "one two "
    assert len(llm_exchanges(provider, "failing")) == 1


def test_provider_errors_name_the_provider_and_its_code(client, llm_script, provider):
    script_failure(llm_script, "overloaded")
    result = stream("failing", "hi", client=client, retry_policy=FAST)
    with pytest.raises(ServerError) as caught:
        result.response()
    codes = {"openai": "server_error", "anthropic": "overloaded_error", "gemini": "UNAVAILABLE"}
    assert caught.value.provider == provider
    assert caught.value.error_code == codes[provider]


def test_async_stream_is_not_retried_after_content(client, llm_script, llm_exchanges, provider):
    script_failure(llm_script, "cut")

    async def read() -> list:
        result = astream("failing", "hi", client=client, retry_policy=FAST)
        return [event async for event in result]

    events = asyncio.run(read())
    assert isinstance(events[-1].error, StreamError)
    assert "".join(e.delta for e in events if e.type == StreamEventType.TEXT_DELTA) == "one two "
    assert len(llm_exchanges(provider, "failing")) == 1


def test_an_error_in_place_of_the_first_event_is_retried(client_for, llm_script, llm_exchanges):
    """Gemini sends nothing before the error record when no delta precedes it."""
    script_failure(llm_script, "overloaded", after_deltas=0)
    result = stream("failing", "hi", client=client_for("gemini"), retry_policy=FAST)
    assert result.response().text == "retried"
    assert [e["status"] for e in llm_exchanges("gemini", "failing")] == [200, 200]
    assert llm_exchanges("gemini", "failing")[0]["error"]["code"] == "overloaded"


def test_a_tool_call_cut_short_is_never_executed(client, llm_script, llm_exchanges, provider):
    call = {"name": "lookup", "arguments": {"query": "a query long enough for several deltas"}}
    failing = {"text": "let me look", "tool_calls": [call], "stream_error": {"after_deltas": 4}}
    llm_script(model="failing", turns=[{"reply": failing}, {"reply": {"text": "retried"}}])
    runs: list[str] = []
    lookup = Tool(
        "lookup",
        "Look something up",
        {"type": "object", "properties": {"query": {"type": "string"}}},
        execute=lambda query: runs.append(query) or "found",
    )
    result = stream("failing", "hi", client=client, retry_policy=FAST, tools=[lookup])
    kinds = [e.type for e in result]
    assert StreamEventType.TOOL_CALL_START in kinds and kinds[-1] == StreamEventType.ERROR
    assert result.partial_response.text == "let me look"
    assert runs == [] and len(llm_exchanges(provider, "failing")) == 1


@pytest.mark.parametrize(
    ("kind", "error"),
    [("overloaded", ServerError), ("rate_limit", RateLimitError), ("cut", StreamError)],
)
def test_chat_completions_streams_fail_the_same_way(
    llm_credentials, llm_script, llm_exchanges, kind, error
):
    creds = llm_credentials["openai"]
    compat = Client(
        {"compat": OpenAICompatibleAdapter(creds["api_key"], creds["base_url"])}, "compat"
    )
    script_failure(llm_script, kind)
    result = stream("failing", "hi", client=compat, retry_policy=FAST)
    events = list(result)
    compat.close()
    assert type(events[-1].error) is error
    assert "".join(e.delta for e in events if e.type == StreamEventType.TEXT_DELTA) == "one two "
    assert len(llm_exchanges("openai", "failing")) == 1


def test_an_in_stream_rate_limit_keeps_geminis_retry_delay(client_for, llm_script):
    script_failure(llm_script, "rate_limit")
    result = stream("failing", "hi", client=client_for("gemini"), retry_policy=FAST)
    with pytest.raises(RateLimitError) as caught:
        result.response()
    assert caught.value.retry_after == 1.0  # the twin's RetryInfo says "1s"
