"""Request bodies checked against the discovery schema before a handler trusts their shape.

``check(value, "File", "drive", "v3")`` walks the schema: objects must be objects, strings
strings (an int64 may come as a number), booleans booleans, integers integers, enums one of their
values, date-times RFC 3339; ``null`` means "unset" and passes. A mismatch is Google's 400
``invalid`` naming the field path.

As Google's JSON parser does, a field may be named in its original snake_case form
(``update_sheet_properties``) as well as in lowerCamel, and a single value stands for a list of
one where a repeated field is expected (``{"values": "X"}`` is a list of one row that is not a
list, refused as such).

A field the schema does not know (nor its ``additionalProperties``) is refused by the Sheets and
Docs APIs ("Unknown name ... Cannot find field") but silently ignored by Drive, which still
accepts fields it dropped long ago such as a permission's ``withLink`` (gspread sends it).
"""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.google import discovery
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.times import parse_timestamp

LIST_VALUE = "type.googleapis.com/google.protobuf.ListValue"


def _invalid(path: str, kind: str, value: Any) -> GoogleError:
    shown = json.dumps(value, ensure_ascii=False)
    return GoogleError(
        400, "invalid", f"Invalid value at '{path}' ({kind}), {shown}", location=path
    )


def _camel(name: str) -> str:
    """``update_sheet_properties`` -> ``updateSheetProperties``."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def _unknown(name: str, path: str) -> GoogleError:
    return GoogleError(
        400,
        "invalid",
        f"Invalid JSON payload received. Unknown name \"{name}\" at '{path}': Cannot find field.",
        location=f"{path}.{name}",
    )


def _is_timestamp(value: str) -> bool:
    try:
        parse_timestamp(value)
    except ValueError:
        return False
    return True


IGNORES_UNKNOWN_FIELDS = {"drive"}


def _check(
    value: Any, schema: dict, schemas: dict, path: str, strict: bool, element: bool = False
) -> Any:
    """``value`` as a handler may trust it; unknown fields refused, or dropped unless ``strict``.

    ``element``: ``value`` is an item of a list, so a list expected here is a ``ListValue``
    (a row of ``values``), which a single value does not stand for."""
    while "$ref" in schema:
        schema = schemas[schema["$ref"]]
    if value is None:
        return value
    kind = schema.get("type", "any")
    if kind == "object":
        if not isinstance(value, dict):
            raise _invalid(path, "TYPE_MESSAGE", value)
        properties = schema.get("properties", {})
        additional = schema.get("additionalProperties")
        known = {}
        for name, item in value.items():
            field = name if name in properties else _camel(name)
            child = properties.get(field, additional)
            if child is None:
                if strict:
                    raise _unknown(name, path)
                continue
            field = field if field in properties else name
            known[field] = _check(item, child, schemas, f"{path}.{field}", strict)
        return known
    if kind == "array":
        items = schema.get("items", {})
        if not isinstance(value, list):
            if element:
                raise _invalid(path, LIST_VALUE, value)
            return [_check(value, items, schemas, path, strict, element=True)]
        return [
            _check(item, items, schemas, f"{path}[{index}]", strict, element=True)
            for index, item in enumerate(value)
        ]
    if kind == "string":
        numeric = schema.get("format") in ("int64", "uint64") and type(value) is int
        if not isinstance(value, str) and not numeric:
            raise _invalid(path, "TYPE_STRING", value)
        if "enum" in schema and value not in schema["enum"]:
            raise _invalid(path, "TYPE_ENUM", value)
        if schema.get("format") == "date-time" and not _is_timestamp(value):
            raise _invalid(path, "TYPE_STRING", value)
    elif kind == "boolean" and not isinstance(value, bool):
        raise _invalid(path, "TYPE_BOOL", value)
    elif kind == "integer" and (type(value) is not int):
        raise _invalid(path, "TYPE_INT32", value)
    elif kind == "number" and (type(value) not in (int, float)):
        raise _invalid(path, "TYPE_DOUBLE", value)
    return value


def check(value: Any, schema: str, api: str, version: str) -> Any:
    """``value`` if it fits the discovery ``schema`` of ``api`` (less the fields that API ignores);
    Google's 400 otherwise."""
    schemas = discovery.document(api, version)["schemas"]
    path = schema[:1].lower() + schema[1:]
    return _check(value, {"$ref": schema}, schemas, path, api not in IGNORES_UNKNOWN_FIELDS)
