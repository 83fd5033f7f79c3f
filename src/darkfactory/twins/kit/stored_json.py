"""JSON text the twins store in their tables, read and written with orjson, several times faster
than the standard library, which takes what orjson refuses: ``NaN`` and integers past 64 bits
when reading (``json.dumps`` may have written them), integers past 64 bits and keys that are not
strings when writing.

``dumps`` is only for values whose numbers the twin answers through orjson anyway, or that hold
none: orjson writes ``NaN`` as ``null``, where ``json.dumps`` keeps it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from typing import Any

import orjson


def loads(text: str | None, default: Any = None) -> Any:
    """The value ``text`` encodes; ``default`` when there is no text."""
    if text is None:
        return default
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def dumps(value: Any) -> str:
    """``value`` as JSON text; a dataclass is written as ``asdict`` gives it, without the copy."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, default=_fields)


def _fields(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
