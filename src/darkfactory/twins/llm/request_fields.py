"""The fields each provider's model-call request accepts, and the first field a body breaks.

``request_fields.json`` (written by ``scripts/llm_request_fields.py`` from the providers'
published request schemas) gives, per provider and request object, each field's JSON type and
numeric range. ``violation`` finds the first field of a body that is unknown, of the wrong type
or out of range; each provider words it in its own error envelope.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

CAPITAL = re.compile(r"(?<!^)(?=[A-Z])")
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


@dataclass
class Violation:
    """What is wrong with the field ``name`` (as sent): ``unknown``, a wrong ``type``, or below
    its ``minimum`` / above its ``maximum``; ``spec`` is the field's entry."""

    kind: Literal["unknown", "type", "minimum", "maximum"]
    name: str
    value: Any
    spec: dict[str, Any]


@functools.cache
def _fields() -> dict[str, dict[str, dict[str, Any]]]:
    source = resources.files("darkfactory.twins.llm").joinpath("request_fields.json")
    return json.loads(source.read_text())


def fields(provider: str, request: str) -> dict[str, dict[str, Any]]:
    """The fields of ``request`` (an operation or object name) of ``provider``."""
    return _fields()[provider][request]


@functools.lru_cache(maxsize=1024)
def snake(name: str) -> str:
    """A JSON (camelCase) field name in its proto form (the names in use are few: kept)."""
    return CAPITAL.sub("_", name).lower()


def _is(kind: str, value: Any) -> bool:
    """Whether ``value`` is JSON of ``kind``; a whole number written with a fraction (``4.0``)
    is an integer, as JSON has one number type."""
    if isinstance(value, bool) and kind != "boolean":
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, JSON_TYPES[kind])


def violation(
    body: dict[str, Any], known: dict[str, dict[str, Any]], proto_names: bool = False
) -> Violation | None:
    """The first field of ``body`` that ``known`` does not accept (names in either JSON or
    proto form with ``proto_names``); a null value stands for an unset field."""
    for name, value in body.items():
        spec = known.get(snake(name) if proto_names else name)
        if spec is None:
            return Violation("unknown", name, value, {})
        kind = spec.get("type")
        if value is None or kind is None:
            continue
        if not _is(kind, value):
            return Violation("type", name, value, spec)
        if "minimum" in spec and value < spec["minimum"]:
            return Violation("minimum", name, value, spec)
        if "maximum" in spec and value > spec["maximum"]:
            return Violation("maximum", name, value, spec)
    return None
