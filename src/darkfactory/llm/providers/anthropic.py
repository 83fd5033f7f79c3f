"""Anthropic adapter over the Messages API (``POST /v1/messages``): strict alternation, thinking
blocks with signatures, ``anthropic-beta`` headers and automatic ``cache_control`` breakpoints.

Structured output uses the native ``output_config.format`` JSON schema; with
``provider_options.anthropic.native_structured_output = false`` (models without it) the schema
goes into the system prompt instead.

Caching heuristic (``provider_options.anthropic.auto_cache``, on by default): one ephemeral
breakpoint on the last system block, one on the last tool definition, and one on the last
cacheable block of the final message, so the next turn reads everything before it from cache.
"""

from __future__ import annotations

from typing import Any

from darkfactory.llm.providers.base import HTTPAdapter, HTTPCall, StreamTranslator
from darkfactory.llm.providers.media import resolve
from darkfactory.llm.providers.translate import (
    INSTRUCTION_ROLES,
    arguments_dict,
    estimate_tokens,
    json_instruction,
    result_text,
    unsupported,
)
from darkfactory.llm.sse import SSE
from darkfactory.llm.types import (
    ContentKind,
    ContentPart,
    FinishReason,
    Message,
    Request,
    Response,
    Role,
    StreamEventType,
    ThinkingData,
    ToolCall,
    ToolCallData,
    Usage,
    Warning,
)

E = StreamEventType
API_VERSION = "2023-06-01"
CACHING_BETA = "prompt-caching-2024-07-31"
DEFAULT_MAX_TOKENS = 4096
EPHEMERAL = {"type": "ephemeral"}
CACHEABLE = ("text", "image", "document", "tool_use", "tool_result")
STOP_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
ADAPTER_OPTIONS = ("beta_headers", "auto_cache", "native_structured_output")


def finish_reason(raw: str | None) -> FinishReason:
    return FinishReason(STOP_REASONS.get(raw or "", "other"), raw)


def usage(raw: dict[str, Any], thinking_texts: list[str]) -> Usage:
    """Anthropic's ``input_tokens`` leaves out cached ones; ours counts the whole prompt."""
    read = raw.get("cache_read_input_tokens")
    written = raw.get("cache_creation_input_tokens")
    inp = raw.get("input_tokens", 0) + (read or 0) + (written or 0)
    out = raw.get("output_tokens", 0)
    reasoning = sum(estimate_tokens(t) for t in thinking_texts) if thinking_texts else None
    return Usage(
        input_tokens=inp,
        output_tokens=out,
        total_tokens=inp + out,
        reasoning_tokens=reasoning,
        cache_read_tokens=read,
        cache_write_tokens=written,
        raw=raw,
    )


def content_part(block: dict[str, Any]) -> ContentPart | None:
    kind = block.get("type")
    if kind == "text":
        return ContentPart.of_text(block.get("text", ""))
    if kind == "tool_use":
        call = ToolCallData(block["id"], block["name"], block.get("input") or {})
        return ContentPart(ContentKind.TOOL_CALL, tool_call=call)
    if kind == "thinking":
        thinking = ThinkingData(block.get("thinking", ""), block.get("signature"))
        return ContentPart(ContentKind.THINKING, thinking=thinking)
    if kind == "redacted_thinking":
        thinking = ThinkingData(block.get("data", ""), redacted=True)
        return ContentPart(ContentKind.REDACTED_THINKING, thinking=thinking)
    return None


class MessagesStream(StreamTranslator):
    """``message_start`` … ``content_block_*`` … ``message_delta`` … ``message_stop``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.blocks: dict[int, dict[str, Any]] = {}
        self.usage: dict[str, Any] = {}
        self.stop_reason: str | None = None
        self.thinking: list[str] = []

    def handle(self, sse: SSE) -> None:
        data = sse.data or {}
        kind = data.get("type") or sse.event
        index = data.get("index", 0)
        if kind == "message_start":
            message = data.get("message") or {}
            self.acc.id, self.acc.model = message.get("id", ""), message.get("model", "")
            self.usage.update(message.get("usage") or {})
            self.start(raw=data)
        elif kind == "content_block_start":
            self.block_start(index, dict(data.get("content_block") or {}), data)
        elif kind == "content_block_delta":
            self.block_delta(index, data.get("delta") or {}, data)
        elif kind == "content_block_stop":
            self.block_stop(index, data)
        elif kind == "message_delta":
            self.stop_reason = (data.get("delta") or {}).get("stop_reason") or self.stop_reason
            self.usage.update({k: v for k, v in (data.get("usage") or {}).items() if v is not None})
        elif kind == "message_stop":
            self.finish(finish_reason(self.stop_reason), usage(self.usage, self.thinking), data)
        elif kind == "error":
            self.fail_with(data)
        else:
            self.emit(E.PROVIDER_EVENT, raw=data)

    def block_start(self, index: int, block: dict[str, Any], raw: dict[str, Any]) -> None:
        self.blocks[index] = block
        key, kind = str(index), block.get("type")
        if kind == "text":
            self.emit(E.TEXT_START, text_id=key, raw=raw)
            if block.get("text"):
                self.emit(E.TEXT_DELTA, delta=block["text"], text_id=key)
        elif kind == "tool_use":
            block["partial_json"] = ""
            self.emit(E.TOOL_CALL_START, tool_call=ToolCall(block["id"], block["name"]), raw=raw)
        elif kind in ("thinking", "redacted_thinking"):
            block.setdefault("thinking", "")
            self.emit(E.REASONING_START, text_id=key, raw=raw)
        else:
            self.emit(E.PROVIDER_EVENT, raw=raw)

    def block_delta(self, index: int, delta: dict[str, Any], raw: dict[str, Any]) -> None:
        block, key, kind = self.blocks.get(index, {}), str(index), delta.get("type")
        if kind == "text_delta":
            self.emit(E.TEXT_DELTA, delta=delta.get("text", ""), text_id=key, raw=raw)
        elif kind == "input_json_delta":
            block["partial_json"] = block.get("partial_json", "") + delta.get("partial_json", "")
            call = ToolCall(
                block.get("id", ""),
                block.get("name", ""),
                raw_arguments=delta.get("partial_json", ""),
            )
            self.emit(E.TOOL_CALL_DELTA, tool_call=call, raw=raw)
        elif kind == "thinking_delta":
            block["thinking"] = block.get("thinking", "") + delta.get("thinking", "")
            self.emit(
                E.REASONING_DELTA, reasoning_delta=delta.get("thinking", ""), text_id=key, raw=raw
            )
        elif kind == "signature_delta":
            block["signature"] = block.get("signature", "") + delta.get("signature", "")
        else:
            self.emit(E.PROVIDER_EVENT, raw=raw)

    def block_stop(self, index: int, raw: dict[str, Any]) -> None:
        block, key = self.blocks.get(index, {}), str(index)
        kind = block.get("type")
        if kind == "text":
            self.emit(E.TEXT_END, text_id=key, raw=raw)
        elif kind == "tool_use":
            call = ToolCallData(block["id"], block["name"], block.get("partial_json") or "{}")
            self.emit(E.TOOL_CALL_END, tool_call=ToolCall.from_data(call), raw=raw)
        elif kind == "thinking":
            self.thinking.append(block["thinking"])
            thinking = ThinkingData(block["thinking"], block.get("signature"))
            self.emit(E.REASONING_END, text_id=key, thinking=thinking, raw=raw)
        elif kind == "redacted_thinking":
            thinking = ThinkingData(block.get("data", ""), redacted=True)
            self.emit(E.REASONING_END, text_id=key, thinking=thinking, raw=raw)


class AnthropicAdapter(HTTPAdapter):
    name = "anthropic"
    default_base_url = "https://api.anthropic.com"
    translator_class = MessagesStream

    def auth_headers(self) -> dict[str, str]:
        return {"x-api-key": self.api_key, "anthropic-version": API_VERSION}

    # -- request ------------------------------------------------------------------------------
    def build(self, request: Request, stream: bool) -> HTTPCall:
        options = request.options_for(self.name)
        body: dict[str, Any] = {"model": request.model, "messages": self.messages(request.messages)}
        system = [
            {"type": "text", "text": m.text}
            for m in request.messages
            if m.role in INSTRUCTION_ROLES and m.text
        ]
        fmt = request.response_format
        native = (
            fmt is not None
            and fmt.type == "json_schema"
            and options.get("native_structured_output", True)
        )
        if native:
            body["output_config"] = {"format": {"type": "json_schema", "schema": fmt.json_schema}}
        elif fmt is not None and fmt.type != "text":
            system.append({"type": "text", "text": json_instruction(fmt.json_schema)})
        if system:
            body["system"] = system
        choice = request.tool_choice
        if request.tools and not (choice and choice.mode == "none"):
            body["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": t.parameters}
                for t in request.tools
            ]
            if choice:
                body["tool_choice"] = {
                    "auto": {"type": "auto"},
                    "required": {"type": "any"},
                    "named": {"type": "tool", "name": choice.tool_name},
                }[choice.mode]
        thinking = options.get("thinking") or {}
        body["max_tokens"] = request.max_tokens or (
            DEFAULT_MAX_TOKENS + thinking.get("budget_tokens", 0)
        )
        optional = {
            "temperature": request.temperature,
            "top_p": request.top_p,
            "stop_sequences": request.stop_sequences,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        if request.metadata and "user_id" in request.metadata:
            body["metadata"] = {"user_id": request.metadata["user_id"]}
        warnings = []
        if request.reasoning_effort:
            warnings.append(
                Warning(
                    "anthropic takes thinking budgets through "
                    "provider_options.anthropic.thinking; reasoning_effort "
                    "ignored",
                    "unsupported_parameter",
                )
            )
        body.update({k: v for k, v in options.items() if k not in ADAPTER_OPTIONS})
        if stream:
            body["stream"] = True
        if options.get("auto_cache", True):
            add_cache_breakpoints(body)
        return HTTPCall("/v1/messages", body, self.beta_headers(options, body), warnings=warnings)

    @staticmethod
    def beta_headers(options: dict[str, Any], body: dict[str, Any]) -> dict[str, str]:
        betas = list(options.get("beta_headers") or [])
        if has_cache_control(body) and CACHING_BETA not in betas:
            betas.append(CACHING_BETA)
        return {"anthropic-beta": ",".join(betas)} if betas else {}

    def messages(self, messages: list[Message]) -> list[dict[str, Any]]:
        """User/assistant turns, consecutive same-role messages merged into one."""
        out: list[dict[str, Any]] = []
        for message in messages:
            if message.role in INSTRUCTION_ROLES:
                continue
            role = "assistant" if message.role == Role.ASSISTANT else "user"
            blocks = [b for p in message.content if (b := self.block(p)) is not None]
            if not blocks:
                continue
            if out and out[-1]["role"] == role:
                out[-1]["content"].extend(blocks)
            else:
                out.append({"role": role, "content": blocks})
        return out

    def block(self, part: ContentPart) -> dict[str, Any] | None:
        kind = part.kind
        if kind == ContentKind.TEXT:
            return {"type": "text", "text": part.text} if part.text else None
        if kind == ContentKind.IMAGE and part.image:
            return {
                "type": "image",
                "source": source(
                    part.image.url, part.image.data, part.image.media_type, "image/png"
                ),
            }
        if kind == ContentKind.DOCUMENT and part.document:
            doc = part.document
            return {
                "type": "document",
                "source": source(doc.url, doc.data, doc.media_type, "application/pdf"),
            }
        if kind == ContentKind.TOOL_CALL and part.tool_call:
            call = part.tool_call
            return {
                "type": "tool_use",
                "id": call.id,
                "name": call.name,
                "input": arguments_dict(call),
            }
        if kind == ContentKind.TOOL_RESULT and part.tool_result:
            return self.tool_result(part)
        if kind in (ContentKind.THINKING, ContentKind.REDACTED_THINKING) and part.thinking:
            return thinking_block(part.thinking)
        raise unsupported(self.name, str(kind))

    @staticmethod
    def tool_result(part: ContentPart) -> dict[str, Any]:
        result = part.tool_result
        content: Any = result_text(result.content, False)
        if result.image_data is not None:
            image = source(None, result.image_data, result.image_media_type, "image/png")
            content = [{"type": "text", "text": content}, {"type": "image", "source": image}]
        return {
            "type": "tool_result",
            "tool_use_id": result.tool_call_id,
            "content": content,
            "is_error": result.is_error,
        }

    # -- response -----------------------------------------------------------------------------
    def parse(self, body: dict[str, Any], request: Request) -> Response:
        parts = [p for b in body.get("content") or [] if (p := content_part(b)) is not None]
        thinking = [p.thinking.text for p in parts if p.kind == ContentKind.THINKING]
        return Response(
            id=body.get("id", ""),
            model=body.get("model", request.model),
            provider=self.name,
            message=Message(Role.ASSISTANT, parts),
            finish_reason=finish_reason(body.get("stop_reason")),
            usage=usage(body.get("usage") or {}, thinking),
            raw=body,
        )


def source(
    url: str | None, data: bytes | None, media_type: str | None, default: str
) -> dict[str, Any]:
    media = resolve(url, data, media_type, default)
    if media.url:
        return {"type": "url", "url": media.url}
    return {"type": "base64", "media_type": media.media_type, "data": media.data}


def thinking_block(thinking: ThinkingData) -> dict[str, Any] | None:
    """Signed thinking goes back verbatim; unsigned thinking (from another provider) cannot be
    verified by Anthropic and is left out."""
    if thinking.redacted:
        return {"type": "redacted_thinking", "data": thinking.text}
    if not thinking.signature:
        return None
    return {"type": "thinking", "thinking": thinking.text, "signature": thinking.signature}


def add_cache_breakpoints(body: dict[str, Any]) -> None:
    if body.get("system"):
        body["system"][-1] = {**body["system"][-1], "cache_control": EPHEMERAL}
    if body.get("tools"):
        body["tools"][-1] = {**body["tools"][-1], "cache_control": EPHEMERAL}
    if body["messages"]:
        blocks = body["messages"][-1]["content"]
        for i in range(len(blocks) - 1, -1, -1):
            if blocks[i].get("type") in CACHEABLE:
                blocks[i] = {**blocks[i], "cache_control": EPHEMERAL}
                break


def has_cache_control(value: Any) -> bool:
    if isinstance(value, dict):
        return "cache_control" in value or any(has_cache_control(v) for v in value.values())
    if isinstance(value, list):
        return any(has_cache_control(v) for v in value)
    return False
