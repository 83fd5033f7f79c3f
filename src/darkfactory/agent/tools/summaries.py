"""summaries: pyramid summaries of a large tree, listed a line each and expanded on demand, so an
agent reads what matters instead of every file.

The pyramid comes from the caller, asked at each call (``darkfactory context summarize`` may have
written a newer one meanwhile): anything with ``source``, ``get(path)``, ``children(path)`` and
``expand(path, level)``, as ``darkfactory.context.pyramid.Pyramid`` has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool, ToolError
from darkfactory.agent.tools.common import make_tool

LEVELS = ("line", "paragraph", "page")
DESCRIPTION = (
    "Pyramid summaries of the project: level line (default) lists the one-line summaries of "
    'what is directly under path ("." is the top); level paragraph or page expands path itself '
    "to more detail. Start at the top, expand what looks relevant, then read only those files."
)
PROPERTIES = {
    "path": {"type": "string", "description": 'An entry of the summaries (default ".")'},
    "level": {"type": "string", "enum": list(LEVELS), "description": "line, paragraph or page"},
}


class Pyramid(Protocol):
    source: str

    def get(self, path: str) -> Any: ...
    def children(self, path: str) -> list[Any]: ...
    def expand(self, path: str, level: str) -> str: ...


def summaries_tool(pyramid: Callable[[], Pyramid | None]) -> RegisteredTool:
    def summaries(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
        current = pyramid()
        if current is None:
            raise ToolError("No summaries yet: `darkfactory context summarize` writes them.")
        path, level = arguments.get("path", "."), arguments.get("level", "line")
        try:
            if level != "line":
                return current.expand(path, level)
            return listing(current, path)
        except LookupError as error:
            raise ToolError(str(error.args[0] if error.args else error)) from error

    return make_tool("summaries", DESCRIPTION, PROPERTIES, [], summaries)


def listing(pyramid: Pyramid, path: str) -> str:
    entry = pyramid.get(path)
    lines = [f"{entry.path} ({entry.kind}, in the summaries of {pyramid.source}): {entry.line}"]
    for child in pyramid.children(path):
        slash = "/" if child.kind == "directory" else ""
        lines.append(f"- {child.path}{slash}: {child.line}")
    if len(lines) == 1:
        lines.append("(nothing under it; expand it with level paragraph or page)")
    return "\n".join(lines)
