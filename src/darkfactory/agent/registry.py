"""The tool registry (§3.8) and its execution pipeline: look a call's tool up, validate the
arguments against its schema, run it on the execution environment, truncate the output. Every
failure becomes an error result for the model, never an exception (Appendix B)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.truncation import truncate_tool_output
from darkfactory.llm.errors import InvalidToolCallError
from darkfactory.llm.tools import checked_arguments
from darkfactory.llm.types import ToolCall, ToolDefinition, ToolResult

Executor = Callable[[dict[str, Any], ExecutionEnvironment], str]


class ToolError(Exception):
    """A tool could not do what was asked; the message is what the model reads."""


@dataclass
class RegisteredTool:
    definition: ToolDefinition
    executor: Executor

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass
class ToolOutcome:
    """One executed call: ``output`` in full (for TOOL_CALL_END), ``content`` as truncated for
    the model."""

    call: ToolCall
    output: str
    content: str
    is_error: bool = False

    def result(self) -> ToolResult:
        return ToolResult(self.call.id, self.content, self.is_error)


def error_message(exc: Exception) -> str:
    """What the model is told about a failed tool: the message of a ToolError, a validation
    error, an OSError or a ValueError; otherwise the exception's type and message."""
    if isinstance(exc, ToolError | InvalidToolCallError | ValueError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror}: {exc.filename}" if exc.strerror and exc.filename else str(exc)
    return f"{type(exc).__name__}: {exc}"


class ToolRegistry:
    def __init__(self, tools: Sequence[RegisteredTool] = ()) -> None:
        self._tools: dict[str, RegisteredTool] = {}
        for tool in tools:
            self.register(tool)

    def register(self, tool: RegisteredTool) -> None:
        """Add ``tool``, replacing any tool of the same name (latest wins)."""
        self._tools[tool.name] = tool

    def unregister(self, name: str) -> None:
        self._tools.pop(name, None)

    def get(self, name: str) -> RegisteredTool | None:
        return self._tools.get(name)

    def definitions(self) -> list[ToolDefinition]:
        return [tool.definition for tool in self._tools.values()]

    def names(self) -> list[str]:
        return list(self._tools)

    def execute(self, call: ToolCall, env: ExecutionEnvironment, limits: Any = None) -> ToolOutcome:
        """Run one call through LOOKUP, VALIDATE, EXECUTE and TRUNCATE; ``limits`` is anything
        with ``tool_output_limits`` / ``tool_line_limits`` (a SessionConfig or a dict)."""
        tool = self.get(call.name)
        if tool is None:
            known = ", ".join(self.names()) or "none"
            message = f"Unknown tool: {call.name}. Available tools: {known}"
            return ToolOutcome(call, message, message, is_error=True)
        try:
            arguments = checked_arguments(tool.definition, call)  # type: ignore[arg-type]
            output, is_error = str(tool.executor(arguments, env)), False
        except Exception as exc:
            output, is_error = error_message(exc), True
        return ToolOutcome(call, output, truncate_tool_output(output, call.name, limits), is_error)
