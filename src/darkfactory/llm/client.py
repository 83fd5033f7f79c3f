"""The Client: registered provider adapters, routing by provider, middleware; ``from_env()``;
and the module-level default client the high-level functions use.

Routing (the spec's "the Client never guesses"): the request's ``provider``; else
``default_provider``; else ConfigurationError. A client made with ``route_by_catalog`` (as
``from_env()`` makes it, for the spec's smoke test that names Claude and GPT models with no
provider) first tries the provider the catalog knows the model under, when it is registered.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from darkfactory.llm.catalog import get_model_info
from darkfactory.llm.errors import ConfigurationError
from darkfactory.llm.middleware import Middleware, as_middleware, chain
from darkfactory.llm.providers.anthropic import AnthropicAdapter
from darkfactory.llm.providers.base import HTTPAdapter
from darkfactory.llm.providers.gemini import GeminiAdapter
from darkfactory.llm.providers.openai import OpenAIAdapter
from darkfactory.llm.types import Request, Response, StreamEvent


class Client:
    def __init__(
        self,
        providers: Mapping[str, HTTPAdapter] | None = None,
        default_provider: str | None = None,
        middleware: Sequence[Middleware | Callable[..., Any]] = (),
        route_by_catalog: bool = False,
    ) -> None:
        self.providers: dict[str, HTTPAdapter] = {}
        for name, adapter in (providers or {}).items():
            self.register(name, adapter)
        if default_provider is not None and default_provider not in self.providers:
            raise ConfigurationError(f"default provider {default_provider!r} is not registered")
        self.default_provider = default_provider
        self.route_by_catalog = route_by_catalog
        self.middleware = [as_middleware(m) for m in middleware]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Client:
        """Adapters for every provider whose key is set; the first one is the default, and a
        model the catalog knows goes to its provider."""
        env = os.environ if environ is None else environ
        providers: dict[str, HTTPAdapter] = {}
        if env.get("OPENAI_API_KEY"):
            providers["openai"] = OpenAIAdapter(
                env["OPENAI_API_KEY"],
                env.get("OPENAI_BASE_URL"),
                organization=env.get("OPENAI_ORG_ID"),
                project=env.get("OPENAI_PROJECT_ID"),
            )
        if env.get("ANTHROPIC_API_KEY"):
            providers["anthropic"] = AnthropicAdapter(
                env["ANTHROPIC_API_KEY"], env.get("ANTHROPIC_BASE_URL")
            )
        gemini_key = env.get("GEMINI_API_KEY") or env.get("GOOGLE_API_KEY")
        if gemini_key:
            providers["gemini"] = GeminiAdapter(gemini_key, env.get("GEMINI_BASE_URL"))
        kwargs.setdefault("route_by_catalog", True)
        return cls(providers, next(iter(providers), None), **kwargs)

    def register(self, name: str, adapter: HTTPAdapter) -> None:
        adapter.initialize()
        self.providers[name] = adapter

    def resolve(self, request: Request) -> tuple[Request, HTTPAdapter]:
        name = request.provider
        if name is None and self.route_by_catalog:
            known = get_model_info(request.model)
            name = known.provider if known and known.provider in self.providers else None
        name = name or self.default_provider
        if name is None:
            raise ConfigurationError("no provider given and no default provider configured")
        if name not in self.providers:
            raise ConfigurationError(
                f"provider {name!r} is not registered "
                f"(registered: {', '.join(self.providers) or 'none'})"
            )
        return replace(request, provider=name), self.providers[name]

    def _call(self, request: Request, hook: str) -> Any:
        request, adapter = self.resolve(request)
        return chain(self.middleware, hook, getattr(adapter, hook))(request)

    def complete(self, request: Request) -> Response:
        return self._call(request, "complete")

    async def acomplete(self, request: Request) -> Response:
        return await self._call(request, "acomplete")

    def stream(self, request: Request) -> Iterator[StreamEvent]:
        return self._call(request, "stream")

    def astream(self, request: Request) -> AsyncIterator[StreamEvent]:
        return self._call(request, "astream")

    def close(self) -> None:
        for adapter in self.providers.values():
            adapter.close()

    async def aclose(self) -> None:
        for adapter in self.providers.values():
            await adapter.aclose()


_default_client: Client | None = None


def set_default_client(client: Client | None) -> None:
    global _default_client
    _default_client = client


def get_default_client() -> Client:
    """The module-level client, built from the environment on first use."""
    global _default_client
    if _default_client is None:
        _default_client = Client.from_env()
    return _default_client
