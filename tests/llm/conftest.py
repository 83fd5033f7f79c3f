"""Fixtures for the LLM client's tests: a ``Client`` wired to the universe's provider twins.

``PROVIDERS`` parametrises the cross-provider tests; a provider whose twin the universe does not
serve is skipped. Nothing here reaches beyond loopback.
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import httpx
import pytest

from darkfactory.llm import AnthropicAdapter, Client, GeminiAdapter, OpenAIAdapter

PROVIDERS = ("openai", "anthropic", "gemini")
ADAPTERS = {"openai": OpenAIAdapter, "anthropic": AnthropicAdapter, "gemini": GeminiAdapter}


@pytest.fixture(scope="session")
def llm_credentials(universe_session) -> dict:
    """The seeded credentials of the LLM twins (the same after every restore), read once."""
    server, _ = universe_session
    admin = {"Authorization": f"Bearer {server.universe.admin_token}"}
    return httpx.get(f"{server.url}/_universe/credentials", headers=admin, timeout=30).json()


@pytest.fixture
def adapter_for(universe, llm_credentials):
    """``adapter_for(provider, api_key=None, **kwargs)``: an adapter pointed at its twin."""

    def build(provider: str, api_key: str | None = None, **kwargs):
        if provider not in llm_credentials:
            pytest.skip(f"the universe serves no {provider} twin")
        creds = llm_credentials[provider]
        return ADAPTERS[provider](api_key or creds["api_key"], creds["base_url"], **kwargs)

    return build


@pytest.fixture
def client_for(adapter_for):
    """``client_for(provider, **kwargs)``: a Client whose only (and default) provider it is."""
    made: list[Client] = []

    def build(provider: str, **kwargs) -> Client:
        client = Client({provider: adapter_for(provider, **kwargs)}, provider)
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


@pytest.fixture(params=PROVIDERS)
def provider(request) -> str:
    return request.param


@pytest.fixture
def client(client_for, provider) -> Client:
    return client_for(provider)


@pytest.fixture
def last_request(llm_exchanges):
    """``last_request(provider)``: the JSON body the provider's twin last received."""

    def read(provider: str) -> dict:
        return llm_exchanges(provider)[-1]["request"]

    return read


@pytest.fixture
def llm_script(llm_script, request):
    """The twins' ``llm_script``, registering only on the provider under test when a test is
    parametrised by ``provider`` (and no ``providers`` are given)."""
    callspec = getattr(request.node, "callspec", None)
    provider = callspec.params.get("provider") if callspec else None

    def register(*args, **kwargs):
        if provider is not None:
            kwargs.setdefault("providers", (provider,))
        return llm_script(*args, **kwargs)

    return register


@pytest.fixture
def no_sleep(monkeypatch) -> list[float]:
    """Retry waits recorded instead of slept."""
    slept: list[float] = []
    retry_module = importlib.import_module("darkfactory.llm.retry")  # the package's retry()
    monkeypatch.setattr(retry_module, "time", SimpleNamespace(sleep=slept.append))
    return slept
