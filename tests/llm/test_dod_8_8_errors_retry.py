"""§8.8 Error handling and retry: the taxonomy, retryability, backoff, Retry-After, budgets,
per-step retries, and streams that fail after data has flowed."""

from __future__ import annotations

import json

import httpx
import pytest

from darkfactory.llm import (
    AccessDeniedError,
    AnthropicAdapter,
    AuthenticationError,
    ContentFilterError,
    ContextLengthError,
    InvalidRequestError,
    Message,
    NetworkError,
    NotFoundError,
    OpenAIAdapter,
    QuotaExceededError,
    RateLimitError,
    Request,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    StreamError,
    StreamEventType,
    Tool,
    generate,
    retry,
    stream,
)
from darkfactory.llm.client import Client
from darkfactory.llm.errors import ConfigurationError, error_from_status

FAST = RetryPolicy(max_retries=3, base_delay=0.01, jitter=False)


def fails_then_answers(llm_script, model: str, *statuses: int, retry_after: int | None = None):
    errors = [
        {
            "reply": {
                "error": {
                    "status": s,
                    "message": "scripted failure",
                    **({"retry_after": retry_after} if retry_after else {}),
                }
            }
        }
        for s in statuses
    ]
    llm_script(model=model, turns=[*errors, {"reply": {"text": "recovered"}}])


@pytest.mark.parametrize(
    ("status", "grpc", "message", "code", "kind"),
    [
        (400, None, "bad field", None, InvalidRequestError),
        (
            400,
            "INVALID_ARGUMENT",
            "API key not valid. Please pass a valid API key.",
            None,
            AuthenticationError,
        ),
        (400, None, "This model's maximum context length is 8192 tokens", None, ContextLengthError),
        (400, None, "blocked by the content filter", None, ContentFilterError),
        (429, None, "You exceeded your current quota", "insufficient_quota", QuotaExceededError),
        (None, "NOT_FOUND", "models/x is not found", None, NotFoundError),
        (None, "PERMISSION_DENIED", "denied", None, AccessDeniedError),
        (None, "RESOURCE_EXHAUSTED", "quota", None, RateLimitError),
        (None, "UNAVAILABLE", "try later", None, ServerError),
        (None, "DEADLINE_EXCEEDED", "slow", None, RequestTimeoutError),
        (529, None, "Overloaded", "overloaded_error", ServerError),
        (599, None, "odd", None, ServerError),
    ],
)
def test_dod_8_8_1_errors_for_statuses_codes_and_messages(status, grpc, message, code, kind):
    error = error_from_status(
        provider="p", status_code=status, message=message, error_code=code, grpc_status=grpc
    )
    assert type(error) is kind or isinstance(error, kind)


def test_dod_8_8_2_retryable_flags():
    retryable = {
        RateLimitError: True,
        ServerError: True,
        AuthenticationError: False,
        AccessDeniedError: False,
        NotFoundError: False,
        InvalidRequestError: False,
        ContextLengthError: False,
        QuotaExceededError: False,
        ContentFilterError: False,
    }
    for kind, expected in retryable.items():
        assert kind("m", provider="p").retryable is expected, kind
    assert NetworkError("down").retryable and StreamError("cut").retryable
    assert not RequestTimeoutError("slow").retryable and not ConfigurationError("x").retryable
    unknown = error_from_status(provider="p", status_code=418, message="teapot")
    assert unknown.retryable  # unknown errors default to retryable


def test_dod_8_8_3_exponential_backoff_with_jitter():
    plain = RetryPolicy(base_delay=1.0, max_delay=10.0, jitter=False)
    assert [plain.backoff(n) for n in range(5)] == [1.0, 2.0, 4.0, 8.0, 10.0]
    jittery = RetryPolicy(base_delay=1.0, max_delay=60.0)
    for attempt in range(5):
        samples = [jittery.backoff(attempt) for _ in range(200)]
        assert all(0.5 * 2**attempt <= s <= 1.5 * 2**attempt for s in samples)
        assert len(set(samples)) > 1


def test_dod_8_8_3_backoff_delays_grow_between_real_retries(client, llm_script, no_sleep):
    fails_then_answers(llm_script, "flaky", 500, 502, 503)
    attempts = []
    policy = RetryPolicy(
        max_retries=3,
        base_delay=1.0,
        jitter=False,
        on_retry=lambda error, attempt, delay: attempts.append(attempt),
    )
    result = generate("flaky", "try", client=client, retry_policy=policy)
    assert result.text == "recovered"
    assert attempts == [0, 1, 2] and no_sleep == [1.0, 2.0, 4.0]


def test_dod_8_8_4_retry_after_overrides_backoff(client, llm_script, no_sleep):
    fails_then_answers(llm_script, "throttled", 429, retry_after=3)
    policy = RetryPolicy(max_retries=2, base_delay=30.0, max_delay=5.0)
    assert generate("throttled", "go", client=client, retry_policy=policy).text == "recovered"
    assert no_sleep == [3.0]


def test_dod_8_8_4_retry_after_beyond_max_delay_raises_at_once(
    client, llm_script, llm_exchanges, provider
):
    fails_then_answers(llm_script, "throttled", 429, retry_after=120)
    with pytest.raises(RateLimitError) as caught:
        generate("throttled", "go", client=client, retry_policy=FAST)
    assert caught.value.retry_after == 120.0
    assert len(llm_exchanges(provider, "throttled")) == 1


def test_dod_8_8_5_max_retries_zero_disables_retries(client, llm_script, llm_exchanges, provider):
    fails_then_answers(llm_script, "flaky", 500)
    with pytest.raises(ServerError):
        generate("flaky", "once", client=client, max_retries=0)
    assert len(llm_exchanges(provider, "flaky")) == 1


def test_dod_8_8_6_rate_limits_retried_transparently(
    client, llm_script, llm_exchanges, provider, no_sleep
):
    fails_then_answers(llm_script, "busy", 429, 429)
    result = generate("busy", "eventually", client=client)
    assert result.text == "recovered"
    assert [e["status"] for e in llm_exchanges(provider, "busy")] == [429, 429, 200]
    assert len(no_sleep) == 2 and all(wait > 0 for wait in no_sleep)


@pytest.mark.parametrize(
    ("status", "kind"), [(401, AuthenticationError), (403, AccessDeniedError), (404, NotFoundError)]
)
def test_dod_8_8_7_non_retryable_raised_immediately(
    client, llm_script, llm_exchanges, provider, status, kind
):
    fails_then_answers(llm_script, "refuses", status)
    with pytest.raises(kind):
        generate("refuses", "no", client=client, retry_policy=FAST)
    assert len(llm_exchanges(provider, "refuses")) == 1


def test_dod_8_8_8_retries_apply_per_step(client, llm_script, llm_exchanges, provider):
    llm_script(
        model="stepwise",
        turns=[
            {"reply": {"tool_calls": [{"name": "count", "arguments": {}}]}},
            {
                "when": {"has_tool_results": True},
                "reply": {"error": {"status": 500, "message": "hiccup"}},
            },
            {"when": {"has_tool_results": True}, "reply": {"text": "counted"}},
        ],
    )
    runs = []
    counter = Tool("count", "Count once", execute=lambda: runs.append(1) or "1")
    result = generate("stepwise", "count", tools=[counter], client=client, retry_policy=FAST)
    assert result.text == "counted" and len(result.steps) == 2
    assert runs == [1]  # the retry of step 2 did not re-run step 1 or its tool
    assert [e["status"] for e in llm_exchanges(provider, "stepwise")] == [200, 500, 200]


def test_dod_8_8_9_stream_opening_is_retried(client, llm_script, llm_exchanges, provider):
    fails_then_answers(llm_script, "flaky", 503)
    result = stream("flaky", "stream", client=client, retry_policy=FAST)
    assert result.response().text == "recovered"
    assert [e["status"] for e in llm_exchanges(provider, "flaky")] == [503, 200]


class CutStream(httpx.SyncByteStream):
    """Two text deltas of a Responses stream, then the connection drops."""

    def __iter__(self):
        events = [
            {"type": "response.created", "response": {"id": "resp_1", "model": "m"}},
            {"type": "response.output_text.delta", "item_id": "msg_1", "delta": "Hel"},
            {"type": "response.output_text.delta", "item_id": "msg_1", "delta": "lo"},
        ]
        for event in events:
            yield f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()
        raise httpx.ReadError("connection reset by peer")


def test_dod_8_8_9_stream_not_retried_after_partial_data():
    attempts = []

    def answer(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        return httpx.Response(
            200, headers={"content-type": "text/event-stream"}, stream=CutStream()
        )

    client = Client({"openai": OpenAIAdapter("k", transport=httpx.MockTransport(answer))}, "openai")
    result = stream("m", "hello", client=client, retry_policy=FAST)
    events = list(result)
    kinds = [e.type for e in events]
    assert kinds[-1] == StreamEventType.ERROR and StreamEventType.TEXT_DELTA in kinds
    assert isinstance(events[-1].error, StreamError)
    assert "".join(e.delta for e in events if e.delta) == "Hello"
    assert len(attempts) == 1
    with pytest.raises(StreamError):
        result.response()


def test_dod_8_8_standalone_retry_utility(client_for, llm_script):
    fails_then_answers(llm_script, "flaky", 500)
    client = client_for("openai")
    request = Request(model="flaky", messages=[Message.user("x")])
    with pytest.raises(ServerError):
        client.complete(request)  # the low-level client never retries
    fails_then_answers(llm_script, "flaky", 500)
    assert retry(lambda: client.complete(request), FAST).text == "recovered"


def test_dod_8_8_9_error_event_inside_an_anthropic_stream():
    frames = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": "msg_1",
                    "model": "claude-opus-4-6",
                    "usage": {"input_tokens": 3},
                },
            },
        ),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": "Par"},
            },
        ),
        (
            "error",
            {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
        ),
    ]
    body = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in frames)
    adapter = AnthropicAdapter(
        "k",
        transport=httpx.MockTransport(
            lambda request: httpx.Response(
                200, headers={"content-type": "text/event-stream"}, content=body.encode()
            )
        ),
    )
    events = list(adapter.stream(Request(model="claude-opus-4-6", messages=[Message.user("hi")])))
    assert events[-1].type == StreamEventType.ERROR
    error = events[-1].error
    assert isinstance(error, ServerError) and error.retryable and error.provider == "anthropic"
    assert [e.delta for e in events if e.type == StreamEventType.TEXT_DELTA] == ["Par"]
