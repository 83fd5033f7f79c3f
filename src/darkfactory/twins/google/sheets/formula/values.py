"""Values a formula works with: numbers, text, booleans, empty, errors and ranges of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from darkfactory.twins.google.sheets.numbers import automatic

# The error codes a cell shows, by the API's ``ErrorValue.type``.
ERROR_CODES = {
    "ERROR": "#ERROR!",
    "NULL_VALUE": "#NULL!",
    "DIV_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NAME": "#NAME?",
    "NUM": "#NUM!",
    "N_A": "#N/A",
}
ERROR_TYPES = {code: kind for kind, code in ERROR_CODES.items()}


@dataclass(frozen=True)
class SheetError:
    """A formula error: the API's ``ErrorValue`` (``type`` and ``message``)."""

    type: str
    message: str

    @property
    def code(self) -> str:
        return ERROR_CODES[self.type]

    def to_api(self) -> dict:
        return {"type": self.type, "message": self.message}


@dataclass
class Grid:
    """A rectangular block of values from a range reference (rows of columns)."""

    rows: list[list[Any]]

    def cells(self) -> list[Any]:
        return [value for row in self.rows for value in row]

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def value_error(function: str, position: int, value: Any) -> SheetError:
    return SheetError(
        "VALUE",
        f"Function {function} parameter {position} expects number values. But '{text(value)}'"
        " is a text and cannot be coerced to a number.",
    )


def text(value: Any) -> str:
    """A value as text, the way ``&`` and CONCATENATE see it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        return automatic(float(value))
    if isinstance(value, SheetError):
        return value.code
    return str(value)


def number(value: Any, function: str = "ADD", position: int = 1) -> float | SheetError:
    """A value as a number (empty is 0, TRUE is 1, numeric text is read), or a #VALUE! error."""
    if isinstance(value, SheetError):
        return value
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        return value_error(function, position, value)


def truth(value: Any, function: str = "IF", position: int = 1) -> bool | SheetError:
    if isinstance(value, SheetError | bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return value != 0
    upper = str(value).upper()
    if upper in ("TRUE", "FALSE"):
        return upper == "TRUE"
    return SheetError(
        "VALUE",
        f"Function {function} parameter {position} expects boolean values. But '{value}' is a"
        " text and cannot be coerced to a boolean.",
    )


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compare_key(value: Any) -> tuple[int, Any]:
    """Order across types as Sheets does: numbers < text < booleans; text without case."""
    if value is None:
        return (0, 0.0)
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, float(value))
    return (1, str(value).lower())


def scalar(value: Any) -> Any:
    """A single value: a range gives its top-left cell (an empty range is empty)."""
    if isinstance(value, Grid):
        return value.rows[0][0] if value.rows and value.rows[0] else None
    return value
