"""Fixtures for the LLM client's tests: a ``Client`` wired to the universe's provider twins.

``PROVIDERS`` parametrises the cross-provider tests; a provider whose twin the universe does not
serve is skipped. Nothing here reaches beyond loopback.
"""

from __future__ import annotations

import pytest

from darkfactory.llm import AnthropicAdapter, Client, GeminiAdapter, OpenAIAdapter

PROVIDERS = ("openai", "anthropic", "gemini")
ADAPTERS = {"openai": OpenAIAdapter, "anthropic": AnthropicAdapter, "gemini": GeminiAdapter}


def twin_credentials(universe, provider: str) -> dict:
    credentials = universe.credentials
    if provider not in credentials:
        pytest.skip(f"the universe serves no {provider} twin")
    return credentials[provider]


@pytest.fixture
def adapter_for(universe):
    """``adapter_for(provider, api_key=None, **kwargs)``: an adapter pointed at its twin."""

    def build(provider: str, api_key: str | None = None, **kwargs):
        creds = twin_credentials(universe, provider)
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

