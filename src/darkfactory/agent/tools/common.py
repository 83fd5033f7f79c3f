"""What every tool module shares: building a RegisteredTool from a JSON Schema, and turning
environment failures into ToolErrors the model can read."""

from __future__ import annotations

import functools
from typing import Any

from darkfactory.agent.registry import Executor, RegisteredTool, ToolError, error_message
from darkfactory.llm.types import ToolDefinition


def reporting_errors(executor: Executor) -> Executor:
    """``executor`` with OSError and ValueError (missing files, binary files, bad patterns)
    raised as ToolError carrying the same message."""

    @functools.wraps(executor)
    def run(arguments: dict[str, Any], env: Any) -> str:
        try:
            return executor(arguments, env)
        except ToolError:
            raise
        except (OSError, ValueError) as exc:
            raise ToolError(error_message(exc)) from exc

    return run


def make_tool(
    name: str,
    description: str,
    properties: dict[str, Any],
    required: list[str],
    executor: Executor,
) -> RegisteredTool:
    parameters = {"type": "object", "properties": properties, "required": required}
    return RegisteredTool(ToolDefinition(name, description, parameters), reporting_errors(executor))
