"""write_file (§3.3): a whole file's content, creating it and its folders if needed."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool
from darkfactory.agent.tools.common import make_tool

DESCRIPTION = (
    "Write content to a file. Creates the file and parent directories if needed; overwrites "
    "an existing file completely."
)
PROPERTIES = {
    "file_path": {"type": "string", "description": "Absolute path to the file"},
    "content": {"type": "string", "description": "The full file content"},
}


def write_file(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    path, content = arguments["file_path"], arguments["content"]
    env.write_file(path, content)
    return f"Wrote {len(content.encode('utf-8'))} bytes to {path}"


def write_file_tool() -> RegisteredTool:
    return make_tool("write_file", DESCRIPTION, PROPERTIES, ["file_path", "content"], write_file)
