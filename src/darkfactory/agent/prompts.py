"""System prompt construction (§6): the layers, the environment and git context, project docs.

``layered_system_prompt`` joins the five layers of §6.1 in order: provider base instructions,
environment context (with the git snapshot), tool descriptions, project instructions, and the
user's override last. Everything about the machine is read through the ExecutionEnvironment,
so the prompt describes wherever the tools actually run.
"""

from __future__ import annotations

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


def _git(env, args: str, cwd: str) -> str | None:
    result = env.exec_command(f"git {args}", GIT_TIMEOUT_MS, cwd, None)
    return result.stdout.strip() if result.exit_code == 0 and not result.timed_out else None


def git_context(env) -> GitContext | None:
    """Branch, short status counts and recent commit subjects, or None outside a repository."""
    cwd = env.working_directory()
    root = _git(env, "rev-parse --show-toplevel", cwd)
    if root is None:
        return None
    status = (_git(env, "status --porcelain", cwd) or "").splitlines()
    log = _git(env, f"log --oneline -n {RECENT_COMMITS}", cwd) or ""
    return GitContext(
        root=root,
        branch=_git(env, "branch --show-current", cwd) or "(detached)",
        modified=sum(1 for line in status if not line.startswith("??")),
        untracked=sum(1 for line in status if line.startswith("??")),
        recent_commits=log.splitlines(),
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
