"""Raw wire checks the SDKs hide: SSE framing, ``[DONE]``, event names, headers."""

from __future__ import annotations

import json

import httpx

from darkfactory.twins.llm.wire import sse, until_delta


def events(text: str) -> list[tuple[str | None, str]]:
    found = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        found.append((lines.get("event"), lines["data"]))
    return found


def test_chat_stream_ends_with_done(openai_credentials):
    response = httpx.post(
        f"{openai_credentials['base_url']}/chat/completions",
        headers={"authorization": f"Bearer {openai_credentials['api_key']}"},
        json={"model": "echo", "stream": True, "messages": [{"role": "user", "content": "a b"}]},
    )
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["x-request-id"].startswith("req_")
    frames = events(response.text)
    assert frames[-1] == (None, "[DONE]")
    chunks = [json.loads(data) for _, data in frames[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1


def test_responses_stream_names_each_event(openai_credentials):
    response = httpx.post(
        f"{openai_credentials['base_url']}/responses",
        headers={"authorization": f"Bearer {openai_credentials['api_key']}"},
        json={"model": "echo", "stream": True, "input": "hi"},
    )
    frames = events(response.text)
    assert all(name == json.loads(data)["type"] for name, data in frames)
    assert [json.loads(data)["sequence_number"] for _, data in frames] == list(range(len(frames)))


def test_gemini_alt_sse_is_data_only(gemini_credentials):
    response = httpx.post(
        f"{gemini_credentials['base_url']}/v1beta/models/echo:streamGenerateContent",
        params={"alt": "sse"},
        headers={"x-goog-api-key": gemini_credentials["api_key"]},
        json={"contents": [{"role": "user", "parts": [{"text": "x y"}]}]},
    )
    frames = events(response.text)
    assert [name for name, _ in frames] == [None, None]
    assert json.loads(frames[-1][1])["candidates"][0]["finishReason"] == "STOP"


def test_gemini_without_alt_sse_streams_one_json_array(gemini_credentials, llm_script):
    stream = f"{gemini_credentials['base_url']}/v1beta/models/echo:streamGenerateContent"
    headers = {"x-goog-api-key": gemini_credentials["api_key"]}
    body = {"contents": [{"role": "user", "parts": [{"text": "x y"}]}]}
    with httpx.stream("POST", stream, headers=headers, json=body) as response:
        pieces = list(response.iter_raw())
        assert response.headers["content-type"] == "application/json; charset=UTF-8"
    whole = b"".join(pieces)
    assert whole.startswith(b"[{") and whole.endswith(b"}]") and b",\r\n{" in whole
    elements = json.loads(whole)
    assert ["".join(p["text"] for p in e["candidates"][0]["content"]["parts"]) for e in elements]
    assert elements[-1]["candidates"][0]["finishReason"] == "STOP"
    assert "finishReason" not in elements[0]["candidates"][0]

    llm_script(
        model="failing",
        turns=[{"reply": {"text": "one two three", "stream_error": {"after_deltas": 2}}}],
    )
    failing = stream.replace("/echo:", "/failing:")
    broken = json.loads(httpx.post(failing, headers=headers, json=body).content)
    assert len(broken) == 3 and broken[-1]["error"]["status"] == "UNAVAILABLE"


def test_anthropic_needs_a_version_header(anthropic_credentials):
    response = httpx.post(
        f"{anthropic_credentials['base_url']}/v1/messages",
        headers={"x-api-key": anthropic_credentials["api_key"]},
        json={"model": "echo", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}]},
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "invalid_request_error",
        "message": "anthropic-version: header is required",
    }
    assert response.headers["request-id"] == response.json()["request_id"]


def test_a_failing_stream_keeps_the_frames_before_the_next_delta():
    start, stop = sse({"start": 1}), sse({"stop": 1})
    one, two = sse({"d": 1}, delta=True), sse({"d": 2}, delta=True)
    frames = [start, one, stop, two, sse({"end": 1})]
    assert until_delta(frames, 0) == [start]
    assert until_delta(frames, 1) == [start, one, stop]
    assert until_delta(frames, 2) == until_delta(frames, 9) == [start, one, stop, two]
    assert until_delta([start, stop], 1) == []
