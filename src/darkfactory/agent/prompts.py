"""System prompt construction (§6): the layers, the environment and git context, project docs.

``layered_system_prompt`` joins the five layers of §6.1 in order: provider base instructions,
environment context (with the git snapshot), tool descriptions, project instructions, and the
user's override last. Everything about the machine is read through the ExecutionEnvironment,
so the prompt describes wherever the tools actually run.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from darkfactory.llm.types import ToolDefinition

PROJECT_DOC_BUDGET = 32 * 1024
PROJECT_DOC_TRUNCATED = "[Project instructions truncated at 32KB]"
UNIVERSAL_DOC = "AGENTS.md"
PROVIDER_DOCS = {
    "openai": (".codex/instructions.md",),
    "anthropic": ("CLAUDE.md",),
    "gemini": ("GEMINI.md",),
}
GIT_TIMEOUT_MS = 5_000
RECENT_COMMITS = 10


@dataclass
class GitContext:
    """A snapshot of the repository at session start (§6.4)."""

    root: str
    branch: str
    modified: int = 0
    untracked: int = 0
    recent_commits: list[str] = field(default_factory=list)


GIT_PARTS = 4  # the work tree's root, the branch, the status, the recent commits
# One command for the whole snapshot, each part's output after a line of its own, so that a
# session starts one process where it would start four.
GIT_MARK = "@@darkfactory-git@@"
GIT_SNAPSHOT = "git rev-parse --show-toplevel" + "".join(
    f" && echo {GIT_MARK} && {{ {part} 2>/dev/null || true; }}"
    for part in (
        "git branch --show-current",
        "git status --porcelain",
        f"git log --oneline -n {RECENT_COMMITS}",  # none yet in a new repository
    )
)
# Variables that point git at a repository from anywhere, whatever the directories hold.
GIT_LOCATORS = ("GIT_DIR", "GIT_WORK_TREE")


def in_work_tree(env) -> bool:
    """Whether git could find a work tree here: a ``.git`` entry (a repository's folder, or the
    file of a linked worktree or submodule) in the working directory or one above it, or a
    variable that names one. Without any, git finds none, and no process need ask it."""
    if any(name in os.environ for name in GIT_LOCATORS):
        return True
    folder = env.working_directory()
    while True:
        if env.file_exists(posixpath.join(folder, ".git")):
            return True
        parent = posixpath.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def git_context(env) -> GitContext | None:
    """Branch, short status counts and recent commit subjects, or None outside a repository."""
    if not in_work_tree(env):
        return None
    result = env.exec_command(GIT_SNAPSHOT, GIT_TIMEOUT_MS, env.working_directory(), None)
    if result.exit_code != 0 or result.timed_out:
        return None
    parts: list[list[str]] = [[]]
    for line in result.stdout.splitlines():
        if line == GIT_MARK:
            parts.append([])
        elif line.strip():
            parts[-1].append(line)
    if len(parts) != GIT_PARTS:
        return None
    root, branch, status, log = parts
    return GitContext(
        root=root[0] if root else "",
        branch=branch[0].strip() if branch else "(detached)",
        modified=sum(1 for line in status if not line.startswith("??")),
        untracked=sum(1 for line in status if line.startswith("??")),
        recent_commits=[line.strip() for line in log],
    )


def environment_context(
    env, model: str, knowledge_cutoff: str, git: GitContext | None, today: date | None = None
) -> str:
    """The ``<environment>`` block of §6.3, followed by the git snapshot when there is one."""
    lines = [
        "<environment>",
        f"Working directory: {env.working_directory()}",
        f"Is git repository: {'true' if git else 'false'}",
        f"Git branch: {git.branch if git else '(none)'}",
        f"Platform: {env.platform()}",
        f"OS version: {env.os_version()}",
        f"Today's date: {(today or date.today()).isoformat()}",
        f"Model: {model}",
        f"Knowledge cutoff: {knowledge_cutoff}",
        "</environment>",
    ]
    if git:
        lines += [
            "<git>",
            f"Status: {git.modified} modified, {git.untracked} untracked",
            "Recent commits:",
            *(f"  {commit}" for commit in git.recent_commits),
            "</git>",
        ]
    return "\n".join(lines)


def tool_descriptions(tools: Sequence[ToolDefinition]) -> str:
    """Layer 3: one line per tool the model is offered."""
    return "# Tools\n\n" + "\n".join(f"- {t.name}: {t.description}" for t in tools)


def project_doc_names(provider_id: str) -> tuple[str, ...]:
    """AGENTS.md always, plus the instruction files of the active provider (§6.5)."""
    return (UNIVERSAL_DOC, *PROVIDER_DOCS.get(provider_id, ()))


def _walk(root: str, cwd: str) -> list[str]:
    """The directories from ``root`` down to ``cwd``, root first."""
    relative = posixpath.relpath(cwd, root)
    if relative.startswith(".."):
        return [cwd]
    parts = [] if relative == "." else relative.split("/")
    return [posixpath.join(root, *parts[:i]) for i in range(len(parts) + 1)]


def discover_project_docs(env, provider_id: str, git_root: str | None = None) -> str:
    """The project instruction files from the git root (or working dir) down to the working dir.

    Root-level files come first, deeper ones after (so they take precedence); the whole is cut
    at 32 KB with a marker.
    """
    cwd = env.working_directory()
    sections: list[str] = []
    for directory in _walk(git_root or cwd, cwd):
        for name in project_doc_names(provider_id):
            path = posixpath.join(directory, name)
            if env.file_exists(path):
                sections.append(f"## {path}\n\n{env.read_text(path).rstrip()}")
    text = "\n\n".join(sections)
    encoded = text.encode()
    if len(encoded) <= PROJECT_DOC_BUDGET:
        return text
    kept = encoded[:PROJECT_DOC_BUDGET].decode(errors="ignore")
    return f"{kept}\n{PROJECT_DOC_TRUNCATED}"


def layered_system_prompt(
    base_instructions: str,
    environment: str,
    tools: Sequence[ToolDefinition],
    project_docs: str = "",
    user_instructions: str | None = None,
) -> str:
    layers = [base_instructions.strip(), environment, tool_descriptions(tools)]
    if project_docs:
        layers.append("# Project instructions\n\n" + project_docs)
    if user_instructions:
        layers.append("# User instructions\n\n" + user_instructions.strip())
    return "\n\n".join(layers)
