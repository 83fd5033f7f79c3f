"""What the twins record of a request: images in every provider's form, headers, tool fields."""

from __future__ import annotations

import base64

import openai
import pytest
from google.genai import types

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 24).decode()


def images(exchange: dict) -> list[dict]:
    parts = exchange["prompt"]["messages"][0]["parts"]
    return [{k: p[k] for k in ("media_type", "url", "size")} for p in parts if p["type"] == "image"]


def test_openai_images_by_url_and_data(openai_client, llm_exchanges):
    content = [
        {"type": "input_text", "text": "what is this?"},
        {"type": "input_image", "image_url": "https://example.com/cat.png"},
        {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}"},
    ]
    response = openai_client.responses.create(
        model="echo", input=[{"role": "user", "content": content}]
    )
    assert response.output_text == "what is this?"
    assert images(llm_exchanges("openai")[-1]) == [
        {"media_type": "", "url": "https://example.com/cat.png", "size": 0},
        {"media_type": "image/png", "url": "", "size": len(PNG)},
    ]
    openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "and this?"},
                    {"type": "image_url", "image_url": {"url": f"data:image/jpeg;base64,{PNG}"}},
                ],
            }
        ],
    )
    assert images(llm_exchanges("openai")[-1])[0]["media_type"] == "image/jpeg"


def test_anthropic_images_and_beta_headers(anthropic_client, llm_exchanges):
    anthropic_client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=50,
        messages=[
            {
                "role": "user",
                "content": [
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                    },
                    {
                        "type": "image",
                        "source": {"type": "url", "url": "https://example.com/a.png"},
                    },
                    {"type": "text", "text": "describe"},
                ],
            }
        ],
        extra_headers={
            "anthropic-beta": "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14"
        },
    )
    recorded = llm_exchanges("anthropic")[-1]
    assert images(recorded) == [
        {"media_type": "image/png", "url": "", "size": len(PNG)},
        {"media_type": "", "url": "https://example.com/a.png", "size": 0},
    ]
    assert recorded["headers"]["anthropic-beta"].startswith("prompt-caching-2024-07-31")
    assert recorded["headers"]["anthropic-version"]
    key = recorded["headers"].get("x-api-key") or recorded["headers"]["authorization"]
    assert key.endswith("…") and len(key) <= 13


def test_gemini_inline_and_file_data(genai_client, llm_exchanges):
    genai_client.models.generate_content(
        model="gemini-2.0-flash",
        contents=[
            types.Part.from_bytes(data=b"\x89PNG", mime_type="image/png"),
            types.Part.from_uri(file_uri="gs://bucket/cat.jpg", mime_type="image/jpeg"),
            "what are these?",
        ],
    )
    recorded = llm_exchanges("gemini")[-1]
    assert [i["media_type"] for i in images(recorded)] == ["image/png", "image/jpeg"]
    assert images(recorded)[1]["url"] == "gs://bucket/cat.jpg"
    assert recorded["reply"]["text"] == "what are these?"


def test_openai_function_call_items_need_call_id(openai_client):
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(
            model="echo",
            input=[
                {"role": "user", "content": "x"},
                {"type": "function_call", "id": "fc_1", "name": "f", "arguments": "{}"},
            ],
        )
    assert caught.value.param == "input[1].call_id"
    assert caught.value.code == "missing_required_parameter"
