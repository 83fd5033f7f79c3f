"""edit_file (§3.3): replace an exact string in a file; unique unless every occurrence is
wanted, with whitespace- and punctuation-tolerant matching when the exact text is not there.

Two schemas: Claude Code's ``replace_all`` flag, and gemini-cli's ``expected_replacements``."""

from __future__ import annotations

from typing import Any

from darkfactory.agent.environment import ExecutionEnvironment
from darkfactory.agent.registry import RegisteredTool, ToolError
from darkfactory.agent.tools.common import make_tool
from darkfactory.agent.tools.fuzzy import fuzzy_spans

DESCRIPTION = (
    "Replace an exact string occurrence in a file. old_string must match the file exactly, "
    "including indentation, and must be unique unless replace_all is true; include surrounding "
    "lines to make it unique. Read the file before editing it."
)
GEMINI_DESCRIPTION = (
    "Replace text within a file. old_string must match the file exactly, including whitespace "
    "and indentation, with enough context (several lines before and after) to identify the one "
    "place to change; by default exactly one occurrence is replaced, set expected_replacements "
    "to replace that many."
)
PROPERTIES = {
    "file_path": {"type": "string", "description": "Absolute path to the file"},
    "old_string": {"type": "string", "description": "The exact text to find"},
    "new_string": {"type": "string", "description": "The replacement text"},
}
REPLACE_ALL = {"type": "boolean", "description": "Replace every occurrence (default false)"}
EXPECTED = {"type": "integer", "minimum": 1, "description": "Occurrences to replace (default 1)"}


def exact_spans(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + len(needle))
    return spans


def replace(text: str, path: str, old: str, new: str, expected: int | None) -> tuple[str, str]:
    """``text`` with ``old`` replaced by ``new`` (every occurrence when ``expected`` is None,
    else exactly that many must exist) and a confirmation message."""
    if not old:
        raise ToolError("old_string is empty; use write_file to create or overwrite a file")
    if old == new:
        raise ToolError("No changes to make: old_string and new_string are the same")
    spans, how = exact_spans(text, old), ""
    if not spans:
        spans, how = fuzzy_spans(text, old), " (matched ignoring whitespace and punctuation style)"
    if not spans:
        raise ToolError(
            f"old_string not found in {path}. Read the file and copy the text exactly, "
            "including whitespace and indentation."
        )
    if expected == 1 and len(spans) > 1:
        raise ToolError(
            f"old_string matches {len(spans)} places in {path}; include more surrounding context "
            "to make it unique, or replace every occurrence."
        )
    if expected is not None and len(spans) != expected:
        raise ToolError(
            f"Expected {expected} occurrences of old_string in {path}, found {len(spans)}"
        )
    for start, end in reversed(spans):
        text = text[:start] + new + text[end:]
    noun = "occurrence" if len(spans) == 1 else "occurrences"
    return text, f"Replaced {len(spans)} {noun} in {path}{how}"


def edit(arguments: dict[str, Any], env: ExecutionEnvironment, expected: int | None) -> str:
    path = arguments["file_path"]
    text, message = replace(
        env.read_text(path), path, arguments["old_string"], arguments["new_string"], expected
    )
    env.write_file(path, text)
    return message


def edit_file(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    return edit(arguments, env, None if arguments.get("replace_all") else 1)


def gemini_edit_file(arguments: dict[str, Any], env: ExecutionEnvironment) -> str:
    return edit(arguments, env, arguments.get("expected_replacements", 1))


def edit_file_tool() -> RegisteredTool:
    properties = {**PROPERTIES, "replace_all": REPLACE_ALL}
    return make_tool("edit_file", DESCRIPTION, properties, list(PROPERTIES), edit_file)


def gemini_edit_file_tool() -> RegisteredTool:
    properties = {**PROPERTIES, "expected_replacements": EXPECTED}
    return make_tool(
        "edit_file", GEMINI_DESCRIPTION, properties, list(PROPERTIES), gemini_edit_file
    )
