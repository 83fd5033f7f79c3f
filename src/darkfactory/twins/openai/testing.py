"""pytest fixtures: ready ``openai`` SDK clients for the test universe's OpenAI twin, and the
shared ``llm_script`` / ``llm_exchanges`` fixtures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from darkfactory.twins.kit.sdk import sdk
from darkfactory.twins.llm.testing import llm_exchanges, llm_script

if TYPE_CHECKING:
    from openai import AsyncOpenAI, OpenAI

__all__ = ["async_openai_client", "llm_exchanges", "llm_script", "openai_client"]


@pytest.fixture
def openai_credentials(universe) -> dict:
    return universe.credentials["openai"]


@pytest.fixture
def openai_client(openai_credentials) -> OpenAI:
    """An ``openai.OpenAI`` client with the seeded API key (SDK default retries)."""
    return sdk("openai", "openai").OpenAI(
        base_url=openai_credentials["base_url"], api_key=openai_credentials["api_key"]
    )


@pytest.fixture
def async_openai_client(openai_credentials) -> AsyncOpenAI:
    return sdk("openai", "openai").AsyncOpenAI(
        base_url=openai_credentials["base_url"], api_key=openai_credentials["api_key"]
    )
