"""generateContent, streamGenerateContent (events with ``alt=sse``, else one JSON array sent
element by element) and countTokens on ``/v1beta/models/{model}:<method>``: contents and parts,
function calling with ``thoughtSignature``, ``responseMimeType`` + ``responseSchema``, thinking,
``usageMetadata``."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.gemini import caches
from darkfactory.twins.gemini.api import (
    authorize,
    check_fields,
    error_body,
    field,
    invalid,
    wrong_value,
)
from darkfactory.twins.gemini.contents import object_at, objects_at, read_conversation
from darkfactory.twins.gemini.models import thinks
from darkfactory.twins.kit import TwinError, operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.responses import JSONResponse
from darkfactory.twins.llm.prompt import Prompt, Reply, compact
from darkfactory.twins.llm.tokens import input_tokens
from darkfactory.twins.llm.wire import Delta, compact_json, expect, sse, text_chunks

STREAM = "models.streamGenerateContent"
JSON_STREAM = "application/json; charset=UTF-8"
FINISH = {"stop": "STOP", "length": "MAX_TOKENS", "tool_calls": "STOP"}


# -- request -> prompt ---------------------------------------------------------------------------
def parse(call: Call) -> Prompt:
    """The Prompt of a generateContent or streamGenerateContent request."""
    authorize(call)
    body = call.json
    if not isinstance(body, dict):
        raise invalid("Invalid JSON payload received. Expected an object.")
    check_fields(body)
    model = call.path_params["model"]
    config = object_at(field(body, "generationConfig"), "generation_config")
    prompt = Prompt(provider="gemini", model=model, stream=call.operation == STREAM)
    if not objects_at(body.get("contents"), "contents"):
        raise invalid("* GenerateContentRequest.contents: contents is not specified\n")
    body, prompt.cached_tokens = caches.apply(call, body, model)
    read_conversation(call, body, model, prompt)
    _output(prompt, config)
    limit = expect(field(config, "maxOutputTokens"), int, "max_output_tokens", wrong_value)
    prompt.max_tokens = limit if limit and limit > 0 else None
    stops = expect(field(config, "stopSequences"), list, "stop_sequences", wrong_value, [])
    prompt.stop_sequences = [expect(s, str, "stop_sequences", wrong_value) for s in stops]
    if field(config, "candidateCount", 1) != 1:
        raise invalid("Only one candidate can be specified in the current model")
    thinking = object_at(field(config, "thinkingConfig"), "generation_config.thinking_config")
    prompt.reasoning = thinks(model, thinking)
    return prompt


def _output(prompt: Prompt, config: dict) -> None:
    mime = field(config, "responseMimeType", "text/plain")
    raw = field(config, "responseJsonSchema") or field(config, "responseSchema")
    schema = None if raw is None else object_at(raw, "generation_config.response_schema")
    if schema is not None and mime not in ("application/json", "text/x.enum"):
        raise invalid(
            "* GenerateContentRequest.generation_config.response_mime_type: response_mime_type"
            " must be one of ['application/json', 'text/x.enum'] when response_schema is set.\n"
        )
    if mime == "application/json":
        prompt.output_schema = schema
        prompt.json_mode = schema is None


# -- reply -> GenerateContentResponse ------------------------------------------------------------
def parts_of(call: Call, prompt: Prompt, reply: Reply) -> list[dict[str, Any]]:
    state = call.twin.state
    thinking = field(field(call.json, "generationConfig") or {}, "thinkingConfig") or {}
    show_thoughts = bool(field(thinking, "includeThoughts"))
    parts: list[dict[str, Any]] = []
    if reply.thinking and show_thoughts:
        parts.append({"text": reply.thinking, "thought": True})
    if reply.text or not reply.tool_calls:
        parts.append({"text": reply.text})
    for tool_call in reply.tool_calls:
        parts.append({"functionCall": {"name": tool_call.name, "args": tool_call.arguments}})
    if prompt.reasoning or reply.thinking:
        first = next((p for p in parts if "functionCall" in p), parts[-1])
        signed = compact(first["functionCall"]) if "functionCall" in first else first["text"]
        first["thoughtSignature"] = state.sign(signed)
    return parts


def usage_json(reply: Reply) -> dict[str, Any]:
    usage = reply.usage
    found: dict[str, Any] = {
        "promptTokenCount": usage.input_tokens,
        "candidatesTokenCount": usage.output_tokens,
        "totalTokenCount": usage.input_tokens + usage.output_tokens + usage.reasoning_tokens,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": usage.input_tokens}],
    }
    if usage.cache_read_tokens:
        found["cachedContentTokenCount"] = usage.cache_read_tokens
        found["cacheTokensDetails"] = [{"modality": "TEXT", "tokenCount": usage.cache_read_tokens}]
    if usage.reasoning_tokens:
        found["thoughtsTokenCount"] = usage.reasoning_tokens
    return found


def render(call: Call, prompt: Prompt, reply: Reply) -> Response:
    response_id = call.universe.ids.token("gemini.response", 22, _ID_ALPHABET)
    parts = parts_of(call, prompt, reply)

    def chunk(chunk_parts: list[dict], last: bool) -> dict[str, Any]:
        candidate: dict[str, Any] = {"content": {"parts": chunk_parts, "role": "model"}, "index": 0}
        if last:
            candidate["finishReason"] = FINISH[reply.finish]
        usage = (
            usage_json(reply)
            if last
            else {
                "promptTokenCount": reply.usage.input_tokens,
                "totalTokenCount": reply.usage.input_tokens,
            }
        )
        return {
            "candidates": [candidate],
            "usageMetadata": usage,
            "modelVersion": prompt.model,
            "responseId": response_id,
        }

    if not prompt.stream:
        return JSONResponse(chunk(parts, last=True))
    pieces = [piece for part in parts for piece in _split(part)]
    # The chunks before the last differ only in their one part: their JSON is written once
    # around it, and each part's JSON is set in its place.
    head, parts_key, tail = compact_json(chunk([], last=False)).partition('"parts":[')
    chunks = [head + parts_key + compact_json(piece) + tail for piece in pieces[:-1]]
    chunks.append(compact_json(chunk(pieces[-1:], last=True)))
    if call.query.get("alt") == "sse":
        records = [sse(c, delta=True) for c in chunks]
        return call.twin.stream(reply, records, _error_record)
    return call.twin.stream(reply, json_array(chunks), _error_element, JSON_STREAM)


def json_array(chunks: list[str]) -> list[bytes]:
    """A stream without ``alt=sse``: one JSON array whose elements (``chunks``, JSON text)
    arrive one by one."""
    frames: list[bytes] = [
        Delta((b"[" if i == 0 else b",\r\n") + c.encode()) for i, c in enumerate(chunks)
    ]
    return [*frames, b"]"]


def _error_record(error: TwinError, sent: int) -> list[bytes]:
    """How a stream of events fails midway: a record holding Google's error envelope."""
    return [sse(error_body(error))]


def _error_element(error: TwinError, sent: int) -> list[bytes]:
    """How a streamed array fails midway: its last element is Google's error envelope."""
    return [(b",\r\n" if sent else b"[") + compact_json(error_body(error)).encode() + b"]"]


_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _split(part: dict[str, Any]) -> list[dict[str, Any]]:
    """A text part streams word by word (its signature on the last piece); others whole."""
    if "text" not in part:
        return [part]
    words = text_chunks(part["text"])
    extra = {k: v for k, v in part.items() if k != "text"}
    signature = extra.pop("thoughtSignature", None)
    pieces = [{"text": word, **extra} for word in words]
    if signature:
        pieces[-1]["thoughtSignature"] = signature
    return pieces


# -- endpoints -----------------------------------------------------------------------------------
@operation("models.generateContent")
def generate_content(call: Call) -> Response:
    return call.twin.exchange(call, parse, render)


@operation(STREAM)
def stream_generate_content(call: Call) -> Response:
    return call.twin.exchange(call, parse, render)


@operation("models.countTokens")
def count_tokens(call: Call) -> dict:
    authorize(call)
    body = call.json if isinstance(call.json, dict) else {}
    inner = field(body, "generateContentRequest")
    if isinstance(inner, dict):
        call.json = inner
    elif isinstance(body.get("contents"), list):
        call.json = {"contents": body["contents"]}
    if not call.twin.state.knows(call.path_params["model"]):
        raise TwinError("model_not_found", 404, "", model=call.path_params["model"])
    total = input_tokens(call.twin.read(call, parse))
    return {
        "totalTokens": total,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": total}],
    }


def routes(version: str) -> list[Route]:
    base = f"/{version}/models/{{model}}"
    return [
        Route(f"{base}:generateContent", generate_content, methods=["POST"]),
        Route(f"{base}:streamGenerateContent", stream_generate_content, methods=["POST"]),
        Route(f"{base}:countTokens", count_tokens, methods=["POST"]),
    ]
