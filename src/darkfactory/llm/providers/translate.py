"""Translation helpers every adapter uses: instructions from system/developer messages,
tool-call arguments as JSON text or as a dict, tool results as text."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.llm.errors import InvalidRequestError
from darkfactory.llm.types import Message, Role, ToolCallData

INSTRUCTION_ROLES = (Role.SYSTEM, Role.DEVELOPER)


def instructions(messages: list[Message]) -> str | None:
    texts = [m.text for m in messages if m.role in INSTRUCTION_ROLES and m.text]
    return "\n\n".join(texts) or None


def arguments_dict(call: ToolCallData) -> dict[str, Any]:
    if isinstance(call.arguments, dict):
        return call.arguments
    try:
        parsed = json.loads(call.arguments or "{}")
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def arguments_json(call: ToolCallData) -> str:
    return call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)


def result_text(content: Any, is_error: bool) -> str:
    text = content if isinstance(content, str) else json.dumps(content)
    return f"Error: {text}" if is_error else text


def unsupported(provider: str, what: str) -> InvalidRequestError:
    return InvalidRequestError(f"{provider} does not accept {what} input", provider=provider)


def json_instruction(schema: dict[str, Any] | None) -> str:
    """The system-prompt text that asks for JSON where a provider has no native mode."""
    if schema is None:
        return "Respond with a single JSON object and nothing else."
    return (
        "Respond with a single JSON object and nothing else (no prose, no code fences). "
        f"It must conform to this JSON Schema:\n{json.dumps(schema)}"
    )


def estimate_tokens(text: str) -> int:
    """A provider-independent estimate: one token per four characters, rounded up."""
    return (len(text) + 3) // 4
