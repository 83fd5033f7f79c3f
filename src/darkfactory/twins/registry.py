"""The twins a universe can serve, by name, and where their classes live.

Besides the built-in names, ``openapi:NAME=FILE`` names a generic twin serving that OpenAPI
document at ``/NAME``.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from darkfactory.twins.kit.twin import Twin

TWINS: dict[str, str] = {
    "slack": "darkfactory.twins.slack:SlackTwin",
    "okta": "darkfactory.twins.okta:OktaTwin",
    "openai": "darkfactory.twins.openai:OpenAITwin",
    "anthropic": "darkfactory.twins.anthropic:AnthropicTwin",
    "gemini": "darkfactory.twins.gemini:GeminiTwin",
    "jira": "darkfactory.twins.jira:JiraTwin",
    "google": "darkfactory.twins.google:GoogleTwin",
}


OPENAPI = "openapi:"
NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def twin_classes(names: list[str] | None = None) -> list[type[Twin]]:
    """The twin classes for ``names`` (all known twins when None), in registry order."""
    chosen = list(TWINS) if names is None else names
    unknown = [n for n in chosen if n not in TWINS and not n.startswith(OPENAPI)]
    if unknown:
        raise ValueError(f"unknown twins: {', '.join(unknown)}; known: {', '.join(TWINS)}")
    classes = []
    for name in chosen:
        if name.startswith(OPENAPI):
            classes.append(generic_twin(name.removeprefix(OPENAPI)))
            continue
        module, _, attr = TWINS[name].partition(":")
        classes.append(getattr(importlib.import_module(module), attr))
    taken = [c.name for c in classes]
    if len(set(taken)) != len(taken):
        raise ValueError(f"two twins share a name: {', '.join(taken)}")
    return classes


def generic_twin(spec: str) -> type[Twin]:
    """The generic twin ``NAME=FILE`` names: the OpenAPI document FILE served at ``/NAME``."""
    from darkfactory.twins.openapi import generic

    name, _, path = spec.partition("=")
    if not NAME.match(name) or not path:
        raise ValueError(f"a generic twin is NAME=FILE with a lowercase NAME, not {spec!r}")
    if name in TWINS:
        raise ValueError(f"{name!r} is a built-in twin's name")
    if not Path(path).is_file():
        raise ValueError(f"no OpenAPI document at {path}")
    return generic(name, path)
