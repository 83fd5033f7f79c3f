"""read_many_files (§3.6, Gemini profile): several files at once, named by path or glob, each
under a "--- path ---" header; a file that cannot be read says why in its section."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool, ToolError, error_message
from darkfactory.agent.tools.common import make_tool

GLOB_CHARS = frozenset("*?[")
DESCRIPTION = (
    "Read the content of several files at once. paths lists file paths or glob patterns "
    '(e.g. "src/**/*.py"); each file is returned under a "--- path ---" header.'
)
PROPERTIES = {
    "paths": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "description": "File paths or glob patterns, relative to the working directory",
    }
}


def expand(paths: list[str], env: ExecutionEnvironment) -> list[str]:
    """Every file named, globs expanded, each once, in the order given."""
    found: dict[str, None] = {}
    for path in paths:
        for match in env.glob(path) if GLOB_CHARS & set(path) else [path]:
            found.setdefault(match)
    return list(found)


def section(path: str, env: ExecutionEnvironment) -> str:
    try:
        body = env.read_text(path)
    except (OSError, ValueError) as exc:
        body = f"[could not read: {error_message(exc)}]"
    return f"--- {path} ---\n{body}"


def read_many_files(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    files = expand(arguments["paths"], env)
    if not files:
        raise ToolError(f"No files match {arguments['paths']}")
    return "\n\n".join(section(path, env) for path in files)


def read_many_files_tool() -> RegisteredTool:
    return make_tool("read_many_files", DESCRIPTION, PROPERTIES, ["paths"], read_many_files)
