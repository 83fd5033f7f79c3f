"""Google's wire conventions shared by every API area: timestamps, JSON bodies, query flags.

Handlers are kit operations named by their discovery method id (``drive.files.create``,
``sheets.spreadsheets.values.get``), so faults, the journal, scope checks and coverage all
speak of the same names: ``@operation("drive.files.get")``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from darkfactory.twins.google.errors import GoogleError, invalid_parameter
from darkfactory.twins.kit.operation import Call


def timestamp(epoch: float | None) -> str | None:
    """RFC 3339 with milliseconds, as Google answers: ``2026-01-02T03:04:05.678Z``."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> float:
    """An RFC 3339 date-time (``2026-01-02T03:04:05Z``, offsets and fractions allowed)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def body(call: Call) -> dict[str, Any]:
    """The JSON object a request carries (``{}`` when empty); 400 ``parseError`` otherwise."""
    if not call.body:
        return {}
    if not isinstance(call.json, dict):
        raise GoogleError(400, "parseError", "Parse Error")
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
