"""OpenAI's checks of a ``json_schema`` output format: a name, and strict-mode rules."""

from __future__ import annotations

from typing import Any

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.openai.api import invalid, missing


def check_format(spec: Any, param: str) -> tuple[dict | None, bool]:
    """(schema, json_mode) for a ``text.format`` / ``response_format`` object."""
    if not isinstance(spec, dict) or spec.get("type") not in ("text", "json_schema", "json_object"):
        raise invalid(
            f"Invalid value for '{param}.type': expected one of 'text', 'json_schema' or"
            " 'json_object'.",
            f"{param}.type",
            "invalid_value",
        )
    if spec["type"] == "text":
        return None, False
    if spec["type"] == "json_object":
        return None, True
    body = spec.get("json_schema", spec)  # Chat nests it, Responses does not
    where = f"{param}.json_schema" if "json_schema" in spec else param
    if not isinstance(body, dict) or not body.get("name"):
        raise missing(f"{where}.name")
    schema = body.get("schema")
    if not isinstance(schema, dict):
        raise missing(f"{where}.schema")
    if body.get("strict"):
        strict_problem(schema, schema, (), body["name"], f"{where}.schema")
    return schema, False


def strict_problem(node: Any, root: dict, context: tuple, name: str, param: str) -> None:
    """Raise OpenAI's 400 when a strict schema's object lacks closed, fully required properties."""
    if not isinstance(node, dict):
        return
    if node.get("type") == "object" or "properties" in node:
        props = node.get("properties") or {}
        where = f"In context={context}, "
        if node.get("additionalProperties") is not False:
            raise _invalid_schema(
                name,
                where + "'additionalProperties' is required to be supplied and to be false.",
                param,
            )
        lacking = [p for p in props if p not in (node.get("required") or [])]
        if lacking:
            raise _invalid_schema(
                name,
                where + "'required' is required to be supplied and to be an array including"
                f" every key in properties. Missing '{lacking[0]}'.",
                param,
            )
        for key, sub in props.items():
            strict_problem(sub, root, (*context, "properties", key), name, param)
    for key in ("items",):
        strict_problem(node.get(key), root, (*context, key), name, param)
    for key in ("anyOf", "allOf"):
        for index, sub in enumerate(node.get(key) or []):
            strict_problem(sub, root, (*context, key, str(index)), name, param)
    for key in ("$defs", "definitions"):
        for sub_name, sub in (node.get(key) or {}).items():
            strict_problem(sub, root, (*context, key, sub_name), name, param)


def _invalid_schema(name: str, message: str, param: str) -> TwinError:
    return invalid(
        f"Invalid schema for response_format '{name}': {message}", param, "invalid_json_schema"
    )
