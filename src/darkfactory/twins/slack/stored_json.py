"""Reading the JSON Slack's tables store (a message's parts, a profile): orjson, which reads it
several times faster, and the standard library for what orjson refuses (``NaN``, integers past
64 bits), which ``json.dumps`` may have written."""

from __future__ import annotations

import json
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
