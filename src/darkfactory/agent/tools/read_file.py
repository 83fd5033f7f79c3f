"""read_file (§3.3): a file's lines, numbered, from an offset, up to a limit."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool, ToolError
from darkfactory.agent.tools.common import make_tool

DEFAULT_LIMIT = 2000
DESCRIPTION = (
    'Read a file from the filesystem. Returns line-numbered content ("NNN | content"). '
    f"Reads up to {DEFAULT_LIMIT} lines from the start of the file unless offset and limit "
    "say otherwise; use them to page through long files."
)
PROPERTIES = {
    "file_path": {"type": "string", "description": "Absolute path to the file"},
    "offset": {"type": "integer", "minimum": 1, "description": "1-based line to start at"},
    "limit": {"type": "integer", "minimum": 1, "description": "Maximum lines to read"},
}


def read_file(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    path, offset = arguments["file_path"], arguments.get("offset")
    numbered = env.read_file(path, offset, arguments.get("limit", DEFAULT_LIMIT))
    if numbered:
        return numbered
    if offset and offset > 1:
        raise ToolError(f"offset {offset} is past the end of {path}")
    return f"{path} is empty."


def read_file_tool() -> RegisteredTool:
    return make_tool("read_file", DESCRIPTION, PROPERTIES, ["file_path"], read_file)
