"""pytest fixtures: ready ``openai`` SDK clients for the test universe's OpenAI twin, and the
shared ``llm_script`` / ``llm_exchanges`` fixtures."""

from __future__ import annotations

import pytest
from openai import AsyncOpenAI, OpenAI

from darkfactory.twins.llm.testing import llm_exchanges, llm_script

__all__ = ["async_openai_client", "llm_exchanges", "llm_script", "openai_client"]


@pytest.fixture
def openai_credentials(universe) -> dict:
    return universe.credentials["openai"]


@pytest.fixture
def openai_client(openai_credentials) -> OpenAI:
    """An ``openai.OpenAI`` client with the seeded API key (SDK default retries)."""
    return OpenAI(base_url=openai_credentials["base_url"], api_key=openai_credentials["api_key"])


@pytest.fixture
def async_openai_client(openai_credentials) -> AsyncOpenAI:
    return AsyncOpenAI(
        base_url=openai_credentials["base_url"], api_key=openai_credentials["api_key"]
    )
