"""Field masks (``fields: "userEnteredFormat.textFormat.bold,note"``) applied to request bodies."""

from __future__ import annotations

import copy
import re
from typing import Any


def paths(fields: str | None, everything: tuple[str, ...]) -> list[list[str]]:
    """The paths of a mask (``a.b,c(d,e)``, ``a/b``); ``*`` stands for ``everything``."""
    out = []
    for field in _split(fields or ""):
        if field == "*":
            out += [[name] for name in everything]
        elif "(" in field and field.endswith(")"):
            head, _, inner = field[:-1].partition("(")
            out += [_steps(head) + path for path in paths(inner, ())]
        elif field:
            out.append(_steps(field))
    return out


def _steps(path: str) -> list[str]:
    """``a.b`` or ``a/b`` (both forms reach the API) as ``["a", "b"]``, each step in lowerCamel
    (a mask may name fields as the proto does: ``text_style.bold``)."""
    return [_camel(step) for step in path.replace("/", ".").split(".")]


def _camel(step: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), step)


def _split(fields: str) -> list[str]:
    """Split at top-level commas (not those inside parentheses)."""
    parts, depth, current = [], 0, ""
    for char in fields:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


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


def dotted(fields: str | None) -> str | None:
    """A ``fields`` parameter in the dotted form Sheets and Docs clients send
    (``sheets.properties.title``) as the slash form of partial responses."""
    return None if fields is None else fields.replace(".", "/")
