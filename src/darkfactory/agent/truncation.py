"""Tool output truncation (§5): a character limit first, always, then a line limit where one is
set, each keeping the head and tail and saying what was cut."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_TOOL_LIMITS: dict[str, int] = {
    "read_file": 50_000,
    "shell": 30_000,
    "grep": 20_000,
    "glob": 20_000,
    "edit_file": 10_000,
    "apply_patch": 10_000,
    "write_file": 1_000,
    "spawn_agent": 20_000,
    "read_many_files": 50_000,
    "list_dir": 20_000,
}
DEFAULT_TRUNCATION_MODES: dict[str, str] = {
    "read_file": "head_tail",
    "shell": "head_tail",
    "grep": "tail",
    "glob": "tail",
    "edit_file": "tail",
    "apply_patch": "tail",
    "write_file": "tail",
    "spawn_agent": "head_tail",
    "read_many_files": "head_tail",
    "list_dir": "tail",
}
DEFAULT_LINE_LIMITS: dict[str, int | None] = {
    "shell": 256,
    "grep": 200,
    "glob": 500,
    "read_file": None,
    "edit_file": None,
    "list_dir": 500,
}
# Tools outside the table (custom tools, subagent tools other than spawn_agent).
FALLBACK_LIMIT = 30_000
FALLBACK_MODE = "head_tail"


def truncate_output(output: str, max_chars: int, mode: str = "head_tail") -> str:
    """``output`` cut to ``max_chars`` characters with a warning marker: the middle removed
    (``head_tail``) or the beginning (``tail``)."""
    if len(output) <= max_chars:
        return output
    removed = len(output) - max_chars
    if mode == "head_tail":
        half = max_chars // 2
        return (
            output[:half]
            + f"\n\n[WARNING: Tool output was truncated. {removed} characters were removed from "
            "the middle. The full output is available in the event stream. If you need to see "
            "specific parts, re-run the tool with more targeted parameters.]\n\n"
            + output[len(output) - half :]
        )
    if mode == "tail":
        return (
            f"[WARNING: Tool output was truncated. First {removed} characters were removed. "
            "The full output is available in the event stream.]\n\n"
            + output[len(output) - max_chars :]
        )
    raise ValueError(f"unknown truncation mode {mode!r}; expected 'head_tail' or 'tail'")


def truncate_lines(output: str, max_lines: int) -> str:
    """``output`` cut to its first and last lines, ``max_lines`` in all, with a marker."""
    lines = output.split("\n")
    if len(lines) <= max_lines:
        return output
    head_count = max_lines // 2
    tail_count = max_lines - head_count
    omitted = len(lines) - head_count - tail_count
    return (
        "\n".join(lines[:head_count])
        + f"\n[... {omitted} lines omitted ...]\n"
        + "\n".join(lines[len(lines) - tail_count :])
    )


def _overrides(config: Any, key: str) -> Mapping[str, Any]:
    """``config.<key>`` or ``config[key]``: a session config object or a plain dict."""
    if config is None:
        return {}
    found = config.get(key) if isinstance(config, Mapping) else getattr(config, key, None)
    return found or {}


def truncate_tool_output(output: str, tool_name: str, config: Any = None) -> str:
    """What the model is shown of a tool's output: the character limit first (it alone bounds
    size), then the line limit; ``config`` may override both per tool through its
    ``tool_output_limits`` and ``tool_line_limits``."""
    max_chars = _overrides(config, "tool_output_limits").get(
        tool_name, DEFAULT_TOOL_LIMITS.get(tool_name, FALLBACK_LIMIT)
    )
    mode = DEFAULT_TRUNCATION_MODES.get(tool_name, FALLBACK_MODE)
    result = truncate_output(output, max_chars, mode)
    max_lines = _overrides(config, "tool_line_limits").get(
        tool_name, DEFAULT_LINE_LIMITS.get(tool_name)
    )
    if max_lines is not None:
        result = truncate_lines(result, max_lines)
    return result
