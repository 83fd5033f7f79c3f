"""Google's wire conventions shared by every API area: timestamps, JSON bodies, query flags.

Handlers are kit operations named by their discovery method id (``drive.files.create``,
``sheets.spreadsheets.values.get``), so faults, the journal, scope checks and coverage all
speak of the same names: ``@operation("drive.files.get")``.
"""

from __future__ import annotations

from typing import Any

from darkfactory.twins.google import bodies, discovery
from darkfactory.twins.google.errors import GoogleError, invalid_parameter
from darkfactory.twins.google.times import parse_timestamp, timestamp
from darkfactory.twins.kit.operation import Call

__all__ = ["body", "flag", "integer", "parse_timestamp", "timestamp"]


def body(call: Call, schema: str | None = None) -> dict[str, Any]:
    """The JSON object a request carries (``{}`` when empty); 400 ``parseError`` otherwise.

    With ``schema`` (``"File"``, ``"Spreadsheet"``...) the object is also checked against that
    schema of the called method's API, less the fields that API ignores (see ``bodies``).
    """
    if not call.body:
        return {}
    if not isinstance(call.json, dict):
        raise GoogleError(400, "parseError", "Parse Error")
    if schema is not None:
        api = call.operation.split(".", 1)[0]
        return bodies.check(call.json, schema, api, discovery.version_of(call.operation))
    return call.json


def flag(call: Call, name: str, default: bool = False) -> bool:
    value = call.query.get(name)
    if value is None:
        return default
    if value.lower() not in ("true", "false"):
        raise invalid_parameter(name, f"Invalid value '{value}' for boolean parameter {name}")
    return value.lower() == "true"


def integer(call: Call, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within ``[low, high]``; Google's 400 ``invalid`` otherwise."""
    raw = call.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid_parameter(name, f"Invalid value '{raw}'. Values must be integers.") from None
    if not low <= value <= high:
        raise invalid_parameter(
            name, f"Invalid value '{value}'. Values must be within the range: [{low}, {high}]"
        )
    return value
