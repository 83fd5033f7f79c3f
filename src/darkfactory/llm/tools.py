"""Tools with optional execute handlers, and their execution: arguments parsed and validated
against the tool's schema (with an optional repair), handlers run concurrently, one result per
call in call order; failures and unknown tools become error results, never exceptions."""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import jsonschema

from darkfactory.llm.abort import AbortSignal
from darkfactory.llm.errors import InvalidToolCallError
from darkfactory.llm.types import Message, ToolCall, ToolDefinition, ToolResult

NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9_]{0,63}")
INJECTED = ("messages", "abort_signal", "tool_call_id")

# repair_tool_call(call, error) -> corrected arguments, or None to give up (may be async).
Repair = Callable[[ToolCall, InvalidToolCallError], Any]


@dataclass
class Tool:
    name: str
    description: str
    parameters: dict[str, Any] = field(default_factory=lambda: {"type": "object", "properties": {}})
    execute: Callable[..., Any] | None = None

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ValueError(
                f"tool name {self.name!r} must match [a-zA-Z][a-zA-Z0-9_]* "
                "and be at most 64 characters"
            )
        if self.parameters.get("type") != "object":
            raise ValueError(f"tool {self.name!r}: parameters must be a JSON Schema object")

    @property
    def definition(self) -> ToolDefinition:
        return ToolDefinition(self.name, self.description, self.parameters)


@dataclass
class ToolContext:
    """What handlers may ask for by naming a parameter ``messages`` or ``abort_signal``."""

    messages: list[Message]
    abort_signal: AbortSignal | None = None


def find(tools: Sequence[Tool], name: str) -> Tool | None:
    return next((t for t in tools if t.name == name), None)


def all_executable(tools: Sequence[Tool], calls: Sequence[ToolCall]) -> bool:
    """True when the loop may run these calls: no call names a passive tool, and some tool is
    active (unknown names get error results)."""
    if not any(t.execute for t in tools):
        return False
    return all((tool := find(tools, c.name)) is None or tool.execute for c in calls)


def checked_arguments(tool: Tool, call: ToolCall) -> dict[str, Any]:
    """The call's arguments, parsed and validated; InvalidToolCallError otherwise."""
    arguments = call.arguments
    if call.raw_arguments is not None and call.raw_arguments.strip():
        try:
            arguments = json.loads(call.raw_arguments)
        except json.JSONDecodeError as exc:
            raise InvalidToolCallError(f"arguments of {call.name} are not JSON: {exc}") from exc
    if not isinstance(arguments, dict):
        raise InvalidToolCallError(f"arguments of {call.name} must be a JSON object")
    error = jsonschema.exceptions.best_match(validator(tool.parameters).iter_errors(arguments))
    if error is not None:
        raise InvalidToolCallError(f"arguments of {call.name} are invalid: {error.message}")
    return arguments


def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    """A checked validator for ``schema``, built once per distinct schema."""
    return _validator(json.dumps(schema, sort_keys=True))


@functools.lru_cache(maxsize=512)
def _validator(schema_json: str) -> jsonschema.protocols.Validator:
    schema = json.loads(schema_json)
    kind = jsonschema.validators.validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


def handler_kwargs(
    fn: Callable[..., Any], arguments: dict[str, Any], call: ToolCall, context: ToolContext
) -> tuple[tuple, dict[str, Any]]:
    """Arguments as keywords (plus any injected context the handler names), or the whole dict
    when the handler takes one parameter that is not an argument name."""
    params = inspect.signature(fn).parameters
    injected = {
        "messages": context.messages,
        "abort_signal": context.abort_signal,
        "tool_call_id": call.id,
    }
    wanted = {k: v for k, v in injected.items() if k in params}
    plain = [
        p
        for p in params.values()
        if p.name not in INJECTED and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if (
        len(plain) == 1
        and plain[0].name not in arguments
        and not any(p.kind == p.VAR_KEYWORD for p in params.values())
    ):
        return (arguments,), wanted
    return (), {**arguments, **wanted}


def as_content(value: Any) -> str | dict | list:
    if isinstance(value, str | dict | list):
        return value
    return json.dumps(value, default=str)


def error_result(call: ToolCall, message: str) -> ToolResult:
    return ToolResult(call.id, message, is_error=True)


def invalid(tools: Sequence[Tool], call: ToolCall) -> InvalidToolCallError | None:
    """Why a known tool's call has unusable arguments (None when they are fine)."""
    tool = find(tools, call.name)
    if tool is None:
        return None
    try:
        checked_arguments(tool, call)
    except InvalidToolCallError as exc:
        return exc
    return None


def _prepare(
    tools: Sequence[Tool], call: ToolCall, repaired: Any = None
) -> tuple[Tool, dict[str, Any]] | ToolResult:
    tool = find(tools, call.name)
    if tool is None or tool.execute is None:
        return error_result(call, f"Unknown tool: {call.name}")
    if repaired is not None:
        call = ToolCall(call.id, call.name, repaired)
    try:
        return tool, checked_arguments(tool, call)
    except InvalidToolCallError as exc:
        return error_result(call, str(exc))


def _run_sync(fn: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> Any:
    value = fn(*args, **kwargs)
    return asyncio.run(value) if inspect.isawaitable(value) else value


def execute_one(
    tools: Sequence[Tool], call: ToolCall, context: ToolContext, repair: Repair | None = None
) -> ToolResult:
    problem = invalid(tools, call) if repair else None
    repaired = _run_sync(repair, (call, problem), {}) if problem else None
    prepared = _prepare(tools, call, repaired)
    if isinstance(prepared, ToolResult):
        return prepared
    tool, arguments = prepared
    args, kwargs = handler_kwargs(tool.execute, arguments, call, context)
    try:
        return ToolResult(call.id, as_content(_run_sync(tool.execute, args, kwargs)))
    except Exception as exc:
        return error_result(call, f"{type(exc).__name__}: {exc}")


def execute_all(
    tools: Sequence[Tool],
    calls: Sequence[ToolCall],
    context: ToolContext,
    repair: Repair | None = None,
) -> list[ToolResult]:
    """All calls at once on threads; results in call order."""
    if len(calls) <= 1:
        return [execute_one(tools, c, context, repair) for c in calls]
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda c: execute_one(tools, c, context, repair), calls))


async def aexecute_one(
    tools: Sequence[Tool], call: ToolCall, context: ToolContext, repair: Repair | None = None
) -> ToolResult:
    problem = invalid(tools, call) if repair else None
    repaired = repair(call, problem) if problem else None
    repaired = await repaired if inspect.isawaitable(repaired) else repaired
    prepared = _prepare(tools, call, repaired)
    if isinstance(prepared, ToolResult):
        return prepared
    tool, arguments = prepared
    args, kwargs = handler_kwargs(tool.execute, arguments, call, context)
    try:
        if inspect.iscoroutinefunction(tool.execute):
            value = await tool.execute(*args, **kwargs)
        else:
            value = await asyncio.to_thread(_run_sync, tool.execute, args, kwargs)
        return ToolResult(call.id, as_content(value))
    except Exception as exc:
        return error_result(call, f"{type(exc).__name__}: {exc}")


async def aexecute_all(
    tools: Sequence[Tool],
    calls: Sequence[ToolCall],
    context: ToolContext,
    repair: Repair | None = None,
) -> list[ToolResult]:
    """All calls concurrently as tasks; results in call order."""
    return list(await asyncio.gather(*(aexecute_one(tools, c, context, repair) for c in calls)))
