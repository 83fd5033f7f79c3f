"""Reading a JSON request body: malformed or too deeply nested JSON is a ``ValueError``.

Nesting is capped at ``MAX_DEPTH`` levels, as common JSON parsers cap it (Jackson, which the
Java-backed vendors run, refuses documents nested past its limit; Python's parser would instead
exhaust the interpreter's stack), so no body can turn into a ``RecursionError`` downstream.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 512


class TooDeep(ValueError):
    """A JSON document nested deeper than ``MAX_DEPTH``."""

    def __init__(self) -> None:
        super().__init__(f"JSON nested deeper than {MAX_DEPTH} levels")


def parse(body: bytes | str) -> Any:
    """The JSON value of ``body``; ``ValueError`` if malformed, ``TooDeep`` if nested too deep."""
    try:
        value = json.loads(body)
    except RecursionError:
        raise TooDeep() from None
    if depth_exceeds(value, MAX_DEPTH):
        raise TooDeep()
    return value


def depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests arrays and objects more than ``limit`` levels deep (iteratively)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
