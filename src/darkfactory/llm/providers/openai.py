"""OpenAI adapter over the Responses API (``POST /responses``): the native one, which reports
reasoning tokens and cached input tokens."""

from __future__ import annotations

from typing import Any

from darkfactory.llm.providers.base import HTTPAdapter, HTTPCall, StreamTranslator
from darkfactory.llm.providers.media import resolve
from darkfactory.llm.providers.translate import (
    INSTRUCTION_ROLES,
    arguments_json,
    instructions,
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


def output_parts(item: dict[str, Any]) -> list[ContentPart]:
    kind = item.get("type")
    if kind == "message":
        return [
            ContentPart.of_text(c.get("text") or c.get("refusal") or "")
            for c in item.get("content") or []
            if c.get("type") in ("output_text", "refusal")
        ]
    if kind == "function_call":
        call = ToolCallData(
            item.get("call_id") or item.get("id", ""),
            item.get("name", ""),
            item.get("arguments") or "",
        )
        return [ContentPart(ContentKind.TOOL_CALL, tool_call=call)]
    if kind == "reasoning":
        text = "".join(s.get("text", "") for s in item.get("summary") or [])
        return [ContentPart(ContentKind.THINKING, thinking=ThinkingData(text))] if text else []
    return []


def finish_reason(body: dict[str, Any], parts: list[ContentPart]) -> FinishReason:
    status = body.get("status") or "completed"
    if status == "incomplete":
        why = (body.get("incomplete_details") or {}).get("reason") or "incomplete"
        unified = {"max_output_tokens": "length", "content_filter": "content_filter"}
        return FinishReason(unified.get(why, "other"), why)
    if status == "failed":
        return FinishReason("error", status)
    if any(p.kind == ContentKind.TOOL_CALL for p in parts):
        return FinishReason("tool_calls", status)
    return FinishReason("stop", status)


def usage(raw: dict[str, Any] | None) -> Usage:
    raw = raw or {}
    inp, out = raw.get("input_tokens", 0), raw.get("output_tokens", 0)
    return Usage(
        input_tokens=inp,
        output_tokens=out,
        total_tokens=raw.get("total_tokens", inp + out),
        reasoning_tokens=(raw.get("output_tokens_details") or {}).get("reasoning_tokens"),
        cache_read_tokens=(raw.get("input_tokens_details") or {}).get("cached_tokens"),
        raw=raw or None,
    )


class ResponsesStream(StreamTranslator):
    """Responses API events: output items open and close text, reasoning and function calls."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.calls: dict[str, ToolCall] = {}  # item id -> call
        self.open: set[str] = set()

    def handle(self, sse: SSE) -> None:
        data = sse.data or {}
        kind = data.get("type") or sse.event
        item = data.get("item") or {}
        item_id = data.get("item_id") or item.get("id", "")
        if kind == "response.created":
            response = data.get("response") or {}
            self.acc.id, self.acc.model = response.get("id", ""), response.get("model", "")
            self.start(raw=data)
        elif kind == "response.output_item.added" and item.get("type") == "function_call":
            call = ToolCall(item.get("call_id") or item_id, item.get("name", ""))
            self.calls[item_id] = call
            self.emit(E.TOOL_CALL_START, tool_call=call, raw=data)
        elif kind == "response.output_text.delta":
            self.segment(E.TEXT_START, item_id)
            self.emit(E.TEXT_DELTA, delta=data.get("delta", ""), text_id=item_id, raw=data)
        elif kind == "response.reasoning_summary_text.delta":
            self.segment(E.REASONING_START, item_id)
            self.emit(E.REASONING_DELTA, reasoning_delta=data.get("delta", ""), text_id=item_id)
        elif kind == "response.function_call_arguments.delta" and item_id in self.calls:
            call = self.calls[item_id]
            delta = ToolCall(call.id, call.name, raw_arguments=data.get("delta", ""))
            self.emit(E.TOOL_CALL_DELTA, tool_call=delta, raw=data)
        elif kind == "response.output_item.done":
            self.item_done(item, item_id, data)
        elif kind in ("response.completed", "response.incomplete", "response.failed"):
            self.completed(data)
        elif kind == "error":
            self.fail_with(data)
        else:
            self.emit(E.PROVIDER_EVENT, raw=data)

    def segment(self, start: StreamEventType, item_id: str) -> None:
        if item_id not in self.open:
            self.open.add(item_id)
            self.emit(start, text_id=item_id)

    def item_done(self, item: dict[str, Any], item_id: str, data: dict[str, Any]) -> None:
        kind = item.get("type")
        if kind == "function_call":
            data_call = ToolCallData(
                item.get("call_id") or item_id, item.get("name", ""), item.get("arguments") or ""
            )
            self.emit(E.TOOL_CALL_END, tool_call=ToolCall.from_data(data_call), raw=data)
        elif item_id in self.open:
            end = E.TEXT_END if kind == "message" else E.REASONING_END
            self.emit(end, text_id=item_id, raw=data)

    def completed(self, data: dict[str, Any]) -> None:
        response = data.get("response") or {}
        if response.get("status") == "failed" and response.get("error"):
            self.fail_with({"error": response["error"]})
            return
        self.finish(finish_reason(response, self.acc.parts), usage(response.get("usage")), response)


class OpenAIAdapter(HTTPAdapter):
    name = "openai"
    default_base_url = "https://api.openai.com/v1"
    translator_class = ResponsesStream

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        organization: str | None = None,
        project: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(api_key, base_url, **kwargs)
        self.organization, self.project = organization, project

    def auth_headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.api_key}"}
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        return headers

    # -- request ------------------------------------------------------------------------------
    def build(self, request: Request, stream: bool) -> HTTPCall:
        body: dict[str, Any] = {"model": request.model, "input": self.input_items(request)}
        warnings: list[Warning] = []
        if (text := instructions(request.messages)) is not None:
            body["instructions"] = text
        if request.tools:
            body["tools"] = [
                {
                    "type": "function",
                    "name": t.name,
                    "description": t.description,
                    "parameters": t.parameters,
                    "strict": False,
                }
                for t in request.tools
            ]
        if request.tool_choice and request.tools:
            choice = request.tool_choice
            body["tool_choice"] = (
                {"type": "function", "name": choice.tool_name}
                if choice.mode == "named"
                else choice.mode
            )
        optional = {
            "max_output_tokens": request.max_tokens,
            "temperature": request.temperature,
            "top_p": request.top_p,
            "metadata": request.metadata,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        if request.reasoning_effort:
            body["reasoning"] = {"effort": request.reasoning_effort}
        if request.stop_sequences:
            warnings.append(
                Warning("the Responses API has no stop sequences; ignored", "unsupported_parameter")
            )
        if (fmt := self.text_format(request)) is not None:
            body["text"] = {"format": fmt}
        if stream:
            body["stream"] = True
        body.update(request.options_for(self.name))
        return HTTPCall("/responses", body, warnings=warnings)

    @staticmethod
    def text_format(request: Request) -> dict[str, Any] | None:
        fmt = request.response_format
        if fmt is None or fmt.type == "text":
            return None
        if fmt.type == "json":
            return {"type": "json_object"}
        return {
            "type": "json_schema",
            "name": fmt.name,
            "schema": fmt.json_schema,
            "strict": fmt.strict,
        }

    def input_items(self, request: Request) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for message in request.messages:
            if message.role in INSTRUCTION_ROLES:
                continue
            if message.role == Role.TOOL:
                items.extend(
                    {
                        "type": "function_call_output",
                        "call_id": p.tool_result.tool_call_id,
                        "output": result_text(p.tool_result.content, p.tool_result.is_error),
                    }
                    for p in message.content
                    if p.tool_result
                )
            elif message.role == Role.ASSISTANT:
                items.extend(self.assistant_items(message))
            else:
                items.append(
                    {
                        "type": "message",
                        "role": "user",
                        "content": [self.user_part(p) for p in message.content],
                    }
                )
        return items

    def assistant_items(self, message: Message) -> list[dict[str, Any]]:
        """Text goes in assistant messages, tool calls become top-level items, in order.
        Reasoning is not echoed: without stored responses it cannot be verified."""
        items: list[dict[str, Any]] = []
        for part in message.content:
            if part.kind == ContentKind.TEXT:
                if not items or items[-1].get("type") != "message":
                    items.append({"type": "message", "role": "assistant", "content": []})
                items[-1]["content"].append({"type": "output_text", "text": part.text or ""})
            elif part.kind == ContentKind.TOOL_CALL and part.tool_call:
                call = part.tool_call
                items.append(
                    {
                        "type": "function_call",
                        "call_id": call.id,
                        "name": call.name,
                        "arguments": arguments_json(call),
                    }
                )
        return items

    def user_part(self, part: ContentPart) -> dict[str, Any]:
        if part.kind == ContentKind.TEXT:
            return {"type": "input_text", "text": part.text or ""}
        if part.kind == ContentKind.IMAGE and part.image:
            media = resolve(part.image.url, part.image.data, part.image.media_type)
            item = {"type": "input_image", "image_url": media.data_uri}
            return item | ({"detail": part.image.detail} if part.image.detail else {})
        if part.kind == ContentKind.DOCUMENT and part.document:
            doc = part.document
            media = resolve(doc.url, doc.data, doc.media_type, "application/pdf")
            if media.url:
                return {"type": "input_file", "file_url": media.url}
            return {
                "type": "input_file",
                "filename": doc.file_name or "document",
                "file_data": media.data_uri,
            }
        raise unsupported(self.name, str(part.kind))

    # -- response -----------------------------------------------------------------------------
    def parse(self, body: dict[str, Any], request: Request) -> Response:
        parts: list[ContentPart] = []
        for item in body.get("output") or []:
            parts.extend(output_parts(item))
        return Response(
            id=body.get("id", ""),
            model=body.get("model", request.model),
            provider=self.name,
            message=Message(Role.ASSISTANT, parts),
            finish_reason=finish_reason(body, parts),
            usage=usage(body.get("usage")),
            raw=body,
        )
