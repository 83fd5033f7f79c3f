"""pytest fixtures: ready ``google-genai`` clients for the test universe's Gemini twin, and the
shared ``llm_script`` / ``llm_exchanges`` fixtures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from darkfactory.twins.kit.sdk import sdk
from darkfactory.twins.llm.testing import llm_exchanges, llm_script

if TYPE_CHECKING:
    from google import genai

__all__ = ["async_genai_client", "genai_client", "llm_exchanges", "llm_script"]


@pytest.fixture
def gemini_credentials(universe) -> dict:
    return universe.credentials["gemini"]


@pytest.fixture
def genai_client(gemini_credentials) -> genai.Client:
    """A ``google.genai.Client`` on the twin (``http_options.base_url``) with the seeded key."""
    genai = sdk("google.genai", "google-genai")
    return genai.Client(
        api_key=gemini_credentials["api_key"],
        http_options=genai.types.HttpOptions(base_url=gemini_credentials["base_url"]),
    )


@pytest.fixture
def async_genai_client(genai_client):
    """The same client's async surface (``client.aio``)."""
    return genai_client.aio
