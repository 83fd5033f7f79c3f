"""The Gemini twin through the official ``google-genai`` SDK: generateContent, streaming,
function calling with thought signatures, structured output, caching, countTokens, errors."""

from __future__ import annotations

import base64
import json
import math

import httpx
import jsonschema
import pytest
from google.genai import errors, types
from pydantic import BaseModel

WEATHER = types.FunctionDeclaration(
    name="get_weather",
    description="Current weather in a city",
    parameters_json_schema={
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
)
TOOLS = types.GenerateContentConfig(tools=[types.Tool(function_declarations=[WEATHER])])


def tokens(text: str) -> int:
    return math.ceil(len(text.encode()) / 4)


class Person(BaseModel):
    name: str
    age: int


def test_plain_generate_content_with_usage(genai_client):
    response = genai_client.models.generate_content(
        model="gemini-2.0-flash",
        contents="hello gemini",
        config=types.GenerateContentConfig(system_instruction="Be brief"),
    )
    assert response.text == "hello gemini"
    assert response.candidates[0].finish_reason == types.FinishReason.STOP
    usage = response.usage_metadata
    assert usage.prompt_token_count == tokens("Be brief") + tokens("hello gemini")
    assert usage.candidates_token_count == tokens("hello gemini")
    assert usage.thoughts_token_count is None
    assert usage.total_token_count == usage.prompt_token_count + usage.candidates_token_count
    assert response.model_version == "gemini-2.0-flash" and response.response_id


def test_thinking_model_reports_thoughts(genai_client):
    config = types.GenerateContentConfig(
        thinking_config=types.ThinkingConfig(include_thoughts=True)
    )
    response = genai_client.models.generate_content(
        model="gemini-2.5-flash", contents="think about it", config=config
    )
    thought, answer = response.candidates[0].content.parts
    assert thought.thought is True and thought.text
    assert answer.text == "think about it" and answer.thought_signature
    assert response.usage_metadata.thoughts_token_count == tokens(thought.text)
    quiet = genai_client.models.generate_content(
        model="gemini-2.5-flash",
        contents="no thinking",
        config=types.GenerateContentConfig(thinking_config=types.ThinkingConfig(thinking_budget=0)),
    )
    assert quiet.usage_metadata.thoughts_token_count is None


def test_streaming_sends_words_then_finish_and_usage(genai_client):
    chunks = list(
        genai_client.models.generate_content_stream(
            model="gemini-2.0-flash", contents="one two three"
        )
    )
    assert [c.text for c in chunks] == ["one ", "two ", "three"]
    assert chunks[-1].candidates[0].finish_reason == types.FinishReason.STOP
    assert chunks[-1].usage_metadata.candidates_token_count == tokens("one two three")
    assert chunks[0].candidates[0].finish_reason is None


@pytest.mark.parametrize("alt", ["sse", None])
def test_each_streamed_chunk_is_a_whole_response_of_one_part(gemini_credentials, alt):
    url = f"{gemini_credentials['base_url']}/v1beta/models/gemini-2.0-flash:streamGenerateContent"
    said = 'say "é" twice'
    answer = httpx.post(
        url,
        params={"alt": alt} if alt else {},
        headers={"x-goog-api-key": gemini_credentials["api_key"]},
        json={"contents": [{"role": "user", "parts": [{"text": said}]}]},
    )
    body = answer.text
    if alt:
        chunks = [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: ")]
    else:
        chunks = json.loads(body)
    response_id = chunks[0]["responseId"]
    for chunk, word in zip(chunks, ["say ", '"é" ', "twice"], strict=True):
        candidate = {"content": {"parts": [{"text": word}], "role": "model"}, "index": 0}
        usage = {"promptTokenCount": tokens(said), "totalTokenCount": tokens(said)}
        if chunk is chunks[-1]:
            candidate["finishReason"] = "STOP"
            usage = {
                **usage,
                "candidatesTokenCount": tokens(said),
                "totalTokenCount": 2 * tokens(said),
                "promptTokensDetails": [{"modality": "TEXT", "tokenCount": tokens(said)}],
            }
        assert chunk == {
            "candidates": [candidate],
            "usageMetadata": usage,
            "modelVersion": "gemini-2.0-flash",
            "responseId": response_id,
        }


def test_function_call_round_trip_with_thought_signature(genai_client, llm_script, llm_exchanges):
    llm_script(
        model="gemini-3-pro-preview",
        turns=[
            {
                "when": {"has_tool_results": False},
                "reply": {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]},
            },
            {"when": {"tool_result_contains": "sunny"}, "reply": {"text": "Sunny in Paris."}},
        ],
    )
    contents = [types.Content(role="user", parts=[types.Part(text="Weather in Paris?")])]
    first = genai_client.models.generate_content(
        model="gemini-3-pro-preview", contents=contents, config=TOOLS
    )
    call = first.function_calls[0]
    assert call.name == "get_weather" and call.args == {"city": "Paris"}
    model_content = first.candidates[0].content
    assert model_content.parts[-1].thought_signature
    answer = types.Part.from_function_response(name="get_weather", response={"result": "sunny"})
    final = genai_client.models.generate_content(
        model="gemini-3-pro-preview",
        contents=[*contents, model_content, types.Content(role="user", parts=[answer])],
        config=TOOLS,
    )
    assert final.text == "Sunny in Paris."
    sent = llm_exchanges("gemini", "gemini-3-pro-preview")[-1]["request"]
    assert sent["contents"][2]["parts"][0]["functionResponse"]["response"] == {"result": "sunny"}

    unsigned = types.Content(
        role="model",
        parts=[types.Part.from_function_call(name="get_weather", args={"city": "Paris"})],
    )
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(
            model="gemini-3-pro-preview",
            contents=[*contents, unsigned, types.Content(role="user", parts=[answer])],
            config=TOOLS,
        )
    assert caught.value.code == 400 and "thought_signature" in caught.value.message


SKIP_VALIDATOR = base64.urlsafe_b64decode("skip_thought_signature_validator")
# The same dummy given to the SDK as its ASCII bytes: the wire carries their base64.
ASCII_SKIP_VALIDATOR = b"skip_thought_signature_validator"


def history_with_call(signature: bytes | None) -> list[types.Content]:
    """A conversation ending in an answered function call signed with ``signature``."""
    call = types.Part.from_function_call(name="get_weather", args={"city": "Paris"})
    call.thought_signature = signature
    answer = types.Part.from_function_response(name="get_weather", response={"result": "sunny"})
    return [
        types.Content(role="user", parts=[types.Part(text="Weather in Paris?")]),
        types.Content(role="model", parts=[call]),
        types.Content(role="user", parts=[answer]),
    ]


@pytest.mark.parametrize("model", ["gemini-2.5-flash", "gemini-2.0-flash"])
def test_gemini_2_accepts_unsigned_and_placeholder_function_calls(genai_client, model):
    for signature in (None, SKIP_VALIDATOR, ASCII_SKIP_VALIDATOR):
        answer = genai_client.models.generate_content(
            model=model, contents=history_with_call(signature), config=TOOLS
        )
        assert answer.candidates[0].finish_reason == types.FinishReason.STOP


def test_gemini_3_takes_the_placeholder_but_not_a_missing_or_forged_signature(
    genai_client, llm_exchanges
):
    model = "gemini-3-flash-preview"
    answer = genai_client.models.generate_content(
        model=model, contents=history_with_call(SKIP_VALIDATOR), config=TOOLS
    )
    assert answer.candidates[0].finish_reason == types.FinishReason.STOP
    sent = llm_exchanges("gemini", model)[-1]["request"]["contents"][1]["parts"][0]
    assert sent["thoughtSignature"] == "skip_thought_signature_validator"
    answer = genai_client.models.generate_content(
        model=model, contents=history_with_call(ASCII_SKIP_VALIDATOR), config=TOOLS
    )
    assert answer.candidates[0].finish_reason == types.FinishReason.STOP
    sent = llm_exchanges("gemini", model)[-1]["request"]["contents"][1]["parts"][0]
    assert base64.b64decode(sent["thoughtSignature"]) == ASCII_SKIP_VALIDATOR
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(
            model=model, contents=history_with_call(None), config=TOOLS
        )
    assert caught.value.code == 400 and caught.value.status == "INVALID_ARGUMENT"
    assert caught.value.message.startswith(
        "Function call is missing a thought_signature in functionCall parts."
    )
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(
            model=model, contents=history_with_call(b"forged signature"), config=TOOLS
        )
    assert caught.value.code == 400
    assert caught.value.message == (
        "Unable to submit request because Thought signature is not valid."
    )


def test_a_forged_signature_is_refused_on_gemini_2_too(genai_client):
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(
            model="gemini-2.5-flash", contents=history_with_call(b"forged"), config=TOOLS
        )
    assert caught.value.code == 400 and "signature is not valid" in caught.value.message


def test_automatic_function_calling_with_the_tool_caller(genai_client):
    def get_weather(city: str) -> str:
        """Current weather in a city."""
        return f"sunny in {city}"

    response = genai_client.models.generate_content(
        model="tool-caller",
        contents="Lisbon",
        config=types.GenerateContentConfig(tools=[get_weather]),
    )
    assert response.text == 'Tool results: {"result": "sunny in Lisbon"}'


def test_structured_output_with_response_schema_and_json_schema(genai_client):
    parsed = genai_client.models.generate_content(
        model="gemini-2.5-flash",
        contents="Ada",
        config=types.GenerateContentConfig(
            response_mime_type="application/json", response_schema=Person
        ),
    ).parsed
    assert parsed == Person(name="Ada", age=0)
    schema = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "string"}, "minItems": 2}},
        "required": ["tags"],
    }
    response = genai_client.models.generate_content(
        model="gemini-2.5-flash",
        contents="x",
        config=types.GenerateContentConfig(
            response_mime_type="application/json", response_json_schema=schema
        ),
    )
    jsonschema.validate(json.loads(response.text), schema)


def test_schema_needs_json_mime_type(genai_client):
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(
            model="gemini-2.5-flash",
            contents="x",
            config=types.GenerateContentConfig(response_schema=Person),
        )
    assert caught.value.status == "INVALID_ARGUMENT"


def test_implicit_caching_reports_cached_tokens(genai_client):
    config = types.GenerateContentConfig(system_instruction="Long policy text. " * 300)
    first = genai_client.models.generate_content(
        model="gemini-2.0-flash", contents="q1", config=config
    )
    assert first.usage_metadata.cached_content_token_count is None
    second = genai_client.models.generate_content(
        model="gemini-2.0-flash", contents="q2", config=config
    )
    assert second.usage_metadata.cached_content_token_count == tokens("Long policy text. " * 300)


def test_count_tokens_and_models(genai_client):
    counted = genai_client.models.count_tokens(model="gemini-2.5-pro", contents="12345678")
    assert counted.total_tokens == 2
    names = [m.name for m in genai_client.models.list()]
    assert "models/gemini-2.5-pro" in names and "models/echo" in names
    assert genai_client.models.get(model="gemini-2.5-pro").output_token_limit == 65536
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.get(model="gemini-0")
    assert caught.value.code == 404


def test_bad_key_and_unknown_model(genai_client, gemini_credentials):
    from google import genai

    bad = genai.Client(
        api_key="AIza-wrong",
        http_options=types.HttpOptions(base_url=gemini_credentials["base_url"]),
    )
    with pytest.raises(errors.ClientError) as caught:
        bad.models.generate_content(model="gemini-2.5-flash", contents="x")
    assert caught.value.code == 400 and caught.value.status == "INVALID_ARGUMENT"
    assert caught.value.details["error"]["details"][0]["reason"] == "API_KEY_INVALID"
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(model="gemini-9", contents="x")
    assert caught.value.code == 404 and caught.value.status == "NOT_FOUND"
    assert "models/gemini-9 is not found" in caught.value.message


def test_key_in_the_query_string(gemini_credentials):
    url = f"{gemini_credentials['base_url']}/v1beta/models/echo:generateContent"
    body = {"contents": [{"role": "user", "parts": [{"text": "by query key"}]}]}
    ok = httpx.post(url, params={"key": gemini_credentials["api_key"]}, json=body)
    assert ok.json()["candidates"][0]["content"]["parts"][0]["text"] == "by query key"
    missing = httpx.post(url, json=body)
    assert missing.status_code == 403
    assert missing.json()["error"]["status"] == "PERMISSION_DENIED"


def test_rate_limits_and_server_errors(universe, genai_client, gemini_credentials):
    from google import genai

    universe.control("POST", "/faults", json={"twin": "gemini", "kind": "rate_limit", "limit": 0})
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(model="gemini-2.5-flash", contents="x")
    assert caught.value.code == 429 and caught.value.status == "RESOURCE_EXHAUSTED"
    retry = caught.value.details["error"]["details"][-1]
    assert retry["@type"].endswith("RetryInfo") and retry["retryDelay"].endswith("s")
    universe.control("DELETE", "/faults")

    universe.control("POST", "/faults", json={"twin": "gemini", "kind": "outage", "times": 1})
    with pytest.raises(errors.ServerError) as caught:
        genai_client.models.generate_content(model="gemini-2.5-flash", contents="x")
    assert caught.value.code == 503 and caught.value.status == "UNAVAILABLE"

    universe.control(
        "POST", "/faults", json={"twin": "gemini", "kind": "error", "status": 429, "times": 1}
    )
    retrying = genai.Client(
        api_key=gemini_credentials["api_key"],
        http_options=types.HttpOptions(
            base_url=gemini_credentials["base_url"],
            retry_options=types.HttpRetryOptions(attempts=2, initial_delay=0.1, jitter=0),
        ),
    )
    assert retrying.models.generate_content(model="echo", contents="again").text == "again"

    universe.control("POST", "/faults", json={"twin": "gemini", "kind": "error", "times": 1})
    with pytest.raises(errors.ServerError) as caught:
        genai_client.models.generate_content(model="gemini-2.5-flash", contents="x")
    assert caught.value.code == 500 and caught.value.status == "INTERNAL"


async def test_async_client(async_genai_client):
    response = await async_genai_client.models.generate_content(
        model="gemini-2.0-flash", contents="async hello"
    )
    assert response.text == "async hello"
    chunks = [
        c.text
        async for c in await async_genai_client.models.generate_content_stream(
            model="gemini-2.0-flash", contents="a b"
        )
    ]
    assert chunks == ["a ", "b"]


def test_explicit_context_cache(universe, genai_client, llm_exchanges):
    handbook = "Employee handbook section. " * 200
    cache = genai_client.caches.create(
        model="gemini-2.0-flash",
        config=types.CreateCachedContentConfig(
            contents=[handbook],
            system_instruction="Answer from the handbook.",
            ttl="300s",
            display_name="handbook",
        ),
    )
    cached = tokens(handbook) + tokens("Answer from the handbook.")
    assert cache.name.startswith("cachedContents/") and cache.display_name == "handbook"
    assert cache.usage_metadata.total_token_count == cached
    answer = genai_client.models.generate_content(
        model="gemini-2.0-flash",
        contents="What about holidays?",
        config=types.GenerateContentConfig(cached_content=cache.name),
    )
    assert answer.text == "What about holidays?"
    assert answer.usage_metadata.cached_content_token_count == cached
    assert answer.usage_metadata.prompt_token_count == cached + tokens("What about holidays?")
    assert llm_exchanges("gemini")[-1]["prompt"]["system"] == "Answer from the handbook."
    assert [c.name for c in genai_client.caches.list()] == [cache.name]
    later = genai_client.caches.update(
        name=cache.name, config=types.UpdateCachedContentConfig(ttl="7200s")
    )
    assert later.expire_time > cache.expire_time
    with pytest.raises(errors.ClientError) as caught:
        genai_client.models.generate_content(
            model="gemini-2.5-flash",
            contents="x",
            config=types.GenerateContentConfig(cached_content=cache.name),
        )
    assert "has to be the same" in caught.value.message
    universe.control("POST", "/clock", json={"advance": 7201})
    with pytest.raises(errors.ClientError) as caught:
        genai_client.caches.get(name=cache.name)
    assert caught.value.code == 404
    with pytest.raises(errors.ClientError) as caught:
        genai_client.caches.create(
            model="gemini-2.0-flash", config=types.CreateCachedContentConfig(contents=["tiny"])
        )
    assert "Cached content is too small" in caught.value.message
    second = genai_client.caches.create(
        model="gemini-2.0-flash", config=types.CreateCachedContentConfig(contents=[handbook])
    )
    genai_client.caches.delete(name=second.name)
    assert list(genai_client.caches.list()) == []
