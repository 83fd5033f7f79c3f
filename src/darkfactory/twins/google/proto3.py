"""JSON as Google's Sheets and Docs APIs write it: proto3 JSON, walked along the discovery
schema of what is answered.

A ``float`` is a 32-bit float written in its shortest form (a colour set to
``0.4980392156862745`` reads back ``0.49803922``) and a whole number without a fraction. A scalar
without explicit presence is left out at its default: each API's ``Dialect`` names those fields
per schema, the ones Google keeps at their default (a sheet's ``sheetId`` and ``index``, a
range's indices, ``bold: false`` in Sheets' default text format, ``underline: false`` set on a
Docs list) staying. A dialect may also leave out every empty string, list and map, and (Sheets)
give every ``xColor`` its ``xColorStyle`` mirror, and back.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from typing import Any

from darkfactory.twins.google import discovery


@dataclass(frozen=True)
class Dialect:
    """How one API writes proto3 JSON."""

    api: str
    version: str
    omitted_at_default: dict[str, set[str]]  # schema name → fields left out when falsy
    mirrors: bool = False  # ``xColor`` and ``xColorStyle`` each filled from the other
    drop_empty: bool = False  # empty strings, lists and maps left out wherever they are

    @property
    def schemas(self) -> dict:
        return _schemas(self.api, self.version)


@cache
def _schemas(api: str, version: str) -> dict:
    return discovery.document(api, version)["schemas"]


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


def _empty(item: Any, schema: dict) -> bool:
    """A string, list or map field at its proto3 default (a message, even empty, is kept)."""
    if item == "" or item == []:
        return True
    return item == {} and "additionalProperties" in schema


def _render(value: Any, schema: dict, dialect: Dialect) -> Any:
    schemas = dialect.schemas
    name = None
    while "$ref" in schema:
        name = schema["$ref"]
        schema = schemas[name]
    kind = schema.get("type")
    if kind == "array" and isinstance(value, list):
        return [_render(item, schema.get("items", {}), dialect) for item in value]
    if kind == "number" and schema.get("format") == "float" and type(value) in (int, float):
        return float32(value)
    if kind != "object" or not isinstance(value, dict):
        return value
    properties = schema.get("properties", {})
    additional = schema.get("additionalProperties", {})
    omitted = dialect.omitted_at_default.get(name or "", set())
    out = {}
    for key, item in value.items():
        child = properties.get(key, additional)
        if key in omitted and not item:
            continue
        if dialect.drop_empty and key in properties and _empty(item, _resolve(child, schemas)):
            continue
        out[key] = _render(item, child, dialect)
    if dialect.mirrors:
        _mirror(out, properties)
    return out


def _resolve(schema: dict, schemas: dict) -> dict:
    while "$ref" in schema:
        schema = schemas[schema["$ref"]]
    return schema


def render(value: Any, schema: str, dialect: Dialect) -> Any:
    """``value`` (of the discovery ``schema`` of the dialect's API) as Google writes it."""
    return _render(value, {"$ref": schema}, dialect)
