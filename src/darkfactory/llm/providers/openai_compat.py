"""OpenAI-compatible adapter over Chat Completions (``POST /chat/completions``), for third-party
endpoints (vLLM, Ollama, Groq, ...) that do not speak the Responses API. No reasoning items, no
built-in tools; streams end with ``data: [DONE]``."""

from __future__ import annotations

from typing import Any

from darkfactory.llm.errors import ConfigurationError
from darkfactory.llm.providers.base import HTTPAdapter, HTTPCall, StreamTranslator
from darkfactory.llm.providers.media import resolve
from darkfactory.llm.providers.translate import (
    INSTRUCTION_ROLES,
    arguments_json,
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
    ToolCall,
    ToolCallData,
    Usage,
)

E = StreamEventType
FINISH_REASONS = {
    "stop": "stop",
    "length": "length",
    "tool_calls": "tool_calls",
    "function_call": "tool_calls",
    "content_filter": "content_filter",
}


def finish_reason(raw: str | None, has_calls: bool) -> FinishReason:
    if has_calls and raw in (None, "stop", "tool_calls"):
        return FinishReason("tool_calls", raw)
    return FinishReason(FINISH_REASONS.get(raw or "stop", "other"), raw)


def usage(raw: dict[str, Any] | None) -> Usage:
    raw = raw or {}
    inp, out = raw.get("prompt_tokens", 0), raw.get("completion_tokens", 0)
    return Usage(
        input_tokens=inp,
        output_tokens=out,
        total_tokens=raw.get("total_tokens", inp + out),
        reasoning_tokens=(raw.get("completion_tokens_details") or {}).get("reasoning_tokens"),
        cache_read_tokens=(raw.get("prompt_tokens_details") or {}).get("cached_tokens"),
        raw=raw or None,
    )


class ChatCompletionsStream(StreamTranslator):
    """``chat.completion.chunk`` deltas; tool calls are keyed by their ``index``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.started = False
        self.text_open = False
        self.calls: dict[int, ToolCallData] = {}
        self.reason: str | None = None
        self.usage: dict[str, Any] | None = None
        self.last: dict[str, Any] = {}

    def handle(self, sse: SSE) -> None:
        if sse.data is None:  # [DONE]
            self.close_all()
            self.finish(finish_reason(self.reason, bool(self.calls)), usage(self.usage), self.last)
            return
        data = sse.data
        if "error" in data:
            self.fail_with(data)
            return
        if not self.started:
            self.started = True
            self.acc.id, self.acc.model = data.get("id", ""), data.get("model", "")
            self.start(raw=data)
        self.usage = data.get("usage") or self.usage
        self.last = data
        for choice in data.get("choices") or []:
            self.delta(choice.get("delta") or {}, data)
            self.reason = choice.get("finish_reason") or self.reason

    def delta(self, delta: dict[str, Any], raw: dict[str, Any]) -> None:
        if delta.get("content"):
            if not self.text_open:
                self.text_open = True
                self.emit(E.TEXT_START, text_id="0")
            self.emit(E.TEXT_DELTA, delta=delta["content"], text_id="0", raw=raw)
        for piece in delta.get("tool_calls") or []:
            index = piece.get("index", 0)
            function = piece.get("function") or {}
            if index not in self.calls:
                self.calls[index] = ToolCallData(piece.get("id", ""), function.get("name", ""), "")
                self.emit(
                    E.TOOL_CALL_START,
                    tool_call=ToolCall(self.calls[index].id, self.calls[index].name),
                )
            call = self.calls[index]
            if function.get("arguments"):
                call.arguments += function["arguments"]
                self.emit(
                    E.TOOL_CALL_DELTA,
                    tool_call=ToolCall(call.id, call.name, raw_arguments=function["arguments"]),
                    raw=raw,
                )

    def close_all(self) -> None:
        if self.text_open:
            self.emit(E.TEXT_END, text_id="0")
        for call in self.calls.values():
            self.emit(E.TOOL_CALL_END, tool_call=ToolCall.from_data(call))


class OpenAICompatibleAdapter(HTTPAdapter):
    name = "openai_compat"
    translator_class = ChatCompletionsStream

    def initialize(self) -> None:
        """Third-party servers may need no key, but there is no default endpoint."""
        if not self.base_url:
            raise ConfigurationError("openai_compat: base_url is required")

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def build(self, request: Request, stream: bool) -> HTTPCall:
        body: dict[str, Any] = {"model": request.model, "messages": self.messages(request)}
        if request.tools:
            body["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": t.name,
                        "description": t.description,
                        "parameters": t.parameters,
                    },
                }
                for t in request.tools
            ]
            if request.tool_choice:
                choice = request.tool_choice
                body["tool_choice"] = (
                    {"type": "function", "function": {"name": choice.tool_name}}
                    if choice.mode == "named"
                    else choice.mode
                )
        optional = {
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "top_p": request.top_p,
            "stop": request.stop_sequences,
            "reasoning_effort": request.reasoning_effort,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        fmt = request.response_format
        if fmt is not None and fmt.type == "json":
            body["response_format"] = {"type": "json_object"}
        elif fmt is not None and fmt.type == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": fmt.name, "schema": fmt.json_schema, "strict": fmt.strict},
            }
        if stream:
            body["stream"] = True
            body["stream_options"] = {"include_usage": True}
        body.update(request.options_for(self.name))
        return HTTPCall("/chat/completions", body)

    def messages(self, request: Request) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for message in request.messages:
            if message.role in INSTRUCTION_ROLES:
                out.append({"role": "system", "content": message.text})
            elif message.role == Role.TOOL:
                out.extend(
                    {
                        "role": "tool",
                        "tool_call_id": p.tool_result.tool_call_id,
                        "content": result_text(p.tool_result.content, p.tool_result.is_error),
                    }
                    for p in message.content
                    if p.tool_result
                )
            elif message.role == Role.ASSISTANT:
                out.append(self.assistant(message))
            else:
                out.append(
                    {"role": "user", "content": [self.user_part(p) for p in message.content]}
                )
        return out

    @staticmethod
    def assistant(message: Message) -> dict[str, Any]:
        calls = [p.tool_call for p in message.content if p.tool_call]
        entry: dict[str, Any] = {"role": "assistant", "content": message.text or None}
        if calls:
            entry["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": arguments_json(c)},
                }
                for c in calls
            ]
        return entry

    def user_part(self, part: ContentPart) -> dict[str, Any]:
        if part.kind == ContentKind.TEXT:
            return {"type": "text", "text": part.text or ""}
        if part.kind == ContentKind.IMAGE and part.image:
            media = resolve(part.image.url, part.image.data, part.image.media_type)
            image = {"url": media.data_uri}
            return {
                "type": "image_url",
                "image_url": image | ({"detail": part.image.detail} if part.image.detail else {}),
            }
        raise unsupported(self.name, str(part.kind))

    def parse(self, body: dict[str, Any], request: Request) -> Response:
        choice = (body.get("choices") or [{}])[0]
        message = choice.get("message") or {}
        parts: list[ContentPart] = []
        if message.get("content"):
            parts.append(ContentPart.of_text(message["content"]))
        for call in message.get("tool_calls") or []:
            function = call.get("function") or {}
            data = ToolCallData(
                call.get("id", ""), function.get("name", ""), function.get("arguments") or ""
            )
            parts.append(ContentPart(ContentKind.TOOL_CALL, tool_call=data))
        return Response(
            id=body.get("id", ""),
            model=body.get("model", request.model),
            provider=self.name,
            message=Message(Role.ASSISTANT, parts),
            finish_reason=finish_reason(
                choice.get("finish_reason"), any(p.tool_call for p in parts)
            ),
            usage=usage(body.get("usage")),
            raw=body,
        )
