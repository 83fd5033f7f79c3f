"""Conditional formatting as Sheets applies it: which rule holds at a cell, and the format it
gives that cell's ``effectiveFormat``.

Boolean rules are tried in order and the first whose ``BooleanCondition`` holds wins; a gradient
rule colours a number between its interpolation points. Condition values beginning with ``=`` are
formulas written for the top-left cell of the rule's first range and move with the cell, as
``CUSTOM_FORMULA`` does; other values are read as typed in the en_US locale. Text conditions
ignore case and look at the text the cell shows.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from typing import TYPE_CHECKING, Any

from darkfactory.twins.google.sheets.calculation import Calculation
from darkfactory.twins.google.sheets.cells import Cell, Sheet, literal
from darkfactory.twins.google.sheets.entry import parse_user_entered
from darkfactory.twins.google.sheets.formula.evaluate import evaluate
from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    is_number,
    scalar,
    truth,
)
from darkfactory.twins.google.sheets.numbers import from_serial, to_serial
from darkfactory.twins.google.sheets.references import move_formula

if TYPE_CHECKING:
    from darkfactory.twins.google.sheets.workbook import Workbook

# What a conditional format may change (Sheets ignores the rest of a rule's format).
ALLOWED_TEXT = ("bold", "italic", "strikethrough", "foregroundColor", "foregroundColorStyle")
ALLOWED = ("backgroundColor", "backgroundColorStyle")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"(https?://)?([\w-]+\.)+[a-z]{2,}(/\S*)?$", re.IGNORECASE)
COMPARE = {
    "NUMBER_GREATER": lambda v, a: v > a,
    "NUMBER_GREATER_THAN_EQ": lambda v, a: v >= a,
    "NUMBER_LESS": lambda v, a: v < a,
    "NUMBER_LESS_THAN_EQ": lambda v, a: v <= a,
    "NUMBER_EQ": lambda v, a: v == a,
    "NUMBER_NOT_EQ": lambda v, a: v != a,
    "DATE_EQ": lambda v, a: v == a,
    "DATE_NOT_EQ": lambda v, a: v != a,
    "DATE_BEFORE": lambda v, a: v < a,
    "DATE_AFTER": lambda v, a: v > a,
    "DATE_ON_OR_BEFORE": lambda v, a: v <= a,
    "DATE_ON_OR_AFTER": lambda v, a: v >= a,
}
TEXT = {
    "TEXT_CONTAINS": lambda t, a: a in t,
    "TEXT_NOT_CONTAINS": lambda t, a: a not in t,
    "TEXT_STARTS_WITH": lambda t, a: t.startswith(a),
    "TEXT_ENDS_WITH": lambda t, a: t.endswith(a),
    "TEXT_EQ": lambda t, a: t == a,
    "TEXT_NOT_EQ": lambda t, a: t != a,
}


def _days_before(today: dt.date, relative: str) -> dt.date:
    if relative == "PAST_YEAR":
        return _shift_months(today, 12)
    if relative == "PAST_MONTH":
        return _shift_months(today, 1)
    offsets = {"PAST_WEEK": 7, "YESTERDAY": 1, "TODAY": 0, "TOMORROW": -1}
    return today - dt.timedelta(days=offsets.get(relative, 0))


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


class ConditionalFormats:
    """The conditional formats of one workbook, evaluated against its stored results."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self._numbers: dict[int, list[float]] = {}

    @functools.cached_property
    def calculation(self) -> Calculation:
        """Formula results as stored, built only when a rule's formula needs them."""
        return Calculation.settled(self.book)

    def format_at(self, sheet: Sheet, row: int, col: int, cell: Cell) -> dict | None:
        """The format the rules of ``sheet`` lay over the cell at (row, col), if any holds."""
        for rule in sheet.extras.get("conditionalFormats", []):
            ranges = rule.get("ranges") or []
            if not any(_contains(grid, row, col) for grid in ranges):
                continue
            anchor = (ranges[0].get("startRowIndex", 0), ranges[0].get("startColumnIndex", 0))
            if "booleanRule" in rule:
                boolean = rule["booleanRule"]
                if self.holds(boolean.get("condition") or {}, sheet, (row, col), anchor, cell):
                    return _allowed(boolean.get("format") or {})
            elif "gradientRule" in rule and is_number(cell.effective):
                color = self._gradient(rule, sheet, anchor, float(cell.effective))
                if color is not None:
                    return {"backgroundColor": color, "backgroundColorStyle": {"rgbColor": color}}
        return None

    # -- conditions -----------------------------------------------------------------------------
    def holds(
        self,
        condition: dict,
        sheet: Sheet,
        here: tuple[int, int],
        anchor: tuple[int, int],
        cell: Cell,
    ) -> bool:
        """Whether ``condition`` (a ``BooleanCondition``) holds for ``cell`` at ``here``."""
        kind = condition.get("type", "")
        value = cell.effective
        operands = [self._operand(v, sheet, here, anchor) for v in condition.get("values") or []]
        if kind == "BLANK":
            return value in (None, "")
        if kind == "NOT_BLANK":
            return value not in (None, "")
        if kind == "CUSTOM_FORMULA":
            return bool(operands) and truth(scalar(operands[0])) is True
        if kind == "BOOLEAN":
            return isinstance(value, bool) and (
                not operands or value == (truth(operands[0]) is True)
            )
        shown = (cell.formatted() or "").lower()
        if kind in TEXT:
            return bool(operands) and TEXT[kind](shown, _text(operands[0]))
        if kind == "TEXT_IS_EMAIL":
            return bool(EMAIL.match(shown))
        if kind == "TEXT_IS_URL":
            return bool(URL.match(shown))
        if kind == "ONE_OF_LIST":
            return shown in {_text(o) for o in operands}
        if kind == "ONE_OF_RANGE":
            return bool(operands) and shown in {_text(o) for o in _flat(operands[0])}
        if not is_number(value):
            return False
        number = float(value)
        if kind == "DATE_IS_VALID":
            return True
        if kind.startswith("DATE_"):
            number = float(int(number))  # a date condition compares days, not times
        bounds = [float(o) for o in operands if is_number(o)]
        if len(bounds) != len(operands) or not bounds:
            return False
        if kind in ("NUMBER_BETWEEN", "DATE_BETWEEN", "NUMBER_NOT_BETWEEN", "DATE_NOT_BETWEEN"):
            low, high = sorted(bounds[:2]) if len(bounds) > 1 else (bounds[0], bounds[0])
            inside = low <= number <= high
            return not inside if "_NOT_" in kind else inside
        compare = COMPARE.get(kind)
        return compare is not None and compare(number, bounds[0])

    def _operand(
        self, value: dict, sheet: Sheet, here: tuple[int, int], anchor: tuple[int, int]
    ) -> Any:
        if value.get("relativeDate"):
            today = from_serial(self.book.now).date()
            day = _days_before(today, value["relativeDate"])
            return to_serial(dt.datetime.combine(day, dt.time()))
        text = value.get("userEnteredValue", "")
        if text.startswith("=") and len(text) > 1:
            moved = move_formula(text, here[0] - anchor[0], here[1] - anchor[1])
            result = evaluate(self.calculation.view(sheet, here), moved)
            return result if isinstance(result, Grid) else scalar(result)
        entered, _ = parse_user_entered(text)
        return literal(entered)

    # -- gradients ------------------------------------------------------------------------------
    def _gradient(
        self, rule: dict, sheet: Sheet, anchor: tuple[int, int], number: float
    ) -> dict | None:
        gradient = rule["gradientRule"]
        numbers = self._range_numbers(rule, sheet)
        stops = []
        for key in ("minpoint", "midpoint", "maxpoint"):
            point = gradient.get(key)
            if point:
                at = self._point(point, numbers, sheet, anchor)
                if at is not None:
                    stops.append((at, _rgb(point)))
        if not stops:
            return None
        stops.sort(key=lambda stop: stop[0])
        if number <= stops[0][0]:
            return _color(stops[0][1])
        for (low, low_rgb), (high, high_rgb) in itertools.pairwise(stops):
            if number <= high:
                share = 0.0 if high == low else (number - low) / (high - low)
                return _color(
                    tuple(a + (b - a) * share for a, b in zip(low_rgb, high_rgb, strict=True))
                )
        return _color(stops[-1][1])

    def _range_numbers(self, rule: dict, sheet: Sheet) -> list[float]:
        key = id(rule)
        if key not in self._numbers:
            self._numbers[key] = sorted(
                float(cell.effective)
                for (row, col), cell in sheet.cells.items()
                if is_number(cell.effective)
                and any(_contains(grid, row, col) for grid in rule["ranges"])
            )
        return self._numbers[key]

    def _point(
        self, point: dict, numbers: list[float], sheet: Sheet, anchor: tuple[int, int]
    ) -> float | None:
        kind = point.get("type", "")
        if kind in ("MIN", "MAX"):
            return (numbers[0] if kind == "MIN" else numbers[-1]) if numbers else None
        given = self._operand({"userEnteredValue": point.get("value", "")}, sheet, anchor, anchor)
        if not is_number(given):
            return None
        if kind == "NUMBER":
            return float(given)
        if not numbers:
            return None
        share = min(max(float(given), 0.0), 100.0) / 100
        if kind == "PERCENT":
            return numbers[0] + (numbers[-1] - numbers[0]) * share
        if kind == "PERCENTILE":  # as PERCENTILE.INC: linear between the ranked values
            rank = share * (len(numbers) - 1)
            below = int(rank)
            above = min(below + 1, len(numbers) - 1)
            return numbers[below] + (numbers[above] - numbers[below]) * (rank - below)
        return None


def _contains(grid: dict, row: int, col: int) -> bool:
    return grid.get("startRowIndex", 0) <= row < grid.get("endRowIndex", row + 1) and grid.get(
        "startColumnIndex", 0
    ) <= col < grid.get("endColumnIndex", col + 1)


def _allowed(format_: dict) -> dict:
    out = {key: format_[key] for key in ALLOWED if key in format_}
    text = {k: v for k, v in (format_.get("textFormat") or {}).items() if k in ALLOWED_TEXT}
    if text:
        out["textFormat"] = text
    return out


def _text(value: Any) -> str:
    if isinstance(value, SheetError):
        return value.code.lower()
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return Cell(effective=float(value)).formatted() or ""
    return "" if value is None else str(value).lower()


def _flat(value: Any) -> list[Any]:
    if isinstance(value, Grid):
        return [v for line in value.rows for v in line if v is not None]
    return [value]


def _rgb(point: dict) -> tuple[float, float, float]:
    color = (point.get("colorStyle") or {}).get("rgbColor") or point.get("color") or {}
    return (color.get("red", 0.0), color.get("green", 0.0), color.get("blue", 0.0))


def _color(rgb: tuple[float, ...]) -> dict:
    """A ``Color`` as the API writes it: channels rounded, zero channels left out."""
    names = ("red", "green", "blue")
    return {n: round(v, 6) for n, v in zip(names, rgb, strict=True) if round(v, 6)}
