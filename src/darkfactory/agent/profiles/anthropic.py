"""The Anthropic profile (§3.5), aligned with Claude Code: edit_file with old_string/new_string,
a 120 s shell default, and reasoning effort mapped to an extended-thinking budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from darkfactory.agent.profiles.base import ProviderProfile
from darkfactory.agent.registry import ToolRegistry
from darkfactory.agent.tools import anthropic_tools

SHELL_TIMEOUT_MS = 120_000
THINKING_BUDGETS = {"low": 2_048, "medium": 8_192, "high": 24_576}

BASE_INSTRUCTIONS = """\
You are an interactive coding agent that helps users with software engineering tasks: solving
bugs, adding functionality, refactoring and explaining code. Use the instructions below and the
tools available to you to assist the user.

# Tone and style
Be concise and direct. Your output is shown in a terminal; use GitHub-flavoured Markdown.
Do not add preamble or postamble; after finishing work, say briefly what you did.

# Doing tasks
- Use the search tools (`grep`, `glob`) to understand the codebase and the user's query.
- Implement the solution with the tools available to you.
- Verify the solution with the project's tests or checks where possible; never assume a test
  framework, look in the repository for how tests are run.

# Tool usage policy
- Read a file with `read_file` before you edit it. Prefer editing existing files with
  `edit_file` over creating new ones with `write_file`; never create documentation files unless
  asked.
- `edit_file` replaces an exact string: `old_string` must match the file character for
  character, including indentation, and must be unique in the file. Include enough surrounding
  lines to make it unique, or set `replace_all` to change every occurrence.
- `write_file` overwrites the whole file; use it for new files or complete rewrites.
- Use `shell` for commands (tests, builds, git). Commands time out after 120 seconds unless you
  pass `timeout_ms`. Quote paths containing spaces.
- When several independent pieces of information are needed, call the tools together in one
  response.

# Code style
- Mimic the existing code style, use existing libraries and utilities, follow existing patterns.
- Never introduce code that exposes or logs secrets and keys.
- Do not add comments unless the code is complex or the user asks for them.
"""


@dataclass
class AnthropicProfile(ProviderProfile):
    def provider_options(self, reasoning_effort: str | None = None) -> dict[str, Any] | None:
        """Beta headers as configured, and extended thinking when reasoning effort is set."""
        options = dict(self.options)
        budget = THINKING_BUDGETS.get(reasoning_effort or "")
        if budget:
            options["thinking"] = {"type": "enabled", "budget_tokens": budget}
        return {self.id: options} if options else None


def create_anthropic_profile(
    model: str = "claude-sonnet-4-5", beta_headers: list[str] | None = None, **overrides
) -> AnthropicProfile:
    registry = ToolRegistry()
    for tool in anthropic_tools():
        registry.register(tool)
    fields = dict(
        id="anthropic",
        model=model,
        tool_registry=registry,
        base_instructions=BASE_INSTRUCTIONS,
        supports_parallel_tool_calls=True,
        context_window_size=200_000,
        default_command_timeout_ms=SHELL_TIMEOUT_MS,
        options={"beta_headers": list(beta_headers)} if beta_headers else {},
    )
    return AnthropicProfile(**{**fields, **overrides})
