"""Request validation from each provider's published request schema, through the official SDKs:
an unknown field, a value of the wrong type and one out of range each get the provider's own 400
envelope and wording, and the beta headers switch on exactly their beta's fields. Gemini's fields
are read by either of their names."""

from __future__ import annotations

import anthropic
import openai
import pytest
from google.genai import errors, types

from darkfactory.twins.gemini.api import field

USER = [{"role": "user", "content": "hi"}]
CLAUDE = "claude-sonnet-4-6"


def openai_error(call, **body) -> dict:
    with pytest.raises(openai.BadRequestError) as caught:
        call(extra_body=body)
    assert caught.value.status_code == 400
    return caught.value.response.json()


def test_chat_completions_refuses_unknown_wrong_and_out_of_range_fields(openai_client):
    def create(**kw):
        return openai_client.chat.completions.create(model="gpt-4.1", messages=USER, **kw)

    assert openai_error(create, top_k=5) == {
        "error": {
            "message": "Unrecognized request argument supplied: top_k",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    }
    assert openai_error(create, temperature="hot") == {
        "error": {
            "message": "Invalid type for 'temperature': expected a decimal, but got a string"
            " instead.",
            "type": "invalid_request_error",
            "param": "temperature",
            "code": "invalid_type",
        }
    }
    assert openai_error(create, temperature=3) == {
        "error": {
            "message": "Invalid 'temperature': decimal above maximum value. Expected a value <= 2,"
            " but got 3 instead.",
            "type": "invalid_request_error",
            "param": "temperature",
            "code": "decimal_above_max_value",
        }
    }
    assert openai_error(create, top_logprobs=-1)["error"]["code"] == "integer_below_min_value"
    assert create(temperature=0.5, top_p=1, seed=7).choices[0].message.content == "hi"


def test_responses_refuses_unknown_wrong_and_out_of_range_fields(openai_client):
    def create(**kw):
        return openai_client.responses.create(model="gpt-4.1", input="hi", **kw)

    moved = openai_error(create, response_format={"type": "json_object"})["error"]
    assert moved["code"] == "unsupported_parameter" and moved["param"] == "response_format"
    assert "has moved to 'text.format'" in moved["message"]
    assert openai_error(create, top_k=3)["error"] == {
        "message": "Unknown parameter: 'top_k'.",
        "type": "invalid_request_error",
        "param": "top_k",
        "code": "unknown_parameter",
    }
    assert openai_error(create, store="yes")["error"]["message"] == (
        "Invalid type for 'store': expected a boolean, but got a string instead."
    )
    assert openai_error(create, max_output_tokens=5)["error"] == {
        "message": "Invalid 'max_output_tokens': integer below minimum value. Expected a value"
        " >= 16, but got 5 instead.",
        "type": "invalid_request_error",
        "param": "max_output_tokens",
        "code": "integer_below_min_value",
    }
    assert create(max_output_tokens=16, temperature=1).output_text == "hi"


def anthropic_error(client, **body) -> dict:
    with pytest.raises(anthropic.BadRequestError) as caught:
        client.messages.create(model=CLAUDE, max_tokens=10, messages=USER, extra_body=body)
    body = caught.value.response.json()
    assert body["type"] == "error" and body["request_id"].startswith("req_")
    assert body["error"]["type"] == "invalid_request_error"
    return body["error"]


def test_anthropic_refuses_unknown_wrong_and_out_of_range_fields(anthropic_client):
    client = anthropic_client
    assert anthropic_error(client, top_q=1)["message"] == "top_q: Extra inputs are not permitted"
    assert anthropic_error(client, top_k="many")["message"] == (
        "top_k: Input should be a valid integer"
    )
    assert anthropic_error(client, top_p=1.5)["message"] == (
        "top_p: Input should be less than or equal to 1"
    )
    assert anthropic_error(client, top_k=-1)["message"] == (
        "top_k: Input should be greater than or equal to 0"
    )
    named = [{"role": "user", "content": "hi", "name": "ada"}]
    with pytest.raises(anthropic.BadRequestError) as caught:
        client.messages.create(model=CLAUDE, max_tokens=10, messages=named)
    assert caught.value.body["error"]["message"] == (
        "messages.0.name: Extra inputs are not permitted"
    )
    answer = client.messages.create(
        model=CLAUDE,
        max_tokens=10,
        messages=USER,
        extra_body={"temperature": 0.2, "top_k": 5, "top_p": 0.9},
    )
    assert answer.content[0].text == "hi"


def test_anthropic_beta_fields_need_their_beta(anthropic_client):
    edits = {"edits": [{"type": "clear_tool_uses_20250919"}]}
    assert anthropic_error(anthropic_client, context_management=edits)["message"] == (
        "context_management: Extra inputs are not permitted"
    )
    answer = anthropic_client.beta.messages.create(
        model=CLAUDE,
        max_tokens=10,
        messages=USER,
        betas=["context-management-2025-06-27"],
        extra_body={"context_management": edits},
    )
    assert answer.content[0].text == "hi"
    with pytest.raises(anthropic.BadRequestError) as caught:
        anthropic_client.beta.messages.create(
            model=CLAUDE,
            max_tokens=10,
            messages=USER,
            betas=["context-management-2025-06-27"],
            extra_body={"output_format": {"type": "json_schema", "schema": {}}},
        )
    assert caught.value.body["error"]["message"] == (
        "output_format: Extra inputs are not permitted"
    )


def gemini_error(client, config: dict) -> dict:
    with pytest.raises(errors.ClientError) as caught:
        client.models.generate_content(
            model="gemini-2.5-flash",
            contents="hi",
            config=types.GenerateContentConfig(http_options={"extra_body": config}),
        )
    assert caught.value.code == 400 and caught.value.status == "INVALID_ARGUMENT"
    return caught.value.details["error"]


def test_gemini_refuses_unknown_names_and_wrong_values(genai_client):
    unknown = gemini_error(genai_client, {"generationConfig": {"max_tokens": 5}})
    message = (
        "Invalid JSON payload received. Unknown name \"max_tokens\" at 'generation_config':"
        " Cannot find field."
    )
    assert unknown == {
        "code": 400,
        "message": message,
        "status": "INVALID_ARGUMENT",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "generation_config", "description": message}],
            }
        ],
    }
    top = gemini_error(genai_client, {"max_tokens": 5})
    assert top["message"] == (
        'Invalid JSON payload received. Unknown name "max_tokens": Cannot find field.'
    )
    assert top["details"][0]["fieldViolations"] == [{"description": top["message"]}]
    deep = gemini_error(genai_client, {"generationConfig": {"thinkingConfig": {"budget": 5}}})
    assert "at 'generation_config.thinking_config'" in deep["message"]
    wrong = gemini_error(genai_client, {"generationConfig": {"temperature": "hot"}})
    assert wrong["message"] == (
        "Invalid JSON payload received. Invalid value at 'generation_config.temperature'"
        ' (TYPE_FLOAT), "hot"'
    )
    answer = genai_client.models.generate_content(
        model="gemini-2.5-flash",
        contents="hi",
        config=types.GenerateContentConfig(
            temperature=0.3,
            top_k=4,
            seed=1,
            thinking_config=types.ThinkingConfig(thinking_budget=0),
        ),
    )
    assert answer.text == "hi"


def test_a_gemini_field_is_read_by_either_name_and_an_empty_or_missing_object_has_none():
    assert field({"maxOutputTokens": 5}, "maxOutputTokens") == 5
    assert field({"max_output_tokens": 6}, "maxOutputTokens") == 6
    assert field({"maxOutputTokens": 7, "max_output_tokens": 8}, "maxOutputTokens") == 7
    assert field({"maxOutputTokens": None}, "maxOutputTokens", 3) is None
    assert field({"topK": 1}, "maxOutputTokens", 3) == 3
    for nothing in ({}, [], None, "maxOutputTokens", 0):
        assert field(nothing, "maxOutputTokens", 3) == 3
