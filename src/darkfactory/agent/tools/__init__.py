"""The agent's tools, one module each, and the tool sets each provider profile starts from
(§3.3-§3.6). Every factory returns a fresh RegisteredTool; shell timeouts are per profile."""

from __future__ import annotations

from darkfactory.agent.registry import RegisteredTool
from darkfactory.agent.tools.apply_patch import apply_patch_tool
from darkfactory.agent.tools.edit_file import edit_file_tool, gemini_edit_file_tool
from darkfactory.agent.tools.glob import glob_tool
from darkfactory.agent.tools.grep import grep_tool
from darkfactory.agent.tools.list_dir import list_dir_tool
from darkfactory.agent.tools.read_file import read_file_tool
from darkfactory.agent.tools.read_many_files import read_many_files_tool
from darkfactory.agent.tools.shell import MAX_TIMEOUT_MS, shell_tool
from darkfactory.agent.tools.summaries import summaries_tool
from darkfactory.agent.tools.write_file import write_file_tool

OPENAI_SHELL_TIMEOUT_MS = 10_000
ANTHROPIC_SHELL_TIMEOUT_MS = 120_000
GEMINI_SHELL_TIMEOUT_MS = 10_000


def core_tools(
    shell_timeout_ms: int = OPENAI_SHELL_TIMEOUT_MS, max_timeout_ms: int = MAX_TIMEOUT_MS
) -> list[RegisteredTool]:
    """The shared core of §3.3: read_file, write_file, edit_file, shell, grep, glob."""
    return [
        read_file_tool(),
        write_file_tool(),
        edit_file_tool(),
        shell_tool(shell_timeout_ms, max_timeout_ms),
        grep_tool(),
        glob_tool(),
    ]


def openai_tools(
    shell_timeout_ms: int = OPENAI_SHELL_TIMEOUT_MS, max_timeout_ms: int = MAX_TIMEOUT_MS
) -> list[RegisteredTool]:
    """codex-rs-aligned (§3.4): apply_patch instead of edit_file; write_file for new files."""
    return [
        read_file_tool(),
        apply_patch_tool(),
        write_file_tool(),
        shell_tool(shell_timeout_ms, max_timeout_ms),
        grep_tool(),
        glob_tool(),
    ]


def anthropic_tools(
    shell_timeout_ms: int = ANTHROPIC_SHELL_TIMEOUT_MS, max_timeout_ms: int = MAX_TIMEOUT_MS
) -> list[RegisteredTool]:
    """Claude Code-aligned (§3.5): edit_file with replace_all, grep with output modes."""
    return [
        read_file_tool(),
        write_file_tool(),
        edit_file_tool(),
        shell_tool(shell_timeout_ms, max_timeout_ms),
        grep_tool(output_modes=True),
        glob_tool(),
    ]


def gemini_tools(
    shell_timeout_ms: int = GEMINI_SHELL_TIMEOUT_MS, max_timeout_ms: int = MAX_TIMEOUT_MS
) -> list[RegisteredTool]:
    """gemini-cli-aligned (§3.6): adds read_many_files and list_dir; edit_file takes
    expected_replacements."""
    return [
        read_file_tool(),
        read_many_files_tool(),
        write_file_tool(),
        gemini_edit_file_tool(),
        shell_tool(shell_timeout_ms, max_timeout_ms),
        grep_tool(),
        glob_tool(),
        list_dir_tool(),
    ]


__all__ = [
    "anthropic_tools",
    "apply_patch_tool",
    "core_tools",
    "edit_file_tool",
    "gemini_edit_file_tool",
    "gemini_tools",
    "glob_tool",
    "grep_tool",
    "list_dir_tool",
    "openai_tools",
    "read_file_tool",
    "read_many_files_tool",
    "shell_tool",
    "summaries_tool",
    "write_file_tool",
]
