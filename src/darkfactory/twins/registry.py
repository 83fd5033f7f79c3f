"""The twins a universe can serve, by name, and where their classes live."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from darkfactory.twins.kit.twin import Twin

TWINS: dict[str, str] = {
    "slack": "darkfactory.twins.slack:SlackTwin",
    "okta": "darkfactory.twins.okta:OktaTwin",
    "openai": "darkfactory.twins.openai:OpenAITwin",
    "anthropic": "darkfactory.twins.anthropic:AnthropicTwin",
    "gemini": "darkfactory.twins.gemini:GeminiTwin",
}


def twin_classes(names: list[str] | None = None) -> list[type[Twin]]:
    """The twin classes for ``names`` (all known twins when None), in registry order."""
    chosen = list(TWINS) if names is None else names
    unknown = [n for n in chosen if n not in TWINS]
    if unknown:
        raise ValueError(f"unknown twins: {', '.join(unknown)}; known: {', '.join(TWINS)}")
    classes = []
    for name in chosen:
        module, _, attr = TWINS[name].partition(":")
        classes.append(getattr(importlib.import_module(module), attr))
    return classes
