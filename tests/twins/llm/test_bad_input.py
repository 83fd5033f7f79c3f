"""Arbitrary or malformed requests get each provider's error answer: never a 5xx, never a
traceback. Raw HTTP on purpose: the point is what the wire carries, not what an SDK would send."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def shaped(keys: list[str]) -> st.SearchStrategy:
    """Objects using a provider's own field names with arbitrary values, nested one level."""
    field = st.sampled_from(keys)
    leaf = JSON | st.sampled_from(["echo", "user", "assistant", "model", "text", "tool_use"])
    inner = st.dictionaries(field, leaf, max_size=4)
    value = leaf | inner | st.lists(inner | leaf, max_size=3)
    return st.dictionaries(field, value, max_size=6) | JSON


OPENAI_KEYS = [
    "model",
    "input",
    "instructions",
    "tools",
    "tool_choice",
    "text",
    "format",
    "type",
    "name",
    "schema",
    "strict",
    "reasoning",
    "effort",
    "summary",
    "max_output_tokens",
    "stream",
    "role",
    "content",
    "call_id",
    "arguments",
    "output",
    "messages",
    "response_format",
    "json_schema",
    "tool_calls",
    "function",
    "tool_call_id",
    "parameters",
    "stream_options",
    "include",
]
ANTHROPIC_KEYS = [
    "model",
    "max_tokens",
    "messages",
    "system",
    "tools",
    "tool_choice",
    "thinking",
    "type",
    "budget_tokens",
    "role",
    "content",
    "text",
    "tool_use_id",
    "id",
    "name",
    "input",
    "input_schema",
    "cache_control",
    "signature",
    "thinking",
    "output_config",
    "format",
    "schema",
    "stream",
    "is_error",
]
GEMINI_KEYS = [
    "contents",
    "role",
    "parts",
    "text",
    "functionCall",
    "functionResponse",
    "name",
    "args",
    "response",
    "thoughtSignature",
    "thought",
    "systemInstruction",
    "tools",
    "functionDeclarations",
    "parameters",
    "toolConfig",
    "functionCallingConfig",
    "mode",
    "generationConfig",
    "responseMimeType",
    "responseSchema",
    "responseJsonSchema",
    "thinkingConfig",
    "thinkingBudget",
    "includeThoughts",
    "maxOutputTokens",
    "candidateCount",
    "generateContentRequest",
]


def check(response: httpx.Response, envelope) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert envelope(response.json()), response.text


def openai_error(body) -> bool:
    return set(body["error"]) == {"message", "type", "param", "code"}


def anthropic_error(body) -> bool:
    return body["type"] == "error" and body["error"]["type"] and body["error"]["message"]


def gemini_error(body) -> bool:
    return {"code", "message", "status"} <= set(body["error"])


CASES = [
    ("openai", "/v1/responses", OPENAI_KEYS, openai_error),
    ("openai", "/v1/chat/completions", OPENAI_KEYS, openai_error),
    ("anthropic", "/v1/messages", ANTHROPIC_KEYS, anthropic_error),
    ("anthropic", "/v1/messages/count_tokens", ANTHROPIC_KEYS, anthropic_error),
    ("gemini", "/v1beta/models/echo:generateContent", GEMINI_KEYS, gemini_error),
    ("gemini", "/v1beta/models/tool-caller:streamGenerateContent", GEMINI_KEYS, gemini_error),
    ("gemini", "/v1beta/models/echo:countTokens", GEMINI_KEYS, gemini_error),
]


def headers_for(provider: str, key: str) -> dict[str, str]:
    return {
        "authorization": f"Bearer {key}",
        "x-api-key": key,
        "anthropic-version": "2023-06-01",
        "x-goog-api-key": key,
    }


@pytest.mark.parametrize(("provider", "path", "keys", "envelope"), CASES)
def test_arbitrary_bodies_get_provider_errors(universe, provider, path, keys, envelope):
    creds = universe.credentials[provider]
    url = universe.universe.twins[provider].base_url + path
    headers = headers_for(provider, creds["api_key"])

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=shaped(keys), model=st.sampled_from(["echo", "tool-caller", 7, None]))
    def run(body, model):
        if isinstance(body, dict) and "generateContentRequest" not in body:
            body = {**body, "model": model}
        check(client.post(url, json=body), envelope)

    with httpx.Client(headers=headers) as client:
        run()


@pytest.mark.parametrize(("provider", "path", "keys", "envelope"), CASES)
def test_non_json_bodies(universe, provider, path, keys, envelope):
    url = universe.universe.twins[provider].base_url + path
    headers = headers_for(provider, universe.credentials[provider]["api_key"])
    for raw in (b"", b"{", b"[1, 2]", b"\xff\xfe", b'"text"'):
        response = httpx.post(
            url, content=raw, headers={**headers, "content-type": "application/json"}
        )
        assert 400 <= response.status_code < 500, (raw, response.text)
        assert envelope(response.json())
