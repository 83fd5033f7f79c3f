"""Request bodies checked against the discovery schema before a handler trusts their shape.

``check(value, "File", "drive", "v3")`` walks the schema: objects must be objects and name only
known fields (or fit ``additionalProperties``), strings strings (an int64 may come as a number),
booleans booleans, integers integers, enums one of their values, date-times RFC 3339; ``null``
means "unset" and passes. A mismatch is Google's 400 ``invalid`` naming the field path.
"""

from __future__ import annotations

from typing import Any

from darkfactory.twins.google import discovery
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.times import parse_timestamp


def _invalid(path: str, kind: str, value: Any) -> GoogleError:
    return GoogleError(
        400, "invalid", f"Invalid value at '{path}' ({kind}), {value!r}", location=path
    )


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


def _check(value: Any, schema: dict, schemas: dict, path: str) -> None:
    while "$ref" in schema:
        schema = schemas[schema["$ref"]]
    if value is None:
        return
    kind = schema.get("type", "any")
    if kind == "object":
        if not isinstance(value, dict):
            raise _invalid(path, "TYPE_MESSAGE", value)
        properties = schema.get("properties", {})
        additional = schema.get("additionalProperties")
        for name, item in value.items():
            child = properties.get(name, additional)
            if child is None:
                raise _unknown(name, path)
            _check(item, child, schemas, f"{path}.{name}")
    elif kind == "array":
        if not isinstance(value, list):
            raise _invalid(path, "TYPE_LIST", value)
        for index, item in enumerate(value):
            _check(item, schema.get("items", {}), schemas, f"{path}[{index}]")
    elif kind == "string":
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


def check(value: Any, schema: str, api: str, version: str) -> None:
    """Raise Google's 400 if ``value`` does not fit the discovery ``schema`` of ``api``."""
    schemas = discovery.document(api, version)["schemas"]
    _check(value, {"$ref": schema}, schemas, schema[:1].lower() + schema[1:])
