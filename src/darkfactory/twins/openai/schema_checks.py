"""OpenAI's checks of ``json_schema`` output formats and function tools: names, strict mode."""

from __future__ import annotations

from typing import Any

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.llm.prompt import Tool
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
        strict_problem(schema, (), f"response_format '{body['name']}'", f"{where}.schema")
    return schema, False


def strict_problem(node: Any, context: tuple, subject: str, param: str) -> None:
    """Raise OpenAI's 400 when a strict schema's object lacks closed, fully required properties."""
    if not isinstance(node, dict):
        return
    if node.get("type") == "object" or "properties" in node:
        props = node.get("properties") or {}
        where = f"In context={context}, "
        if node.get("additionalProperties") is not False:
            raise _invalid_schema(
                subject,
                where + "'additionalProperties' is required to be supplied and to be false.",
                param,
            )
        lacking = [p for p in props if p not in (node.get("required") or [])]
        if lacking:
            raise _invalid_schema(
                subject,
                where + "'required' is required to be supplied and to be an array including"
                f" every key in properties. Missing '{lacking[0]}'.",
                param,
            )
        for key, sub in props.items():
            strict_problem(sub, (*context, "properties", key), subject, param)
    for key in ("items",):
        strict_problem(node.get(key), (*context, key), subject, param)
    for key in ("anyOf", "allOf"):
        for index, sub in enumerate(node.get(key) or []):
            strict_problem(sub, (*context, key, str(index)), subject, param)
    for key in ("$defs", "definitions"):
        for sub_name, sub in (node.get(key) or {}).items():
            strict_problem(sub, (*context, key, sub_name), subject, param)


def _invalid_schema(subject: str, message: str, param: str) -> TwinError:
    return invalid(
        f"Invalid schema for {subject}: {message}",
        param,
        "invalid_function_parameters" if subject.startswith("function") else "invalid_json_schema",
    )


def function_tool(spec: dict, param: str) -> Tool:
    """A function tool (``name``, ``description``, ``parameters``, ``strict``) as a Tool."""
    name = spec.get("name")
    if not name or not isinstance(name, str):
        raise missing(f"{param}.name")
    parameters = spec.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise invalid(
            f"Invalid type for '{param}.parameters': expected an object.",
            f"{param}.parameters",
            "invalid_type",
        )
    if spec.get("strict") is True:
        strict_problem(parameters, (), f"function '{name}'", f"{param}.parameters")
    return Tool(name, str(spec.get("description") or ""), parameters)
