"""The twins a universe can serve, by name, and where their classes live.

Besides the built-in names, ``openapi:NAME=FILE`` names a generic twin serving that OpenAPI
document at ``/NAME``, and ``python:NAME=FILE`` a twin written outside this package (a factory's
workspace builds one): the ``TWIN`` class of the module or package FILE, served at ``/NAME``.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
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
PYTHON = "python:"
NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def twin_classes(names: list[str] | None = None) -> list[type[Twin]]:
    """The twin classes for ``names`` (all known twins when None), in registry order."""
    chosen = list(TWINS) if names is None else names
    unknown = [n for n in chosen if n not in TWINS and not n.startswith((OPENAPI, PYTHON))]
    if unknown:
        raise ValueError(f"unknown twins: {', '.join(unknown)}; known: {', '.join(TWINS)}")
    classes = []
    for name in chosen:
        if name.startswith(OPENAPI):
            classes.append(generic_twin(name.removeprefix(OPENAPI)))
            continue
        if name.startswith(PYTHON):
            classes.append(python_twin(name.removeprefix(PYTHON)))
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

    name, path = _named_file(spec, "OpenAPI document")
    return generic(name, path)


def python_twin(spec: str) -> type[Twin]:
    """The twin ``NAME=FILE`` names: the ``TWIN`` class of the Python module (or package's
    ``__init__.py``) FILE, served at ``/NAME``; the module is loaded once per process."""
    name, path = _named_file(spec, "Python module")
    module_name = f"darkfactory_twin_{name.replace('-', '_')}"
    module = sys.modules.get(module_name)
    if module is None:
        file = Path(path).resolve()
        package = [str(file.parent)] if file.name == "__init__.py" else None
        found = importlib.util.spec_from_file_location(
            module_name, file, submodule_search_locations=package
        )
        if found is None or found.loader is None:
            raise ValueError(f"{path} is not a Python module")
        module = importlib.util.module_from_spec(found)
        sys.modules[module_name] = module
        try:
            found.loader.exec_module(module)
        except BaseException:
            del sys.modules[module_name]
            raise
    twin = getattr(module, "TWIN", None)
    if twin is None or getattr(twin, "name", None) != name:
        raise ValueError(f"{path} has no TWIN class named {name!r}")
    twin.spec = classmethod(lambda cls: f"{PYTHON}{spec}")  # how a fork names it again
    return twin


def _named_file(spec: str, what: str) -> tuple[str, str]:
    name, _, path = spec.partition("=")
    if not NAME.match(name) or not path:
        raise ValueError(f"a twin from a file is NAME=FILE with a lowercase NAME, not {spec!r}")
    if name in TWINS:
        raise ValueError(f"{name!r} is a built-in twin's name")
    if not Path(path).is_file():
        raise ValueError(f"no {what} at {path}")
    return name, path
