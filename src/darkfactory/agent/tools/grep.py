"""grep (§3.3): regex search of file contents; the Anthropic profile adds Claude Code's output
modes (matching lines, matching files, or counts per file)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment, GrepOptions
from darkfactory.agent.registry import RegisteredTool
from darkfactory.agent.tools.common import make_tool

DEFAULT_MAX_RESULTS = 100
ALL_MATCHES = 100_000  # what the per-file modes scan before counting
MATCH_LINE = re.compile(r"^(.*?):(\d+):")
DESCRIPTION = (
    "Search file contents using regex patterns. Returns matching lines as path:line:content. "
    'Narrow the search with path and glob_filter (e.g. "*.py").'
)
PROPERTIES = {
    "pattern": {"type": "string", "description": "Regular expression to search for"},
    "path": {"type": "string", "description": "File or directory to search (default: cwd)"},
    "glob_filter": {"type": "string", "description": 'File name filter, e.g. "*.py"'},
    "case_insensitive": {"type": "boolean", "description": "Ignore case (default false)"},
    "max_results": {"type": "integer", "minimum": 1, "description": "Default 100"},
}
OUTPUT_MODE = {
    "type": "string",
    "enum": ["content", "files_with_matches", "count"],
    "description": "content: matching lines (default); files_with_matches: file paths; "
    "count: matches per file",
}


def per_file(lines: str) -> Counter[str]:
    return Counter(m.group(1) for line in lines.splitlines() if (m := MATCH_LINE.match(line)))


def grep(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    mode = arguments.get("output_mode", "content")
    limit = arguments.get("max_results", DEFAULT_MAX_RESULTS)
    options = GrepOptions(
        glob_filter=arguments.get("glob_filter"),
        case_insensitive=arguments.get("case_insensitive", False),
        max_results=limit if mode == "content" else ALL_MATCHES,
    )
    found = env.grep(arguments["pattern"], arguments.get("path") or ".", options)
    if not found:
        return f"No matches found for pattern {arguments['pattern']!r}"
    if mode == "content":
        return found
    counts = list(per_file(found).items())[:limit]
    if mode == "count":
        return "\n".join(f"{path}:{count}" for path, count in counts)
    return "\n".join(path for path, _ in counts)


def grep_tool(output_modes: bool = False) -> RegisteredTool:
    properties = {**PROPERTIES, "output_mode": OUTPUT_MODE} if output_modes else PROPERTIES
    return make_tool("grep", DESCRIPTION, properties, ["pattern"], grep)
