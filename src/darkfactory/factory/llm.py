"""Where a factory run's models answer: the provider twins of an in-process universe, with the
project's scripted models (offline, no keys), or the real providers whose keys are set."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from darkfactory.factory.project import Project, Settings
from darkfactory.llm import AnthropicAdapter, Client, GeminiAdapter, OpenAIAdapter
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

ADAPTERS = {"openai": OpenAIAdapter, "anthropic": AnthropicAdapter, "gemini": GeminiAdapter}


@contextmanager
def llm_client(project: Project, settings: Settings) -> Iterator[Client]:
    if settings.llm_source == "env":
        client = Client.from_env()
        try:
            yield client
        finally:
            client.close()
        return
    scripts = {"scripts": str(project.models)} if project.models.is_dir() else {}
    universe = Universe(
        seed=settings.seed, twins=list(ADAPTERS), fixtures={p: scripts for p in ADAPTERS}
    )
    with UniverseServer(universe) as server:
        credentials = universe.credentials()
        client = Client(
            {
                name: adapter(credentials[name]["api_key"], credentials[name]["base_url"])
                for name, adapter in ADAPTERS.items()
            },
            route_by_catalog=True,
        )
        try:
            yield client
        finally:
            client.close()
            server.stop()
            universe.close()
