"""The model catalog: known models per provider, newest first, read from ``models.json``.

Prices are the providers' published list prices in USD per million tokens: input, output, cache
reads, and cache writes (Anthropic's five-minute writes; OpenAI and Gemini charge none). None
means no price is published.

Advisory only: a model id missing from the catalog is still sent to its provider as is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

CAPABILITIES = {
    "tools": "supports_tools",
    "vision": "supports_vision",
    "reasoning": "supports_reasoning",
}


@dataclass(frozen=True)
class ModelInfo:
    id: str
    provider: str
    display_name: str
    context_window: int
    max_output: int | None = None
    supports_tools: bool = False
    supports_vision: bool = False
    supports_reasoning: bool = False
    input_cost_per_million: float | None = None
    output_cost_per_million: float | None = None
    cache_read_cost_per_million: float | None = None
    cache_write_cost_per_million: float | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


@cache
def _models() -> tuple[ModelInfo, ...]:
    text = resources.files("darkfactory.llm").joinpath("models.json").read_text()
    return tuple(
        ModelInfo(**{**entry, "aliases": tuple(entry.get("aliases", ()))})
        for entry in json.loads(text)
    )


def list_models(provider: str | None = None) -> list[ModelInfo]:
    """All known models (newest first within a provider), optionally for one provider."""
    return [m for m in _models() if provider is None or m.provider == provider]


def get_model_info(model_id: str) -> ModelInfo | None:
    """The entry for ``model_id`` or one of its aliases; None when unknown."""
    for model in _models():
        if model_id == model.id or model_id in model.aliases:
            return model
    return None


def get_latest_model(provider: str, capability: str | None = None) -> ModelInfo | None:
    """The newest model of ``provider``, optionally with ``capability`` (tools/vision/reasoning)."""
    if capability is not None and capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}; known: {', '.join(CAPABILITIES)}")
    for model in list_models(provider):
        if capability is None or getattr(model, CAPABILITIES[capability]):
            return model
    return None
