"""A value valid for a JSON Schema (or Gemini's OpenAPI-style Schema), for built-in models.

Strings carry the given text (cut or padded to the length limits), numbers sit at their lower
bound, arrays hold ``max(minItems, 1)`` items (or none when ``maxItems`` is 0), objects fill every
property. ``$ref`` into ``$defs``/``definitions``, ``anyOf``/``oneOf``/``allOf``, ``enum``,
``const``, ``nullable`` and upper-case Gemini types (``OBJECT``, ``STRING`` ...) are understood.
"""

from __future__ import annotations

from typing import Any

FORMATS = {
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "00:00:00",
    "email": "echo@example.com",
    "uri": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def value_for(schema: Any, text: str, root: Any = None) -> Any:
    if not isinstance(schema, dict):
        return text
    root = schema if root is None else root
    if "$ref" in schema:
        return value_for(_resolve(root, schema["$ref"]), text, root)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for combinator in ("anyOf", "oneOf"):
        if schema.get(combinator):
            options = [s for s in schema[combinator] if _type(s) != "null"] or schema[combinator]
            return value_for(options[0], text, root)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_resolve(root, part["$ref"]) if "$ref" in part else part)
        return value_for(merged, text, root)
    kind = _type(schema)
    if kind == "object" or (kind is None and "properties" in schema):
        props = schema.get("properties") or {}
        return {name: value_for(sub, text, root) for name, sub in props.items()}
    if kind == "array":
        if schema.get("maxItems") == 0:
            return []
        size = max(int(schema.get("minItems") or 1), 1)
        return [value_for(schema.get("items", {}), text, root) for _ in range(size)]
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string(schema, text)


def _type(schema: dict) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if str(k).lower() != "null"), "null")
    return str(kind).lower() if kind else None


def _resolve(root: Any, ref: str) -> Any:
    node = root
    for key in ref.removeprefix("#/").split("/"):
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return node


def _number(schema: dict, kind: str) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    value: float = 0
    if low is not None:
        value = float(low) + (1 if "exclusiveMinimum" in schema and "minimum" not in schema else 0)
    elif high is not None and float(high) < 0:
        value = float(high) - (1 if "exclusiveMaximum" in schema and "maximum" not in schema else 0)
    return int(value) if kind == "integer" else value


def _string(schema: dict, text: str) -> str:
    value = FORMATS.get(str(schema.get("format")), text)
    low = int(schema.get("minLength") or 0)
    high = schema.get("maxLength")
    if len(value) < low:
        value = value + "." * (low - len(value))
    if high is not None:
        value = value[: int(high)]
    return value
