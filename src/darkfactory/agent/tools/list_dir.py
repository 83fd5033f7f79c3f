"""list_dir (§3.6, Gemini profile): a directory's entries, folders marked with "/" and files
with their size, descending ``depth`` levels."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import DirEntry, ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool
from darkfactory.agent.tools.common import make_tool

DESCRIPTION = (
    'List the files and subdirectories of a directory. Directories end with "/"; files show '
    "their size. depth > 1 also lists the contents of subdirectories, indented."
)
PROPERTIES = {
    "path": {"type": "string", "description": "Absolute path of the directory"},
    "depth": {"type": "integer", "minimum": 1, "description": "Levels to list (default 1)"},
}


def entry_line(entry: DirEntry) -> str:
    indent = "  " * entry.name.count("/")
    name = entry.name.rsplit("/", 1)[-1]
    return f"{indent}{name}/" if entry.is_dir else f"{indent}{name} ({entry.size} bytes)"


def list_dir(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    path = arguments["path"]
    entries = env.list_directory(path, arguments.get("depth", 1))
    return "\n".join(map(entry_line, entries)) if entries else f"{path} is empty."


def list_dir_tool() -> RegisteredTool:
    return make_tool("list_dir", DESCRIPTION, PROPERTIES, ["path"], list_dir)
