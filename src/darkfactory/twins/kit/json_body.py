"""Reading a JSON request body: malformed or too deeply nested JSON is a ``ValueError``.

Nesting is capped at ``MAX_DEPTH`` levels, as common JSON parsers cap it (Jackson, which the
Java-backed vendors run, refuses documents nested past its limit; Python's parser would instead
exhaust the interpreter's stack), so no body can turn into a ``RecursionError`` downstream.

A body of bytes is read by orjson, several times faster than the standard library, unless it
holds a run of 19 digits or more: orjson reads an integer past 64 bits as a float, where the
standard library keeps it whole. What orjson refuses (``NaN``, text that is not UTF-8, nesting
past its own limit) is read again by ``json.loads``. So a body means what the standard library
makes of it, and is refused only when it refuses it too. A body of ``MAX_DEPTH`` characters or
fewer cannot nest deeper than that (each level opens with one of its own), so its depth is not
counted.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

MAX_DEPTH = 512
LONG_DIGITS = re.compile(rb"\d{19}")


class TooDeep(ValueError):
    """A JSON document nested deeper than ``MAX_DEPTH``."""

    def __init__(self) -> None:
        super().__init__(f"JSON nested deeper than {MAX_DEPTH} levels")


def parse(body: bytes | str) -> Any:
    """The JSON value of ``body``; ``ValueError`` if malformed, ``TooDeep`` if nested too deep."""
    try:
        value = json.loads(body) if isinstance(body, str) else _read(body)
    except RecursionError:
        raise TooDeep() from None
    if len(body) > MAX_DEPTH and depth_exceeds(value, MAX_DEPTH):
        raise TooDeep()
    return value


def _read(body: bytes) -> Any:
    """What ``json.loads`` reads in ``body``, by orjson wherever orjson reads the same."""
    if not LONG_DIGITS.search(body):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
    return json.loads(body)


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
