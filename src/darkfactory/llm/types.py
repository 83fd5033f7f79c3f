"""The unified data model: messages and content parts, requests, responses, usage, stream events.

Every provider adapter translates to and from these types; nothing here knows any provider.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from darkfactory.llm.errors import SDKError


class Role(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"
    DEVELOPER = "developer"


class ContentKind(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    DOCUMENT = "document"
    TOOL_CALL = "tool_call"
    TOOL_RESULT = "tool_result"
    THINKING = "thinking"
    REDACTED_THINKING = "redacted_thinking"


@dataclass
class ImageData:
    """An image by ``url`` (a web URL or a local file path) or by raw ``data``."""

    url: str | None = None
    data: bytes | None = None
    media_type: str | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        if (self.url is None) == (self.data is None):
            raise ValueError("ImageData needs exactly one of url or data")
        if self.data is not None and self.media_type is None:
            self.media_type = "image/png"


@dataclass
class AudioData:
    url: str | None = None
    data: bytes | None = None
    media_type: str | None = None


@dataclass
class DocumentData:
    url: str | None = None
    data: bytes | None = None
    media_type: str | None = None
    file_name: str | None = None


@dataclass
class ToolCallData:
    """A model-initiated tool invocation inside an assistant message.

    ``signature`` carries an opaque provider token that must be echoed back with the call
    (Gemini's ``thoughtSignature``); it is None for providers that have none.
    """

    id: str
    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    type: str = "function"
    signature: str | None = None


@dataclass
class ToolResultData:
    tool_call_id: str
    content: str | dict | list
    is_error: bool = False
    image_data: bytes | None = None
    image_media_type: str | None = None


@dataclass
class ThinkingData:
    text: str
    signature: str | None = None
    redacted: bool = False


@dataclass
class ContentPart:
    """One part of a message; ``kind`` says which of the data fields is populated."""

    kind: ContentKind | str
    text: str | None = None
    image: ImageData | None = None
    audio: AudioData | None = None
    document: DocumentData | None = None
    tool_call: ToolCallData | None = None
    tool_result: ToolResultData | None = None
    thinking: ThinkingData | None = None

    @classmethod
    def of_text(cls, text: str) -> ContentPart:
        return cls(ContentKind.TEXT, text=text)

    @classmethod
    def of_image(cls, image: ImageData) -> ContentPart:
        return cls(ContentKind.IMAGE, image=image)


@dataclass
class Message:
    role: Role
    content: list[ContentPart] = field(default_factory=list)
    name: str | None = None
    tool_call_id: str | None = None

    @classmethod
    def system(cls, text: str) -> Message:
        return cls(Role.SYSTEM, [ContentPart.of_text(text)])

    @classmethod
    def developer(cls, text: str) -> Message:
        return cls(Role.DEVELOPER, [ContentPart.of_text(text)])

    @classmethod
    def user(cls, text: str) -> Message:
        return cls(Role.USER, [ContentPart.of_text(text)])

    @classmethod
    def assistant(cls, text: str) -> Message:
        return cls(Role.ASSISTANT, [ContentPart.of_text(text)])

    @classmethod
    def tool_result(
        cls, tool_call_id: str, content: str | dict | list, is_error: bool = False
    ) -> Message:
        result = ToolResultData(tool_call_id=tool_call_id, content=content, is_error=is_error)
        return cls(
            Role.TOOL,
            [ContentPart(ContentKind.TOOL_RESULT, tool_result=result)],
            tool_call_id=tool_call_id,
        )

    @property
    def text(self) -> str:
        return "".join(p.text or "" for p in self.content if p.kind == ContentKind.TEXT)


@dataclass
class ToolDefinition:
    """What the model is told about a tool (no handler): see ``darkfactory.llm.tools.Tool``."""

    name: str
    description: str
    parameters: dict[str, Any] = field(default_factory=lambda: {"type": "object"})


@dataclass
class ToolChoice:
    mode: str = "auto"  # auto | none | required | named
    tool_name: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in ("auto", "none", "required", "named"):
            raise ValueError(f"unknown tool choice mode {self.mode!r}")
        if self.mode == "named" and not self.tool_name:
            raise ValueError("tool choice 'named' needs a tool_name")


@dataclass
class ResponseFormat:
    type: str = "text"  # text | json | json_schema
    json_schema: dict[str, Any] | None = None
    strict: bool = False
    name: str = "output"

    def __post_init__(self) -> None:
        if self.type == "json_schema" and self.json_schema is None:
            raise ValueError("response format json_schema needs a json_schema")


@dataclass
class Request:
    """The single input of ``complete()`` and ``stream()``.

    ``timeout`` (seconds) bounds this one call over HTTP; the high-level API sets it from its
    per-step and total timeouts.
    """

    model: str
    messages: list[Message]
    provider: str | None = None
    tools: list[ToolDefinition] | None = None
    tool_choice: ToolChoice | None = None
    response_format: ResponseFormat | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    stop_sequences: list[str] | None = None
    reasoning_effort: str | None = None
    metadata: dict[str, str] | None = None
    provider_options: dict[str, Any] | None = None
    timeout: float | None = None

    def options_for(self, provider: str) -> dict[str, Any]:
        return dict((self.provider_options or {}).get(provider) or {})


@dataclass
class FinishReason:
    reason: str  # stop | length | tool_calls | content_filter | error | other
    raw: str | None = None


def _add_optional(a: int | None, b: int | None) -> int | None:
    return None if a is None and b is None else (a or 0) + (b or 0)


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    reasoning_tokens: int | None = None
    cache_read_tokens: int | None = None
    cache_write_tokens: int | None = None
    raw: dict[str, Any] | None = None

    def counts(self) -> dict[str, int | None]:
        """The token counts, without the provider's raw usage."""
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "reasoning_tokens": self.reasoning_tokens,
            "cache_read_tokens": self.cache_read_tokens,
            "cache_write_tokens": self.cache_write_tokens,
        }

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
            reasoning_tokens=_add_optional(self.reasoning_tokens, other.reasoning_tokens),
            cache_read_tokens=_add_optional(self.cache_read_tokens, other.cache_read_tokens),
            cache_write_tokens=_add_optional(self.cache_write_tokens, other.cache_write_tokens),
        )


@dataclass
class Warning:  # the spec's name; shadows the builtin only inside this module
    message: str
    code: str | None = None


@dataclass
class RateLimitInfo:
    requests_remaining: int | None = None
    requests_limit: int | None = None
    tokens_remaining: int | None = None
    tokens_limit: int | None = None
    reset_at: datetime | None = None


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    raw_arguments: str | None = None
    signature: str | None = None

    @classmethod
    def from_data(cls, data: ToolCallData) -> ToolCall:
        if isinstance(data.arguments, str):
            raw = data.arguments
            try:
                parsed = json.loads(raw) if raw.strip() else {}
            except json.JSONDecodeError:
                parsed = {}
        else:
            raw, parsed = json.dumps(data.arguments), data.arguments
        args = parsed if isinstance(parsed, dict) else {}
        return cls(data.id, data.name, args, raw, data.signature)

    def to_data(self) -> ToolCallData:
        return ToolCallData(self.id, self.name, self.arguments, signature=self.signature)


@dataclass
class ToolResult:
    tool_call_id: str
    content: str | dict | list
    is_error: bool = False


@dataclass
class Response:
    id: str
    model: str
    provider: str
    message: Message
    finish_reason: FinishReason
    usage: Usage = field(default_factory=Usage)
    raw: dict[str, Any] | None = None
    warnings: list[Warning] = field(default_factory=list)
    rate_limit: RateLimitInfo | None = None

    @property
    def text(self) -> str:
        return self.message.text

    @property
    def tool_calls(self) -> list[ToolCall]:
        return [
            ToolCall.from_data(p.tool_call)
            for p in self.message.content
            if p.kind == ContentKind.TOOL_CALL and p.tool_call
        ]

    @property
    def reasoning(self) -> str | None:
        texts = [
            p.thinking.text
            for p in self.message.content
            if p.kind == ContentKind.THINKING and p.thinking
        ]
        return "".join(texts) if texts else None


class StreamEventType(StrEnum):
    STREAM_START = "stream_start"
    TEXT_START = "text_start"
    TEXT_DELTA = "text_delta"
    TEXT_END = "text_end"
    REASONING_START = "reasoning_start"
    REASONING_DELTA = "reasoning_delta"
    REASONING_END = "reasoning_end"
    TOOL_CALL_START = "tool_call_start"
    TOOL_CALL_DELTA = "tool_call_delta"
    TOOL_CALL_END = "tool_call_end"
    STEP_FINISH = "step_finish"
    FINISH = "finish"
    ERROR = "error"
    PROVIDER_EVENT = "provider_event"


@dataclass
class StreamEvent:
    """One normalised stream event.

    ``thinking`` is set on REASONING_END with the whole block (signature, redaction), so a
    stream accumulates to the same message ``complete()`` returns.
    """

    type: StreamEventType | str
    delta: str | None = None
    text_id: str | None = None
    reasoning_delta: str | None = None
    tool_call: ToolCall | None = None
    thinking: ThinkingData | None = None
    finish_reason: FinishReason | None = None
    usage: Usage | None = None
    response: Response | None = None
    error: SDKError | None = None
    warnings: list[Warning] = field(default_factory=list)
    raw: dict[str, Any] | None = None
