"""Streams that fail midway, through each official SDK: a scripted ``stream_error`` sends the
first deltas of the answer, then the provider's in-stream error (or cuts the connection), and
the SDK raises its own exception after handing over the partial content."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import anthropic
import httpx
import httpx2
import openai
import pytest
from google.genai import errors as genai_errors

TEXT = "one two three four five"
PARTIAL = ["one ", "two "]
USER = [{"role": "user", "content": "hi"}]


def anthropic_texts_of(client, model: str, text: str) -> Iterator[str]:
    messages = [{"role": "user", "content": text}]
    with client.messages.stream(model=model, max_tokens=100, messages=messages) as stream:
        yield from stream.text_stream


def anthropic_texts(client) -> Iterator[str]:
    return anthropic_texts_of(client, "failing", "hi")


def responses_texts(client) -> Iterator[str]:
    for event in client.responses.create(model="failing", input="hi", stream=True):
        if event.type == "response.output_text.delta":
            yield event.delta


def chat_texts_of(client, model: str, messages: list) -> Iterator[str]:
    for chunk in client.chat.completions.create(model=model, messages=messages, stream=True):
        if chunk.choices and chunk.choices[0].delta.content:
            yield chunk.choices[0].delta.content


def chat_texts(client) -> Iterator[str]:
    return chat_texts_of(client, "failing", USER)


def gemini_texts(client) -> Iterator[str]:
    for chunk in client.models.generate_content_stream(model="failing", contents="hi"):
        yield chunk.text


# API -> (client fixture, the streamed text pieces, the code the SDK's exception carries)
APIS: dict[str, tuple[str, Callable, Callable]] = {
    "anthropic": ("anthropic_client", anthropic_texts, lambda e: e.body["error"]["type"]),
    "responses": ("openai_client", responses_texts, lambda e: e.code or e.body["type"]),
    "chat": ("openai_client", chat_texts, lambda e: e.code or e.body["type"]),
    "gemini": ("genai_client", gemini_texts, lambda e: e.status),
}


def fail_midway(request, llm_script, api: str, **stream_error) -> tuple[list[str], Exception]:
    """Stream from a model scripted to fail after two deltas; the pieces read and the error."""
    llm_script(
        model="failing",
        turns=[{"reply": {"text": TEXT, "stream_error": {"after_deltas": 2, **stream_error}}}],
    )
    fixture, texts, _ = APIS[api]
    client = request.getfixturevalue(fixture)
    if fixture != "genai_client":
        client = client.with_options(max_retries=0)
    pieces: list[str] = []
    with pytest.raises(Exception) as caught:
        for piece in texts(client):
            pieces.append(piece)
    return pieces, caught.value


@pytest.mark.parametrize(
    ("api", "kind", "raised", "code"),
    [
        ("anthropic", "overloaded", anthropic.APIStatusError, "overloaded_error"),
        ("anthropic", "server_error", anthropic.APIStatusError, "api_error"),
        ("anthropic", "rate_limit", anthropic.APIStatusError, "rate_limit_error"),
        ("responses", "overloaded", openai.APIError, "server_error"),
        ("responses", "rate_limit", openai.APIError, "rate_limit_exceeded"),
        ("chat", "overloaded", openai.APIError, "server_error"),
        ("chat", "rate_limit", openai.APIError, "rate_limit_exceeded"),
        ("gemini", "overloaded", genai_errors.ServerError, "UNAVAILABLE"),
        ("gemini", "server_error", genai_errors.ServerError, "INTERNAL"),
        ("gemini", "rate_limit", genai_errors.ClientError, "RESOURCE_EXHAUSTED"),
    ],
)
def test_sdk_raises_its_error_after_the_partial_content(
    request, llm_script, api, kind, raised, code
):
    pieces, error = fail_midway(request, llm_script, api, kind=kind, message="went wrong")
    assert pieces == PARTIAL
    assert type(error) is raised
    assert APIS[api][2](error) == code
    assert "went wrong" in str(error)


# A cut connection reaches the user as the SDK's connection error, or as the transport's own
# error where the SDK lets it through; which of the two depends on the SDK's release.
TRANSPORT_ERRORS = (httpx.TransportError, httpx2.TransportError)
CONNECTION_ERRORS = {
    "anthropic": (anthropic.APIConnectionError, *TRANSPORT_ERRORS),
    "responses": (openai.APIConnectionError, *TRANSPORT_ERRORS),
    "chat": (openai.APIConnectionError, *TRANSPORT_ERRORS),
    "gemini": TRANSPORT_ERRORS,
}


@pytest.mark.parametrize("api", list(CONNECTION_ERRORS))
def test_a_cut_connection_raises_after_the_partial_content(request, llm_script, api):
    pieces, error = fail_midway(request, llm_script, api, kind="cut")
    assert pieces == PARTIAL
    assert isinstance(error, CONNECTION_ERRORS[api]), f"{type(error)} is no connection error"


def wire_events(credentials: dict, path: str, body: dict, headers: dict) -> list[tuple]:
    """The raw ``(event, data)`` frames of a streamed answer."""
    answer = httpx.post(
        credentials["base_url"] + path, json=body, headers=headers, timeout=30
    ).raise_for_status()
    frames = [f for f in answer.text.split("\n\n") if f.strip()]
    found = []
    for frame in frames:
        fields = dict(line.split(": ", 1) for line in frame.splitlines())
        data = fields["data"]
        found.append((fields.get("event"), data if data == "[DONE]" else json.loads(data)))
    return found


def test_responses_wire_error_then_response_failed(openai_credentials, openai_client, llm_script):
    llm_script(
        model="failing", turns=[{"reply": {"text": TEXT, "stream_error": {"after_deltas": 1}}}]
    )
    auth = {"authorization": f"Bearer {openai_credentials['api_key']}"}
    events = wire_events(
        openai_credentials, "/responses", {"model": "failing", "input": "hi", "stream": True}, auth
    )
    names = [name for name, _ in events]
    assert names[-3:] == ["response.output_text.delta", "error", "response.failed"]
    assert [data["sequence_number"] for _, data in events] == list(range(len(events)))
    error, failed = events[-2][1], events[-1][1]
    assert error["error"]["code"] == "server_error" and error["error"]["message"]
    assert failed["response"]["status"] == "failed"
    assert failed["response"]["error"] == {
        "code": "server_error",
        "message": error["error"]["message"],
    }
    kept = openai_client.responses.retrieve(failed["response"]["id"])
    assert kept.status == "failed" and kept.error.code == "server_error"


def test_chat_wire_ends_with_the_error_chunk_and_no_done(openai_credentials, llm_script):
    llm_script(model="failing", turns=[{"reply": {"text": TEXT, "stream_error": {}}}])
    auth = {"authorization": f"Bearer {openai_credentials['api_key']}"}
    body = {"model": "failing", "messages": USER, "stream": True}
    events = wire_events(openai_credentials, "/chat/completions", body, auth)
    contents = [d["choices"][0]["delta"].get("content") for _, d in events[:-1]]
    assert contents == ["", "one "]  # the role chunk, then one delta (after_deltas defaults to 1)
    assert events[-1][1]["error"]["type"] == "server_error"


def test_anthropic_failing_before_any_delta(anthropic_credentials, llm_script):
    llm_script(
        model="failing", turns=[{"reply": {"text": TEXT, "stream_error": {"after_deltas": 0}}}]
    )
    headers = {"x-api-key": anthropic_credentials["api_key"], "anthropic-version": "2023-06-01"}
    body = {"model": "failing", "max_tokens": 50, "messages": USER, "stream": True}
    events = wire_events(anthropic_credentials, "/v1/messages", body, headers)
    assert [name for name, _ in events] == [
        "message_start",
        "content_block_start",
        "ping",
        "error",
    ]
    assert events[-1][1]["error"] == {"type": "overloaded_error", "message": "Overloaded"}


def test_the_exchange_is_recorded_once_as_a_failed_stream(
    anthropic_client, llm_script, llm_exchanges
):
    llm_script(
        model="failing",
        turns=[
            {"reply": {"text": TEXT, "stream_error": {"kind": "server_error", "message": "boom"}}},
            {"reply": {"text": "never asked"}},
        ],
    )
    with pytest.raises(anthropic.APIStatusError):
        list(anthropic_texts(anthropic_client))
    [exchange] = llm_exchanges("anthropic", "failing")
    assert exchange["stream"] and exchange["status"] == 200
    assert exchange["error"] == {"code": "server_error", "message": "boom"}
    assert exchange["reply"]["failure"] == {
        "after_deltas": 1,
        "kind": "server_error",
        "message": "boom",
        "status": None,
    }


def test_without_streaming_the_failure_is_an_error_answer(
    anthropic_client, openai_client, llm_script, llm_exchanges
):
    llm_script(
        model="failing",
        turns=[{"reply": {"text": TEXT, "stream_error": {"kind": "overloaded"}}}],
        repeat_last=True,
    )
    with pytest.raises(anthropic.OverloadedError):
        anthropic_client.with_options(max_retries=0).messages.create(
            model="failing", max_tokens=50, messages=USER
        )
    with pytest.raises(openai.InternalServerError) as caught:
        openai_client.with_options(max_retries=0).responses.create(model="failing", input="hi")
    assert caught.value.status_code == 503
    assert [e["status"] for e in llm_exchanges("anthropic", "failing")] == [529]


def test_a_reply_cannot_have_both_an_error_and_a_stream_error(universe):
    script = {
        "model": "m",
        "turns": [{"reply": {"error": {"status": 500}, "stream_error": {"after_deltas": 1}}}],
    }
    answer = httpx.post(
        f"{universe.url}/openai/_scripts", headers=universe.admin_headers, json=script
    )
    assert answer.status_code == 400
    assert "either an error or a stream_error" in answer.json()["error"]
    script["turns"] = [{"reply": {"stream_error": {"kind": "meltdown"}}}]
    assert (
        "kind"
        in httpx.post(
            f"{universe.url}/openai/_scripts", headers=universe.admin_headers, json=script
        ).json()["error"]
    )


def test_a_scripted_status_overrides_the_kind(request, llm_script):
    pieces, error = fail_midway(request, llm_script, "gemini", kind="server_error", status=504)
    assert pieces == PARTIAL
    assert (error.code, error.status) == (504, "DEADLINE_EXCEEDED")


def test_a_fault_with_after_deltas_strikes_the_stream_midway(universe, openai_client):
    fault = {
        "twin": "openai",
        "operation": "chat.completions.create",
        "kind": "outage",
        "after_deltas": 1,
        "times": 1,
    }
    universe.control("POST", "/faults", json=fault)
    client = openai_client.with_options(max_retries=0)
    user = [{"role": "user", "content": TEXT}]
    pieces: list[str] = []
    with pytest.raises(openai.APIError) as caught:
        for piece in chat_texts_of(client, "echo", user):
            pieces.append(piece)
    assert pieces == ["one "] and caught.value.body["type"] == "server_error"
    assert "".join(chat_texts_of(client, "echo", user)) == TEXT  # the fault has retired


def test_a_midway_fault_answers_other_operations_up_front(universe, anthropic_client):
    fault = {"twin": "anthropic", "kind": "outage", "after_deltas": 2}
    universe.control("POST", "/faults", json=fault)
    with pytest.raises(anthropic.OverloadedError):
        anthropic_client.with_options(max_retries=0).models.list()
    with pytest.raises(anthropic.APIStatusError) as caught:
        list(anthropic_texts_of(anthropic_client, "echo", TEXT))
    assert caught.value.body["error"]["type"] == "overloaded_error"


def test_after_deltas_is_refused_on_latency_faults(universe):
    fault = {"twin": "openai", "kind": "latency", "latency_ms": 5, "after_deltas": 1}
    answer = httpx.post(
        f"{universe.url}/_universe/faults", headers=universe.admin_headers, json=fault
    )
    assert answer.status_code == 400 and "after_deltas" in answer.text
