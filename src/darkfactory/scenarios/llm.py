"""Where scenarios meet an LLM: the client a trial's judge and simulated users talk to.

``LLMSettings.source`` picks the endpoints: ``twins`` (the default) points ``darkfactory.llm`` at
the trial universe's own OpenAI, Anthropic and Gemini twins, so scripted or built-in models answer
and nothing leaves the machine; ``env`` uses ``Client.from_env()``, real providers with the keys in
the environment. ``scripts`` (YAML/JSON files) are registered on the twins of every baseline.
``max_calls`` bounds how many model calls the run's judges and simulated users make at once,
in this process (a Ray run: in each worker process), however many actors and trials there are.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from darkfactory.llm import AnthropicAdapter, Client, GeminiAdapter, OpenAIAdapter
from darkfactory.llm.middleware import Middleware

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe

ADAPTERS = {"openai": OpenAIAdapter, "anthropic": AnthropicAdapter, "gemini": GeminiAdapter}


@dataclass(frozen=True)
class LLMSettings:
    """How a run's judges and LLM actors reach a model."""

    source: Literal["twins", "env"] = "twins"
    judge_model: str | None = None  # overrides every scenario's judge.model
    judge_provider: str | None = None
    scripts: tuple[Path, ...] = field(default_factory=tuple)
    max_calls: int = 0  # model calls at once, across the run's actors and judges; 0: no limit

    def client(self, credentials: dict[str, dict]) -> Client:
        """A client over the universe's LLM twins (their ``credentials``), or the real providers."""
        limit = [calls_at_once(self.max_calls)] if self.max_calls else []
        if self.source == "env":
            return Client.from_env(middleware=limit)
        providers = {
            name: adapter(credentials[name]["api_key"], credentials[name]["base_url"])
            for name, adapter in ADAPTERS.items()
            if name in credentials
        }
        return Client(
            providers, next(iter(providers), None), middleware=limit, route_by_catalog=True
        )

    def register_scripts(self, universe: Universe) -> None:
        """Put the script files on every LLM twin of ``universe`` (before it is forked)."""
        if not self.scripts:
            return
        from darkfactory.twins.llm.script import load_file

        scripts = [s for path in self.scripts for s in load_file(path)]
        with universe.store.transaction():
            for name in ADAPTERS:
                if name in universe.twins:
                    universe.twins[name].state.register(scripts)


class CallLimit(Middleware):
    """At most ``limit`` model calls in flight at once, through every client that shares it."""

    def __init__(self, limit: int) -> None:
        self.slots = threading.BoundedSemaphore(limit)

    def complete(self, request, call_next):
        with self.slots:
            return call_next(request)

    def stream(self, request, call_next):
        with self.slots:
            yield from call_next(request)


@cache
def calls_at_once(limit: int) -> CallLimit:
    """The one limiter of ``limit`` calls this process's clients share."""
    return CallLimit(limit)
