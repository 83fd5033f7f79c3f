"""Field masks (``fields: "userEnteredFormat.textFormat.bold,note"``) applied to request bodies."""

from __future__ import annotations

import copy
from typing import Any


def paths(fields: str | None, everything: tuple[str, ...]) -> list[list[str]]:
    """The dotted paths of a mask; ``*`` stands for ``everything``."""
    if not fields:
        return []
    out = []
    for field in fields.split(","):
        field = field.strip()
        if field == "*":
            out += [[name] for name in everything]
        elif field:
            out.append(field.split("."))
    return out


def get(source: dict | None, path: list[str]) -> Any:
    for key in path:
        if not isinstance(source, dict) or key not in source:
            return None
        source = source[key]
    return source


def put(target: dict, path: list[str], value: Any) -> dict:
    """``target`` with ``path`` set to ``value`` (removed when ``value`` is None)."""
    out = copy.deepcopy(target)
    node = out
    for key in path[:-1]:
        node = node.setdefault(key, {})
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)
    return out


def apply(target: dict, source: dict, fields: str | None, everything: tuple[str, ...]) -> dict:
    for path in paths(fields, everything):
        target = put(target, path, get(source, path))
    return target
