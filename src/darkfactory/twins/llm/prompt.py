"""The neutral form of a model request (``Prompt``) and of its answer (``Reply``).

Providers translate their wire formats to and from these; scripts match on a Prompt and built-in
models read it. A message is a role and a list of parts, in the order the provider sent them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["user", "assistant"]
Finish = Literal["stop", "length", "tool_calls"]
FailureKind = Literal["overloaded", "server_error", "rate_limit", "cut"]


@dataclass
class Text:
    text: str
    cache_mark: str = ""  # the TTL of Anthropic's cache_control on this block (5m, 1h)

    def tokens_text(self) -> str:
        return self.text


@dataclass
class Image:
    """An image input: its media type, and its URL or the length of its inline base64 data."""

    media_type: str = ""
    url: str = ""
    size: int = 0
    cache_mark: str = ""

    def tokens_text(self) -> str:
        return f"[image {self.media_type} {self.url or self.size}]"

    @classmethod
    def from_url(cls, url: str, media_type: str = "") -> Image:
        """From a URL, or a ``data:<type>;base64,<data>`` URI."""
        if url.startswith("data:"):
            head, _, data = url.partition(",")
            return cls(media_type or head[5:].split(";")[0], size=len(data))
        return cls(media_type, url=url)


@dataclass
class Thinking:
    text: str
    signature: str = ""
    cache_mark: str = ""

    def tokens_text(self) -> str:
        return self.text


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]
    signature: str = ""  # Gemini's thoughtSignature on a functionCall part
    cache_mark: str = ""

    def tokens_text(self) -> str:
        return self.name + compact(self.arguments)


@dataclass
class ToolResult:
    call_id: str
    name: str
    content: str
    is_error: bool = False
    cache_mark: str = ""

    def tokens_text(self) -> str:
        return self.content


Part = Text | Image | Thinking | ToolCall | ToolResult


@dataclass
class Message:
    role: Role
    parts: list[Part] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts if isinstance(p, Text))

    @property
    def tool_results(self) -> list[ToolResult]:
        return [p for p in self.parts if isinstance(p, ToolResult)]


@dataclass
class Tool:
    name: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    cache_mark: str = ""

    def tokens_text(self) -> str:
        return compact({"name": self.name, "description": self.description, **self.parameters})


@dataclass
class Prompt:
    """One request to a model, whatever provider it came through."""

    provider: str
    model: str
    system: list[Text] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    tool_choice: str = "auto"  # auto | none | required | <tool name>
    output_schema: dict[str, Any] | None = None  # JSON Schema the answer must follow
    json_mode: bool = False  # JSON without a schema (OpenAI json_object, Gemini bare JSON)
    max_tokens: int | None = None
    stop_sequences: list[str] = field(default_factory=list)
    reasoning: bool = False  # the request turned the model's reasoning on
    cached_tokens: int = 0  # tokens of a provider-side cache the request continues (Gemini)
    stream: bool = False

    @property
    def system_text(self) -> str:
        return "\n".join(t.text for t in self.system)

    @property
    def last_user_text(self) -> str:
        """The text of the last user message that has text (tool results alone are skipped)."""
        for message in reversed(self.messages):
            if message.role == "user" and message.text:
                return message.text
        return ""

    @property
    def tool_results(self) -> list[ToolResult]:
        """The tool results the request ends with (those of its last message)."""
        return self.messages[-1].tool_results if self.messages else []

    def pieces(self) -> list[Tool | Part]:
        """What tokens are counted over, in prompt order: tools, system, messages."""
        return [*self.tools, *self.system, *(p for m in self.messages for p in m.parts)]

    def as_dict(self) -> dict[str, Any]:
        """The prompt as recorded; parts and tools are their fields as given, not copies."""
        return {
            "provider": self.provider,
            "model": self.model,
            "system": self.system_text,
            "messages": [
                {"role": m.role, "parts": [{"type": kind(p), **vars(p)} for p in m.parts]}
                for m in self.messages
            ],
            "tools": [vars(t) for t in self.tools],
            "tool_choice": self.tool_choice,
            "output_schema": self.output_schema,
            "json_mode": self.json_mode,
            "max_tokens": self.max_tokens,
            "stop_sequences": self.stop_sequences,
            "reasoning": self.reasoning,
            "stream": self.stream,
        }


@dataclass
class Usage:
    """Token counts of one exchange; ``input_tokens`` is the whole prompt, caching included."""

    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cache_write_1h_tokens: int = 0  # the part of the write kept for an hour (Anthropic)
    output_tokens: int = 0  # visible output: text and tool calls
    reasoning_tokens: int = 0

    @property
    def uncached_input_tokens(self) -> int:
        return self.input_tokens - self.cache_read_tokens - self.cache_write_tokens


@dataclass
class StreamFailure:
    """A streamed answer that breaks off after ``after_deltas`` content deltas: with the
    provider's in-stream error of ``kind``, or (``cut``) the connection closing mid-stream."""

    after_deltas: int = 1
    kind: FailureKind = "overloaded"
    message: str = ""
    status: int | None = None  # the error's status, when not the kind's own


@dataclass
class Reply:
    """What the model answers: thinking, text, tool calls, why it stopped, and usage; and
    whether its stream fails midway."""

    text: str = ""
    thinking: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish: Finish = "stop"
    stop_sequence: str | None = None  # the stop sequence the text was cut at
    usage: Usage = field(default_factory=Usage)
    failure: StreamFailure | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def kind(part: Part) -> str:
    kinds = {Text: "text", Image: "image", Thinking: "thinking", ToolCall: "tool_call"}
    return kinds.get(type(part), "tool_result")


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
