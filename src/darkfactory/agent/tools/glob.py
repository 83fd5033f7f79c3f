"""glob (§3.3): files whose path matches a pattern, most recently modified first."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool
from darkfactory.agent.tools.common import make_tool

DESCRIPTION = (
    'Find files matching a glob pattern (e.g. "**/*.py"). Returns matching file paths, most '
    "recently modified first."
)
PROPERTIES = {
    "pattern": {"type": "string", "description": 'Glob pattern, e.g. "src/**/*.ts"'},
    "path": {"type": "string", "description": "Base directory (default: working directory)"},
}


def glob(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    paths = env.glob(arguments["pattern"], arguments.get("path"))
    return "\n".join(paths) if paths else f"No files match {arguments['pattern']!r}"


def glob_tool() -> RegisteredTool:
    return make_tool("glob", DESCRIPTION, PROPERTIES, ["pattern"], glob)
