"""Conversation turns (§2.4) and their conversion into the messages of an LLM request.

An AssistantTurn keeps the provider's message as received, so thinking signatures and
function-call signatures go back to the provider exactly as they came.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from darkfactory.llm.types import (
    ContentKind,
    ContentPart,
    Message,
    Role,
    ToolCall,
    ToolResult,
    Usage,
)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class UserTurn:
    content: str
    timestamp: datetime = field(default_factory=_now)


@dataclass
class AssistantTurn:
    content: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    reasoning: str | None = None
    usage: Usage = field(default_factory=Usage)
    response_id: str | None = None
    message: Message | None = None  # the provider's message, replayed as is
    timestamp: datetime = field(default_factory=_now)


@dataclass
class ToolResultsTurn:
    results: list[ToolResult]
    timestamp: datetime = field(default_factory=_now)


@dataclass
class SystemTurn:
    content: str
    timestamp: datetime = field(default_factory=_now)


@dataclass
class SteeringTurn:
    content: str
    timestamp: datetime = field(default_factory=_now)


Turn = UserTurn | AssistantTurn | ToolResultsTurn | SystemTurn | SteeringTurn


def _assistant_message(turn: AssistantTurn) -> Message:
    if turn.message is not None:
        return turn.message
    parts = [ContentPart.of_text(turn.content)] if turn.content else []
    parts += [ContentPart(ContentKind.TOOL_CALL, tool_call=c.to_data()) for c in turn.tool_calls]
    return Message(Role.ASSISTANT, parts)


def to_messages(history: list[Turn]) -> list[Message]:
    """The history as LLM messages; steering turns become user messages (§2.6)."""
    messages: list[Message] = []
    for turn in history:
        match turn:
            case UserTurn() | SteeringTurn():
                messages.append(Message.user(turn.content))
            case SystemTurn():
                messages.append(Message.system(turn.content))
            case AssistantTurn():
                messages.append(_assistant_message(turn))
            case ToolResultsTurn():
                messages += [
                    Message.tool_result(r.tool_call_id, r.content, r.is_error) for r in turn.results
                ]
    return messages


def history_chars(history: list[Turn]) -> int:
    """Characters of text in the history, for the 4-characters-per-token estimate (§5.5)."""
    total = 0
    for turn in history:
        match turn:
            case AssistantTurn():
                total += len(turn.content) + len(turn.reasoning or "")
                total += sum(len(c.raw_arguments or str(c.arguments)) for c in turn.tool_calls)
            case ToolResultsTurn():
                total += sum(len(str(r.content)) for r in turn.results)
            case _:
                total += len(turn.content)
    return total
