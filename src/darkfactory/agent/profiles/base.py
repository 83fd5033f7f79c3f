"""The ProviderProfile (§3.2): a model family's tools, system prompt and capabilities.

A profile owns its ToolRegistry; registering a tool on it after creation adds or replaces one
(latest wins, §3.7). Sessions take their tools from ``session_registry``, which sizes the stock
shell tool's timeouts from the session's config. ``build_system_prompt`` assembles the layers
of §6.1 around the profile's base instructions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from darkfactory.agent.config import SessionConfig
from darkfactory.agent.prompts import layered_system_prompt
from darkfactory.agent.registry import RegisteredTool, ToolRegistry
from darkfactory.agent.tools.shell import shell_tool
from darkfactory.llm.types import ToolDefinition


@dataclass
class ProviderProfile:
    id: str
    model: str
    tool_registry: ToolRegistry
    base_instructions: str
    supports_reasoning: bool = True
    supports_streaming: bool = True
    supports_parallel_tool_calls: bool = False
    context_window_size: int = 200_000
    knowledge_cutoff: str = "unknown"
    default_command_timeout_ms: int | None = None  # None: SessionConfig's default applies
    options: dict[str, Any] = field(default_factory=dict)
    stock_shell: RegisteredTool | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.stock_shell is None:
            self.stock_shell = self.tool_registry.get("shell")

    def tools(self) -> list[ToolDefinition]:
        return self.tool_registry.definitions()

    def session_registry(self, config: SessionConfig) -> ToolRegistry:
        """The tools for a session under ``config``: the profile's, with the stock shell tool
        rebuilt for the session's command timeouts (the profile's own default wins, §3.5). A
        custom tool registered as "shell" is kept as it is."""
        registry = ToolRegistry([self.tool_registry.get(n) for n in self.tool_registry.names()])
        if self.stock_shell is not None and registry.get("shell") is self.stock_shell:
            default = self.default_command_timeout_ms or config.default_command_timeout_ms
            registry.register(shell_tool(default, config.max_command_timeout_ms))
        return registry

    def provider_options(self, reasoning_effort: str | None = None) -> dict[str, Any] | None:
        """Request ``provider_options`` for this profile's provider, or None when empty."""
        return {self.id: dict(self.options)} if self.options else None

    def build_system_prompt(
        self,
        environment: str,
        project_docs: str = "",
        user_instructions: str | None = None,
        tools: list[ToolDefinition] | None = None,
    ) -> str:
        """Layers 1-5: base instructions, ``environment`` (the context block), tools, project
        docs and the user's override."""
        return layered_system_prompt(
            self.base_instructions,
            environment,
            self.tools() if tools is None else tools,
            project_docs,
            user_instructions,
        )

    def with_model(self, model: str) -> ProviderProfile:
        """The same profile (sharing its registry) for another model of the family."""
        return replace(self, model=model)
