"""§8.3 Message and content model: text, images, audio/documents, tool calls, thinking."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from tests.llm.expect import sent_result

from darkfactory.llm import (
    AnthropicAdapter,
    AudioData,
    ContentKind,
    ContentPart,
    DocumentData,
    ImageData,
    InvalidRequestError,
    Message,
    Request,
    Role,
    ThinkingData,
    Tool,
    ToolCallData,
    generate,
    stream,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PNG_B64 = base64.b64encode(PNG).decode()
URL = "https://example.com/photo.jpg"


def user_parts(provider: str, body: dict) -> list[dict]:
    """The parts of the first user message, in each provider's own shape."""
    if provider == "openai":
        return body["input"][0]["content"]
    if provider == "anthropic":
        return body["messages"][0]["content"]
    return body["contents"][0]["parts"]


def image_url_wire(provider: str, url: str) -> dict:
    return {
        "openai": {"type": "input_image", "image_url": url},
        "anthropic": {"type": "image", "source": {"type": "url", "url": url}},
        "gemini": {"fileData": {"mimeType": "image/jpeg", "fileUri": url}},
    }[provider]


def image_data_wire(provider: str) -> dict:
    return {
        "openai": {"type": "input_image", "image_url": f"data:image/png;base64,{PNG_B64}"},
        "anthropic": {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/png", "data": PNG_B64},
        },
        "gemini": {"inlineData": {"mimeType": "image/png", "data": PNG_B64}},
    }[provider]


def with_parts(*parts: ContentPart) -> Request:
    return Request(model="echo", messages=[Message(Role.USER, list(parts))])


def strip_cache(part: dict) -> dict:
    return {k: v for k, v in part.items() if k != "cache_control"}


def test_dod_8_3_1_text_only_messages(client, provider, llm_exchanges):
    response = client.complete(
        Request(
            model="echo",
            messages=[Message.user("first"), Message.assistant("noted"), Message.user("second")],
        )
    )
    assert response.text == "second"
    prompt = llm_exchanges(provider)[-1]["prompt"]
    assert [m["role"] for m in prompt["messages"]] == ["user", "assistant", "user"]


def test_dod_8_3_2_image_input_url_base64_and_file(client, provider, last_request, tmp_path):
    path = tmp_path / "dot.png"
    path.write_bytes(PNG)
    for image, expected in [
        (ImageData(url=URL), image_url_wire(provider, URL)),
        (ImageData(data=PNG, media_type="image/png"), image_data_wire(provider)),
        (ImageData(url=str(path)), image_data_wire(provider)),
    ]:
        response = client.complete(
            with_parts(ContentPart.of_text("What is this?"), ContentPart.of_image(image))
        )
        assert response.text == "What is this?"
        assert strip_cache(user_parts(provider, last_request(provider))[1]) == expected


def test_dod_8_3_2_image_detail_hint_reaches_openai(client_for, last_request):
    client_for("openai").complete(
        with_parts(ContentPart.of_image(ImageData(url=URL, detail="low")))
    )
    assert user_parts("openai", last_request("openai"))[0]["detail"] == "low"


def test_dod_8_3_3_documents_sent_audio_rejected_where_unsupported(client, provider, llm_exchanges):
    pdf = DocumentData(data=b"%PDF-1.4 tiny", media_type="application/pdf", file_name="a.pdf")
    client.complete(
        with_parts(
            ContentPart.of_text("Summarise"), ContentPart(ContentKind.DOCUMENT, document=pdf)
        )
    )
    sent = user_parts(provider, llm_exchanges(provider)[-1]["request"])[1]
    encoded = base64.b64encode(b"%PDF-1.4 tiny").decode()
    assert encoded in json.dumps(sent)

    audio = ContentPart(ContentKind.AUDIO, audio=AudioData(data=b"RIFF", media_type="audio/wav"))
    before = len(llm_exchanges(provider))
    if provider == "gemini":
        client.complete(with_parts(ContentPart.of_text("Listen"), audio))
        sent = user_parts(provider, llm_exchanges(provider)[-1]["request"])[1]
        assert sent == {
            "inlineData": {"mimeType": "audio/wav", "data": base64.b64encode(b"RIFF").decode()}
        }
    else:
        with pytest.raises(InvalidRequestError, match="audio"):
            client.complete(with_parts(ContentPart.of_text("Listen"), audio))
        assert len(llm_exchanges(provider)) == before


def test_dod_8_3_4_tool_call_round_trip(client, provider, llm_script, llm_exchanges):
    llm_script(
        model="round-trip",
        turns=[
            {"reply": {"tool_calls": [{"name": "lookup", "arguments": {"q": "tides"}}]}},
            {"when": {"has_tool_results": True}, "reply": {"text": "High tide at noon."}},
        ],
    )
    lookup = Tool(
        "lookup",
        "Look something up",
        {"type": "object", "properties": {"q": {"type": "string"}}},
        execute=lambda q: f"{q}: high at 12:00",
    )
    result = generate("round-trip", "When is high tide?", tools=[lookup], client=client)
    assert result.text == "High tide at noon."
    first_call = result.steps[0].tool_calls[0]
    assert first_call.name == "lookup" and first_call.arguments == {"q": "tides"}
    second = llm_exchanges(provider, "round-trip")[-1]["prompt"]["messages"]
    call_part = second[1]["parts"][-1]
    result_part = second[2]["parts"][0]
    assert call_part["type"] == "tool_call" and call_part["arguments"] == {"q": "tides"}
    assert result_part["type"] == "tool_result" and result_part["name"] == "lookup"
    assert result_part["content"] == sent_result(provider, "tides: high at 12:00")
    if provider != "gemini":  # Gemini pairs calls and results by name, not id
        assert call_part["id"] == result_part["call_id"] == first_call.id


THINKING = {"anthropic": {"anthropic": {"thinking": {"type": "enabled", "budget_tokens": 1024}}}}


def test_dod_8_3_5_thinking_blocks_round_trip_with_signature(client_for, llm_script, llm_exchanges):
    client = client_for("anthropic")
    llm_script(
        model="thinker",
        repeat_last=True,
        turns=[{"reply": {"thinking": "Six times seven is forty-two.", "text": "42"}}],
    )
    first = client.complete(
        Request(
            model="thinker", messages=[Message.user("6*7?")], provider_options=THINKING["anthropic"]
        )
    )
    thinking = [p for p in first.message.content if p.kind == ContentKind.THINKING]
    assert thinking[0].thinking.text == "Six times seven is forty-two."
    assert thinking[0].thinking.signature
    follow_up = [Message.user("6*7?"), first.message, Message.user("And 6*8?")]
    client.complete(
        Request(model="thinker", messages=follow_up, provider_options=THINKING["anthropic"])
    )
    sent = llm_exchanges("anthropic", "thinker")[-1]["request"]["messages"][1]["content"][0]
    assert sent == {
        "type": "thinking",
        "thinking": "Six times seven is forty-two.",
        "signature": thinking[0].thinking.signature,
    }


def test_dod_8_3_5_tampered_signature_is_refused(client_for, llm_script):
    client = client_for("anthropic")
    llm_script(
        model="thinker", repeat_last=True, turns=[{"reply": {"thinking": "Hmm.", "text": "ok"}}]
    )
    forged = Message(
        Role.ASSISTANT,
        [
            ContentPart(ContentKind.THINKING, thinking=ThinkingData("Hmm.", "forged-signature")),
            ContentPart.of_text("ok"),
        ],
    )
    with pytest.raises(InvalidRequestError):
        client.complete(
            Request(
                model="thinker",
                messages=[Message.user("a"), forged, Message.user("b")],
                provider_options=THINKING["anthropic"],
            )
        )


def test_dod_8_3_6_redacted_thinking_passed_verbatim(client_for, last_request):
    redacted = ContentPart(
        ContentKind.REDACTED_THINKING,
        thinking=ThinkingData("EmwKAhgBEgy3va3pzix/LafPsn4a", redacted=True),
    )
    client_for("anthropic").complete(
        Request(
            model="echo",
            messages=[
                Message.user("a"),
                Message(Role.ASSISTANT, [redacted, ContentPart.of_text("b")]),
                Message.user("c"),
            ],
        )
    )
    block = last_request("anthropic")["messages"][1]["content"][0]
    assert block == {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4a"}


def test_dod_8_3_6_redacted_thinking_received_as_opaque_part():
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": "claude-opus-4-6",
                "content": [
                    {"type": "redacted_thinking", "data": "opaque=="},
                    {"type": "text", "text": "done"},
                ],
                "stop_reason": "end_turn",
                "usage": {"input_tokens": 3, "output_tokens": 1},
            },
        )

    adapter = AnthropicAdapter("k", transport=httpx.MockTransport(answer))
    response = adapter.complete(Request(model="claude-opus-4-6", messages=[Message.user("x")]))
    part = response.message.content[0]
    assert part.kind == ContentKind.REDACTED_THINKING
    assert part.thinking.redacted and part.thinking.text == "opaque=="


def test_dod_8_3_7_multimodal_message(client, provider, last_request):
    client.complete(
        with_parts(
            ContentPart.of_text("Compare"),
            ContentPart.of_image(ImageData(url=URL)),
            ContentPart.of_image(ImageData(data=PNG)),
            ContentPart.of_text("Which is bigger?"),
        )
    )
    parts = [strip_cache(p) for p in user_parts(provider, last_request(provider))]
    assert parts[1:3] == [image_url_wire(provider, URL), image_data_wire(provider)]
    assert len(parts) == 4 and "Which is bigger?" in json.dumps(parts[3])


@pytest.mark.parametrize("streamed", [False, True])
def test_dod_8_3_4_gemini_thought_signature_echoed_with_function_calls(
    client_for, llm_script, last_request, streamed
):
    client = client_for("gemini")
    model = "gemini-3-flash-preview"  # Gemini 3 refuses function calls without signatures
    llm_script(
        model=model,
        providers=("gemini",),
        turns=[
            {"reply": {"tool_calls": [{"name": "lookup", "arguments": {"q": "tides"}}]}},
            {"when": {"has_tool_results": True}, "reply": {"text": "Noon."}},
        ],
    )
    lookup = Tool(
        "lookup",
        "Look something up",
        {"type": "object", "properties": {"q": {"type": "string"}}},
        execute=lambda q: "high at 12:00",
    )
    if streamed:
        result = stream(model, "Tides?", tools=[lookup], client=client).result()
    else:
        result = generate(model, "Tides?", tools=[lookup], client=client)
    assert result.text == "Noon."
    signature = result.steps[0].tool_calls[0].signature
    assert signature
    model_turn = last_request("gemini")["contents"][1]["parts"][0]
    assert model_turn["thoughtSignature"] == signature
    assert model_turn["functionCall"] == {"name": "lookup", "args": {"q": "tides"}}


def test_dod_8_3_4_gemini_refuses_unsigned_function_calls(client_for):
    unsigned = Message(
        Role.ASSISTANT,
        [
            ContentPart(
                ContentKind.TOOL_CALL, tool_call=ToolCallData("call_1", "lookup", {"q": "x"})
            )
        ],
    )
    with pytest.raises(InvalidRequestError, match="thought_signature"):
        client_for("gemini").complete(
            Request(
                model="gemini-3-flash-preview",
                messages=[Message.user("Tides?"), unsigned, Message.tool_result("call_1", "noon")],
            )
        )
