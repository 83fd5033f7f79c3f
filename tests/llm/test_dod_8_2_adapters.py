"""§8.2 Provider adapters, for each provider against its twin."""

from __future__ import annotations

import httpx
import pytest

from darkfactory.llm import (
    AccessDeniedError,
    AnthropicAdapter,
    AuthenticationError,
    ContentKind,
    ContentPart,
    ContextLengthError,
    InvalidRequestError,
    Message,
    NotFoundError,
    RateLimitError,
    Request,
    RequestTimeoutError,
    Response,
    Role,
    ServerError,
    StreamEvent,
    StreamEventType,
    ToolCallData,
)

NATIVE = {  # the operation each twin records, and the body keys only that native API has
    "openai": ("responses.create", "input"),
    "anthropic": ("messages.create", "max_tokens"),
    "gemini": ("models.generateContent", "contents"),
}


def ask(text: str, **fields) -> Request:
    return Request(model="echo", messages=[Message.user(text)], **fields)


def test_dod_8_2_1_native_api(client, provider, llm_exchanges):
    client.complete(ask("native"))
    exchange = llm_exchanges(provider)[-1]
    operation, key = NATIVE[provider]
    assert exchange["operation"] == operation
    assert key in exchange["request"]


def test_dod_8_2_2_authentication(client_for, provider):
    assert client_for(provider).complete(ask("with the seeded key")).text == "with the seeded key"
    with pytest.raises(AuthenticationError) as caught:
        client_for(provider, api_key="wrong-key").complete(ask("with a bad key"))
    assert caught.value.status_code in (400, 401) and caught.value.provider == provider
    assert caught.value.retryable is False


def test_dod_8_2_3_complete_returns_populated_response(client, provider):
    response = client.complete(ask("populate me", max_tokens=200))
    assert isinstance(response, Response)
    assert response.id and response.provider == provider and response.model
    assert response.message.role == Role.ASSISTANT and response.text == "populate me"
    assert response.finish_reason.reason == "stop" and response.finish_reason.raw
    assert response.usage.input_tokens > 0 and response.usage.output_tokens > 0
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens
    assert isinstance(response.raw, dict)
    if provider != "gemini":  # Gemini sends no rate-limit headers
        assert response.rate_limit.requests_limit and response.rate_limit.requests_remaining


def test_dod_8_2_4_stream_yields_typed_events(client):
    events = list(client.stream(ask("stream these words please")))
    assert all(isinstance(e, StreamEvent) and isinstance(e.type, StreamEventType) for e in events)
    assert events[0].type == StreamEventType.STREAM_START
    assert events[-1].type == StreamEventType.FINISH
    text = "".join(e.delta for e in events if e.type == StreamEventType.TEXT_DELTA)
    assert text == "stream these words please" == events[-1].response.text


def test_dod_8_2_5_system_messages_extracted(client, provider, llm_exchanges):
    request = Request(model="echo", messages=[Message.system("Be terse."), Message.user("hi")])
    client.complete(request)
    exchange = llm_exchanges(provider)[-1]
    assert exchange["prompt"]["system"] == "Be terse."
    assert [m["role"] for m in exchange["prompt"]["messages"]] == ["user"]
    body = exchange["request"]
    placed = {
        "openai": body.get("instructions"),
        "anthropic": (body.get("system") or [{}])[0].get("text"),
        "gemini": (body.get("systemInstruction") or {"parts": [{}]})["parts"][0].get("text"),
    }
    assert placed[provider] == "Be terse."


def five_roles() -> list[Message]:
    call = ToolCallData("call_1", "lookup", {"q": "x"})
    return [
        Message.system("System says."),
        Message.developer("Developer says."),
        Message.user("Look it up."),
        Message(
            Role.ASSISTANT,
            [ContentPart.of_text("Looking."), ContentPart(ContentKind.TOOL_CALL, tool_call=call)],
        ),
        Message.tool_result("call_1", "found it"),
        Message.user("And now?"),
    ]


def test_dod_8_2_6_all_five_roles(client, provider, llm_exchanges):
    response = client.complete(Request(model="echo", messages=five_roles()))
    assert response.text == "And now?"
    prompt = llm_exchanges(provider)[-1]["prompt"]
    assert "System says." in prompt["system"] and "Developer says." in prompt["system"]
    roles = [m["role"] for m in prompt["messages"]]
    assert roles == ["user", "assistant", "user"]
    assistant, tool_turn = prompt["messages"][1]["parts"], prompt["messages"][2]["parts"]
    assert [p["type"] for p in assistant] == ["text", "tool_call"]
    assert assistant[1]["name"] == "lookup" and assistant[1]["arguments"] == {"q": "x"}
    results = [p for p in tool_turn if p["type"] == "tool_result"]
    assert results[0]["name"] == "lookup" and "found it" in results[0]["content"]
    assert tool_turn[-1] == {**tool_turn[-1], "type": "text", "text": "And now?"}


PROVIDER_OPTIONS = {
    "openai": ({"store": False, "user": "user-7"}, lambda body: (body["store"], body["user"])),
    "anthropic": ({"top_k": 5}, lambda body: body["top_k"]),
    "gemini": ({"generationConfig": {"topK": 3}}, lambda body: body["generationConfig"]["topK"]),
}
EXPECTED_OPTION = {"openai": (False, "user-7"), "anthropic": 5, "gemini": 3}


def test_dod_8_2_7_provider_options_pass_through(client, provider, last_request):
    options, read = PROVIDER_OPTIONS[provider]
    client.complete(
        ask("options", temperature=0.5, provider_options={provider: options, "other": {"x": 1}})
    )
    body = last_request(provider)
    assert read(body) == EXPECTED_OPTION[provider]
    assert "x" not in body


def test_dod_8_2_8_anthropic_beta_headers():
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
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

    adapter = AnthropicAdapter("sk-ant", transport=httpx.MockTransport(answer))
    options = {
        "anthropic": {
            "beta_headers": ["interleaved-thinking-2025-05-14", "token-efficient-tools-2025-02-19"]
        }
    }
    adapter.complete(
        Request(model="claude-opus-4-6", messages=[Message.user("hi")], provider_options=options)
    )
    betas = seen[0].headers["anthropic-beta"].split(",")
    assert betas[:2] == ["interleaved-thinking-2025-05-14", "token-efficient-tools-2025-02-19"]
    assert seen[0].headers["x-api-key"] == "sk-ant"
    assert seen[0].headers["anthropic-version"] == "2023-06-01"
    assert "beta_headers" not in seen[0].content.decode()


ERRORS = [
    (400, InvalidRequestError),
    (401, AuthenticationError),
    (403, AccessDeniedError),
    (404, NotFoundError),
    (408, RequestTimeoutError),
    (413, ContextLengthError),
    (422, InvalidRequestError),
    (429, RateLimitError),
    (500, ServerError),
    (503, ServerError),
]


@pytest.mark.parametrize(("status", "kind"), ERRORS)
def test_dod_8_2_9_http_errors_translated(client, provider, llm_script, status, kind):
    llm_script(
        model=f"fails-{status}",
        turns=[{"reply": {"error": {"status": status, "message": "scripted failure"}}}],
    )
    with pytest.raises(kind) as caught:
        client.complete(Request(model=f"fails-{status}", messages=[Message.user("x")]))
    assert caught.value.status_code == status
    assert caught.value.provider == provider and isinstance(caught.value.raw, dict)


def test_dod_8_2_9_unknown_model_is_not_found(client, provider):
    with pytest.raises(NotFoundError) as caught:
        client.complete(Request(model="nonexistent-model-xyz", messages=[Message.user("x")]))
    assert caught.value.status_code == 404 and caught.value.retryable is False


def test_dod_8_2_10_retry_after_on_the_error(client, llm_script):
    llm_script(
        model="slow-down",
        turns=[{"reply": {"error": {"status": 429, "message": "slow down", "retry_after": 7}}}],
    )
    with pytest.raises(RateLimitError) as caught:
        client.complete(Request(model="slow-down", messages=[Message.user("x")]))
    assert caught.value.retry_after == 7.0 and caught.value.retryable is True


def test_stop_sequences_per_provider(client, provider):
    response = client.complete(ask("alpha STOP beta", stop_sequences=["STOP"]))
    if provider == "openai":  # the Responses API has no stop sequences
        assert response.text == "alpha STOP beta"
        assert [w.code for w in response.warnings] == ["unsupported_parameter"]
    else:
        assert response.text == "alpha " and response.warnings == []
        assert response.finish_reason.reason == "stop"
