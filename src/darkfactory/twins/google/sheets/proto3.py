"""Sheets JSON as Google writes it, walked along the discovery schema of what is answered.

Sheets answers proto3 JSON: a ``float`` is a 32-bit float written in its shortest form (a colour
set to ``0.4980392156862745`` reads back ``0.49803922``) and a whole number without a fraction;
a colour leaves out its components at zero; a ``GridRange``'s, ``DimensionRange``'s or
``GridCoordinate``'s ``sheetId`` of 0 and the ``GridProperties`` counts and flags at their
defaults are left out, as proto3 leaves out a default scalar without explicit presence. Fields
Google keeps at their default (a sheet's ``sheetId`` and ``index``, a range's indices, ``bold:
false`` in the default text format) stay. Every ``xColor`` comes with its ``xColorStyle``
mirror, and back.
"""

from __future__ import annotations

import struct
from typing import Any

from darkfactory.twins.google import discovery

OMITTED_AT_DEFAULT = {
    "GridRange": {"sheetId"},
    "DimensionRange": {"sheetId"},
    "GridCoordinate": {"sheetId"},
    "GridProperties": {
        "frozenRowCount",
        "frozenColumnCount",
        "hideGridlines",
        "rowGroupControlAfter",
        "columnGroupControlAfter",
    },
    "Color": {"red", "green", "blue"},
    "TableColumnProperties": {"columnIndex"},
    "SlicerSpec": {"columnIndex"},
    "PostAuthor": {"me"},
}


def float32(value: float) -> float | int:
    """``value`` as Google writes a proto ``float``: the shortest text that reads back the same
    32-bit float (a whole number as an integer)."""
    single = struct.unpack("f", struct.pack("f", value))[0]
    if single.is_integer():
        return int(single)
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            return float(text)
    return single


def _mirror(out: dict, properties: dict) -> None:
    """Fill ``xColorStyle`` from ``xColor`` and ``xColor`` from an RGB ``xColorStyle``."""
    for name in list(properties):
        style = f"{name}Style"
        if not name.endswith("Color") or style not in properties:
            continue
        if name in out and style not in out:
            out[style] = {"rgbColor": dict(out[name])}
        elif style in out and name not in out and "rgbColor" in out[style]:
            out[name] = dict(out[style]["rgbColor"])


def _render(value: Any, schema: dict, schemas: dict) -> Any:
    name = None
    while "$ref" in schema:
        name = schema["$ref"]
        schema = schemas[name]
    kind = schema.get("type")
    if kind == "array" and isinstance(value, list):
        return [_render(item, schema.get("items", {}), schemas) for item in value]
    if kind == "number" and schema.get("format") == "float" and type(value) in (int, float):
        return float32(value)
    if kind != "object" or not isinstance(value, dict):
        return value
    properties = schema.get("properties", {})
    additional = schema.get("additionalProperties", {})
    omitted = OMITTED_AT_DEFAULT.get(name or "", set())
    out = {}
    for key, item in value.items():
        if key in omitted and not item:
            continue
        out[key] = _render(item, properties.get(key, additional), schemas)
    _mirror(out, properties)
    return out


def render(value: Any, schema: str) -> Any:
    """``value`` (of the Sheets v4 discovery ``schema``) as Google writes it."""
    schemas = discovery.document("sheets", "v4")["schemas"]
    return _render(value, {"$ref": schema}, schemas)
