"""pytest fixtures: ready ``anthropic`` SDK clients for the test universe's Anthropic twin, and
the shared ``llm_script`` / ``llm_exchanges`` fixtures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from darkfactory.twins.kit.sdk import sdk
from darkfactory.twins.llm.testing import llm_exchanges, llm_script

if TYPE_CHECKING:
    from anthropic import Anthropic, AsyncAnthropic

__all__ = ["anthropic_client", "async_anthropic_client", "llm_exchanges", "llm_script"]


@pytest.fixture
def anthropic_credentials(universe) -> dict:
    return universe.credentials["anthropic"]


@pytest.fixture
def anthropic_client(anthropic_credentials) -> Anthropic:
    """An ``anthropic.Anthropic`` client with the seeded API key (SDK default retries)."""
    return sdk("anthropic", "anthropic").Anthropic(
        base_url=anthropic_credentials["base_url"], api_key=anthropic_credentials["api_key"]
    )


@pytest.fixture
def async_anthropic_client(anthropic_credentials) -> AsyncAnthropic:
    return sdk("anthropic", "anthropic").AsyncAnthropic(
        base_url=anthropic_credentials["base_url"], api_key=anthropic_credentials["api_key"]
    )
