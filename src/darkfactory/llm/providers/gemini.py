"""Gemini adapter over the Gemini API (``models/{model}:generateContent`` and
``:streamGenerateContent?alt=sse``), authenticated with the ``x-goog-api-key`` header.

Gemini gives function calls no ids: the adapter makes ``call_<uuid>`` ones and, when results go
back, finds each call's function name in the conversation itself (no state between requests).
``thoughtSignature`` on a function call (or thought) is kept and echoed back with it.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from darkfactory.llm.providers.base import HTTPAdapter, HTTPCall, StreamTranslator
from darkfactory.llm.providers.media import resolve
from darkfactory.llm.providers.translate import INSTRUCTION_ROLES, arguments_dict, instructions
from darkfactory.llm.sse import SSE
from darkfactory.llm.types import (
    ContentKind,
    ContentPart,
    FinishReason,
    ImageData,
    Message,
    Request,
    Response,
    Role,
    StreamEventType,
    ThinkingData,
    ToolCall,
    ToolCallData,
    Usage,
)

E = StreamEventType
FINISH_REASONS = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    "SAFETY": "content_filter",
    "RECITATION": "content_filter",
    "BLOCKLIST": "content_filter",
    "PROHIBITED_CONTENT": "content_filter",
    "SPII": "content_filter",
    "IMAGE_SAFETY": "content_filter",
    "MALFORMED_FUNCTION_CALL": "error",
}
TOOL_MODES = {"auto": "AUTO", "none": "NONE", "required": "ANY", "named": "ANY"}


def synthetic_id() -> str:
    return f"call_{uuid.uuid4().hex}"


def candidate_parts(body: dict[str, Any]) -> list[dict[str, Any]]:
    candidates = body.get("candidates") or [{}]
    return (candidates[0].get("content") or {}).get("parts") or []


def finish_reason(body: dict[str, Any], has_calls: bool) -> FinishReason:
    candidates = body.get("candidates") or []
    raw = candidates[0].get("finishReason") if candidates else None
    if not candidates and (body.get("promptFeedback") or {}).get("blockReason"):
        return FinishReason("content_filter", body["promptFeedback"]["blockReason"])
    if has_calls:
        return FinishReason("tool_calls", raw)
    return FinishReason(FINISH_REASONS.get(raw or "STOP", "other"), raw)


def usage(raw: dict[str, Any] | None) -> Usage:
    """``output_tokens`` counts thoughts too, as OpenAI's and Anthropic's do."""
    raw = raw or {}
    inp = raw.get("promptTokenCount", 0)
    thoughts = raw.get("thoughtsTokenCount")
    out = raw.get("candidatesTokenCount", 0) + (thoughts or 0)
    return Usage(
        input_tokens=inp,
        output_tokens=out,
        total_tokens=inp + out,
        reasoning_tokens=thoughts,
        cache_read_tokens=raw.get("cachedContentTokenCount"),
        raw=raw or None,
    )


def content_part(part: dict[str, Any]) -> ContentPart | None:
    signature = part.get("thoughtSignature")
    if "functionCall" in part:
        call = part["functionCall"]
        data = ToolCallData(
            synthetic_id(), call.get("name", ""), call.get("args") or {}, signature=signature
        )
        return ContentPart(ContentKind.TOOL_CALL, tool_call=data)
    if part.get("thought"):
        return ContentPart(
            ContentKind.THINKING, thinking=ThinkingData(part.get("text", ""), signature)
        )
    if "text" in part:
        return ContentPart.of_text(part["text"])
    if "inlineData" in part:
        inline = part["inlineData"]
        image = ImageData(
            data=base64.b64decode(inline.get("data", "")), media_type=inline.get("mimeType")
        )
        return ContentPart.of_image(image)
    return None


class GenerateContentStream(StreamTranslator):
    """``alt=sse`` records, each a whole GenerateContentResponse; no explicit end event."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.started = False
        self.open: str | None = None  # "text" or "thought"
        self.segment_id = ""
        self.segments = 0
        self.last: dict[str, Any] = {}
        self.usage: dict[str, Any] | None = None
        self.has_calls = False
        self.thought_signature: str | None = None

    def handle(self, sse: SSE) -> None:
        data = sse.data or {}
        if "error" in data:
            self.fail_with(data)
            return
        if not self.started:
            self.started = True
            self.acc.id = data.get("responseId", "")
            self.acc.model = data.get("modelVersion", "")
            self.start(raw=data)
        for part in candidate_parts(data):
            self.part(part, data)
        self.usage = data.get("usageMetadata") or self.usage
        self.last = data

    def part(self, part: dict[str, Any], raw: dict[str, Any]) -> None:
        parsed = content_part(part)
        if parsed is None:
            self.emit(E.PROVIDER_EVENT, raw=raw)
        elif parsed.kind == ContentKind.TOOL_CALL:
            self.close_segment()
            self.has_calls = True
            call = ToolCall.from_data(parsed.tool_call)
            self.emit(E.TOOL_CALL_START, tool_call=ToolCall(call.id, call.name), raw=raw)
            self.emit(E.TOOL_CALL_END, tool_call=call, raw=raw)
        elif parsed.kind == ContentKind.THINKING:
            self.segment("thought", E.REASONING_START)
            self.thought_signature = parsed.thinking.signature or self.thought_signature
            self.emit(
                E.REASONING_DELTA,
                reasoning_delta=parsed.thinking.text,
                text_id=self.segment_id,
                raw=raw,
            )
        elif parsed.kind == ContentKind.TEXT:
            self.segment("text", E.TEXT_START)
            self.emit(E.TEXT_DELTA, delta=parsed.text, text_id=self.segment_id, raw=raw)

    def segment(self, name: str, start: StreamEventType) -> None:
        """Open a text or thought segment (a new id each time one opens)."""
        if self.open != name:
            self.close_segment()
            self.open, self.segment_id = name, f"{name}-{self.segments}"
            self.segments += 1
            self.emit(start, text_id=self.segment_id)

    def close_segment(self) -> None:
        if self.open == "text":
            self.emit(E.TEXT_END, text_id=self.segment_id)
        elif self.open == "thought":
            text = next(
                (
                    p.thinking.text
                    for p in reversed(self.acc.parts)
                    if p.kind == ContentKind.THINKING
                ),
                "",
            )
            thinking = ThinkingData(text, self.thought_signature)
            self.thought_signature = None
            self.emit(E.REASONING_END, text_id=self.segment_id, thinking=thinking)
        self.open = None

    def end(self) -> None:
        if self.done:
            return
        if not self.last.get("candidates") and not self.last.get("promptFeedback"):
            super().end()
            return
        self.close_segment()
        self.finish(finish_reason(self.last, self.has_calls), usage(self.usage), self.last)


class GeminiAdapter(HTTPAdapter):
    name = "gemini"
    default_base_url = "https://generativelanguage.googleapis.com"
    translator_class = GenerateContentStream
    api_version = "v1beta"

    def auth_headers(self) -> dict[str, str]:
        return {"x-goog-api-key": self.api_key}

    def body_retry_after(self, body: Any) -> float | None:
        """Gemini's 429 says when to retry in a ``google.rpc.RetryInfo`` detail ("7s")."""
        details = (body.get("error") or {}).get("details") if isinstance(body, dict) else None
        for detail in details or []:
            if str(detail.get("@type", "")).endswith("RetryInfo"):
                try:
                    return float(str(detail.get("retryDelay", "")).rstrip("s"))
                except ValueError:
                    return None
        return None

    # -- request ------------------------------------------------------------------------------
    def build(self, request: Request, stream: bool) -> HTTPCall:
        body: dict[str, Any] = {"contents": self.contents(request.messages)}
        if (text := instructions(request.messages)) is not None:
            body["systemInstruction"] = {"parts": [{"text": text}]}
        if request.tools:
            body["tools"] = [
                {
                    "functionDeclarations": [
                        {"name": t.name, "description": t.description, "parameters": t.parameters}
                        for t in request.tools
                    ]
                }
            ]
        if request.tool_choice and request.tools:
            config: dict[str, Any] = {"mode": TOOL_MODES[request.tool_choice.mode]}
            if request.tool_choice.mode == "named":
                config["allowedFunctionNames"] = [request.tool_choice.tool_name]
            body["toolConfig"] = {"functionCallingConfig": config}
        generation = self.generation_config(request)
        options = request.options_for(self.name)
        generation.update(options.pop("generationConfig", {}))
        if generation:
            body["generationConfig"] = generation
        body.update(options)
        method = "streamGenerateContent" if stream else "generateContent"
        path = f"/{self.api_version}/models/{request.model}:{method}"
        return HTTPCall(path, body, params={"alt": "sse"} if stream else {})

    @staticmethod
    def generation_config(request: Request) -> dict[str, Any]:
        config = {
            "temperature": request.temperature,
            "topP": request.top_p,
            "maxOutputTokens": request.max_tokens,
            "stopSequences": request.stop_sequences,
        }
        config = {k: v for k, v in config.items() if v is not None}
        fmt = request.response_format
        if fmt is not None and fmt.type != "text":
            config["responseMimeType"] = "application/json"
            if fmt.json_schema is not None:
                config["responseJsonSchema"] = fmt.json_schema
        if request.reasoning_effort:
            config["thinkingConfig"] = {"thinkingLevel": request.reasoning_effort}
        return config

    def contents(self, messages: list[Message]) -> list[dict[str, Any]]:
        names = {
            p.tool_call.id: p.tool_call.name
            for m in messages
            for p in m.content
            if p.kind == ContentKind.TOOL_CALL and p.tool_call
        }
        out: list[dict[str, Any]] = []
        for message in messages:
            if message.role in INSTRUCTION_ROLES:
                continue
            role = "model" if message.role == Role.ASSISTANT else "user"
            parts = [q for p in message.content if (q := self.part(p, names)) is not None]
            if not parts:
                continue
            if out and out[-1]["role"] == role:
                out[-1]["parts"].extend(parts)
            else:
                out.append({"role": role, "parts": parts})
        return out

    def part(self, part: ContentPart, names: dict[str, str]) -> dict[str, Any] | None:
        kind = part.kind
        if kind == ContentKind.TEXT:
            return {"text": part.text or ""}
        media = part.image or part.audio or part.document
        if kind in (ContentKind.IMAGE, ContentKind.AUDIO, ContentKind.DOCUMENT) and media:
            resolved = resolve(
                media.url,
                media.data,
                media.media_type,
                {"image": "image/png", "audio": "audio/wav"}.get(str(kind), "application/pdf"),
            )
            if resolved.url:
                return {"fileData": {"mimeType": resolved.media_type, "fileUri": resolved.url}}
            return {"inlineData": {"mimeType": resolved.media_type, "data": resolved.data}}
        if kind == ContentKind.TOOL_CALL and part.tool_call:
            call = part.tool_call
            out: dict[str, Any] = {
                "functionCall": {"name": call.name, "args": arguments_dict(call)}
            }
            return out | ({"thoughtSignature": call.signature} if call.signature else {})
        if kind == ContentKind.TOOL_RESULT and part.tool_result:
            result = part.tool_result
            name = names.get(result.tool_call_id, result.tool_call_id)
            content = result.content
            response = (
                {"error": content}
                if result.is_error
                else (content if isinstance(content, dict) else {"result": content})
            )
            return {"functionResponse": {"name": name, "response": response}}
        if kind == ContentKind.THINKING and part.thinking and part.thinking.signature:
            return {
                "text": part.thinking.text,
                "thought": True,
                "thoughtSignature": part.thinking.signature,
            }
        return None

    # -- response -----------------------------------------------------------------------------
    def parse(self, body: dict[str, Any], request: Request) -> Response:
        parts = [p for raw in candidate_parts(body) if (p := content_part(raw)) is not None]
        has_calls = any(p.kind == ContentKind.TOOL_CALL for p in parts)
        return Response(
            id=body.get("responseId", ""),
            model=body.get("modelVersion", request.model),
            provider=self.name,
            message=Message(Role.ASSISTANT, parts),
            finish_reason=finish_reason(body, has_calls),
            usage=usage(body.get("usageMetadata")),
            raw=body,
        )
