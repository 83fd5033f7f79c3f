"""Helpers and pytest fixtures shared by the LLM twins: register scripts, read recorded exchanges.

``register_script`` and ``exchanges`` work against any running universe by URL and admin token
(both are the twins' setup routes); the fixtures
``llm_script`` and ``llm_exchanges`` bind them to the test's ``universe``. Each provider's
``testing.py`` re-exports the fixtures, so they are there whichever LLM twin is served.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from darkfactory.twins.kit.access import admin_headers
from darkfactory.twins.llm.script import Script, load_file, parse_scripts

PROVIDERS = ("openai", "anthropic", "gemini")


def register_script(
    url: str,
    script: dict[str, Any] | list | str | Path | Script,
    providers: tuple[str, ...] | list[str] = PROVIDERS,
    token: str | None = None,
) -> list[Script]:
    """Register a script (a dict, a list, a Script, or a YAML/JSON file) on each provider twin."""
    if isinstance(script, str | Path):
        scripts = load_file(script)
    elif isinstance(script, Script):
        scripts = [script]
    else:
        scripts = parse_scripts(script)
    payload = {"scripts": [s.model_dump(by_alias=True, exclude_unset=True) for s in scripts]}
    for provider in providers:
        httpx.post(
            f"{url}/{provider}/_scripts", json=payload, headers=admin_headers(token), timeout=30
        ).raise_for_status()
    return scripts


def exchanges(
    url: str, provider: str, model: str | None = None, token: str | None = None
) -> list[dict[str, Any]]:
    """What one provider twin received and answered, oldest first (see ``LlmState.exchanges``)."""
    params = {"model": model} if model else {}
    response = httpx.get(
        f"{url}/{provider}/_exchanges", params=params, headers=admin_headers(token), timeout=30
    )
    response.raise_for_status()
    return response.json()["exchanges"]


@pytest.fixture
def llm_script(universe):
    """Register a script on the LLM twins: ``llm_script(model=..., turns=[...])``, or pass a
    script dict / list / file path; ``providers=("openai",)`` limits where it goes."""
    served = [p for p in PROVIDERS if p in universe.universe.twins]

    def register(script: Any = None, *, providers=None, **fields: Any) -> list[Script]:
        return register_script(
            universe.url, script or fields, providers or served, universe.universe.admin_token
        )

    return register


@pytest.fixture
def llm_exchanges(universe):
    """Read recorded exchanges: ``llm_exchanges("openai", model=None)`` -> list of dicts with
    ``request`` (the JSON body as sent), ``prompt`` (neutral form), ``reply``, ``error``,
    ``status``, ``operation`` and ``stream``."""

    def read(provider: str, model: str | None = None) -> list[dict[str, Any]]:
        return exchanges(universe.url, provider, model, universe.universe.admin_token)

    return read
