"""StreamAccumulator: folds stream events into the Response that ``complete()`` would return."""

from __future__ import annotations

from darkfactory.llm.types import (
    ContentKind,
    ContentPart,
    FinishReason,
    Message,
    Response,
    Role,
    StreamEvent,
    StreamEventType,
    ThinkingData,
    ToolCallData,
    Usage,
    Warning,
)

E = StreamEventType


class StreamAccumulator:
    """Collects text, reasoning and tool-call segments in the order they started."""

    def __init__(self, provider: str = "", model: str = "") -> None:
        self.provider = provider
        self.model = model
        self.id = ""
        self.parts: list[ContentPart] = []
        self._segments: dict[str, ContentPart] = {}
        self._arguments: dict[str, str] = {}
        self.finish_reason: FinishReason | None = None
        self.usage = Usage()
        self.warnings: list[Warning] = []
        self.final: Response | None = None

    def process(self, event: StreamEvent) -> None:
        kind = event.type
        if kind == E.STREAM_START:
            self.warnings.extend(event.warnings)
        elif kind in (E.TEXT_START, E.TEXT_DELTA):
            part = self._segment(event.text_id, ContentKind.TEXT)
            part.text = (part.text or "") + (event.delta or "")
        elif kind in (E.REASONING_START, E.REASONING_DELTA):
            part = self._segment(event.text_id, ContentKind.THINKING)
            part.thinking.text += event.reasoning_delta or ""
        elif kind == E.REASONING_END and event.thinking is not None:
            part = self._segment(event.text_id, ContentKind.THINKING)
            part.thinking = event.thinking
            if event.thinking.redacted:
                part.kind = ContentKind.REDACTED_THINKING
        elif kind in (E.TOOL_CALL_START, E.TOOL_CALL_DELTA, E.TOOL_CALL_END) and event.tool_call:
            self._tool_call(kind, event)
        elif kind == E.FINISH:
            self.finish_reason = event.finish_reason
            self.usage = event.usage or self.usage
            self.final = event.response

    def _segment(self, key: str | None, kind: ContentKind) -> ContentPart:
        key = f"{kind}:{key or ''}"
        if key not in self._segments:
            part = ContentPart(kind)
            if kind == ContentKind.THINKING:
                part.thinking = ThinkingData(text="")
            self._segments[key] = part
            self.parts.append(part)
        return self._segments[key]

    def _tool_call(self, kind: str, event: StreamEvent) -> None:
        call = event.tool_call
        part = self._segment(call.id, ContentKind.TOOL_CALL)
        if kind == E.TOOL_CALL_END:
            part.tool_call = call.to_data()
            return
        if part.tool_call is None:
            part.tool_call = ToolCallData(call.id, call.name, "", signature=call.signature)
        if kind == E.TOOL_CALL_DELTA:
            self._arguments[call.id] = self._arguments.get(call.id, "") + (call.raw_arguments or "")
            part.tool_call.arguments = self._arguments[call.id]

    def response(self) -> Response:
        """The accumulated response; the FINISH event's own response when it carried one."""
        if self.final is not None:
            return self.final
        has_calls = any(p.kind == ContentKind.TOOL_CALL for p in self.parts)
        finish = self.finish_reason or FinishReason("tool_calls" if has_calls else "stop")
        return Response(
            id=self.id,
            model=self.model,
            provider=self.provider,
            message=Message(Role.ASSISTANT, list(self.parts)),
            finish_reason=finish,
            usage=self.usage,
            warnings=list(self.warnings),
        )
