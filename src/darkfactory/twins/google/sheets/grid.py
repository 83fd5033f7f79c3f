"""Reading and writing a sheet's values: the rules of ``spreadsheets.values``, with no HTTP.

Ranges resolve against a workbook (sheet titles, named ranges, the first visible sheet for a bare
``A1:B2``); values read back trimmed of trailing blanks and rendered per ``valueRenderOption``;
writes are checked against the requested range and the grid's limits as Sheets checks them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.sheets.a1 import (
    RangeError,
    Span,
    column_letters,
    format_range,
    parse_range,
)
from darkfactory.twins.google.sheets.entry import enter
from darkfactory.twins.google.sheets.formula.values import SheetError
from darkfactory.twins.google.sheets.numbers import render
from darkfactory.twins.google.sheets.workbook import Cell, Sheet, Workbook

RENDER_OPTIONS = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
INPUT_OPTIONS = ("RAW", "USER_ENTERED")
DIMENSIONS = ("ROWS", "COLUMNS")


def invalid(message: str) -> GoogleError:
    return GoogleError(400, "badRequest", message)


ENUM_TYPES = {"majorDimension": "Dimension"}


def choice(value: str | None, allowed: tuple[str, ...], name: str, default: str | None) -> str:
    """An enum parameter; Google's 400 for a missing required one or a value outside it."""
    if value is None or value == "":
        if default is None:
            raise invalid(f"'{name}' is required but not specified")
        return default
    if value not in allowed:
        snake = re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
        kind = ENUM_TYPES.get(name, name[0].upper() + name[1:])
        raise invalid(
            f"Invalid value at '{snake}' (type.googleapis.com/google.apps.sheets.v4.{kind}),"
            f' "{value}"'
        )
    return value


def resolve(book: Workbook, text: str) -> tuple[Sheet, Span]:
    """The sheet and span a range string names (bounded to the sheet's grid)."""
    named = next((n for n in book.named_ranges if n["name"] == text), None)
    if named is not None:
        sheet = book.sheet_by_id(named["range"].get("sheetId", 0))
        if sheet is not None:
            return sheet, Span.of_grid_range(named["range"], sheet.title).bounded(
                sheet.rows, sheet.columns
            )
    try:
        span = parse_range(text)
    except RangeError:
        raise invalid(f"Unable to parse range: {text}") from None
    sheet = book.first_sheet() if span.sheet is None else book.sheet_by_title(span.sheet)
    if sheet is None:
        raise invalid(f"Unable to parse range: {text}")
    return sheet, span


def within_grid(sheet: Sheet, span: Span, text: str) -> Span:
    bounded = span.bounded(sheet.rows, sheet.columns)
    if bounded.end_row > sheet.rows or bounded.end_col > sheet.columns:
        raise invalid(
            f"Range ({format_range(sheet.title, bounded)}) exceeds grid limits. Max rows:"
            f" {sheet.rows}, max columns: {sheet.columns}"
        )
    return bounded


# -- reading --------------------------------------------------------------------------------------
def rendered(cell: Cell | None, option: str, dates: str = "SERIAL_NUMBER") -> Any:
    """A cell's value as ``values.get`` answers it under ``valueRenderOption``."""
    if cell is None:
        return ""
    if option == "FORMULA" and cell.formula:
        return cell.formula
    if option == "FORMATTED_VALUE":
        return cell.formatted() or ""
    value = cell.effective
    if value is None:
        return ""
    if isinstance(value, SheetError):
        return value.code
    number_format = cell.number_format() or {}
    is_date = number_format.get("type") in ("DATE", "TIME", "DATE_TIME")
    if isinstance(value, float) and is_date and dates == "FORMATTED_STRING":
        return render(value, number_format)
    if isinstance(value, float) and value == int(value) and abs(value) < 2**53:
        return int(value)
    return value


def read(sheet: Sheet, span: Span, option: str, major: str, dates: str) -> list[list[Any]]:
    """The values of a bounded span, trailing blanks trimmed, in ``major`` order."""
    rows = [
        [rendered(sheet.peek(r, c), option, dates) for c in range(span.start_col, span.end_col)]
        for r in range(span.start_row, span.end_row)
    ]
    if major == "COLUMNS":
        rows = [list(col) for col in zip(*rows, strict=True)] if rows else []
    trimmed = [_trim(row) for row in rows]
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def _trim(row: list[Any]) -> list[Any]:
    end = len(row)
    while end and row[end - 1] == "":
        end -= 1
    return row[:end]


def value_range(sheet: Sheet, span: Span, option: str, major: str, dates: str) -> dict:
    out = {"range": format_range(sheet.title, span), "majorDimension": major}
    values = read(sheet, span, option, major, dates)
    if values:
        out["values"] = values
    return out


# -- writing --------------------------------------------------------------------------------------
def write(sheet: Sheet, span: Span, text: str, values: list, option: str, major: str) -> dict:
    """Write ``values`` from the span's top-left; an ``UpdateValuesResponse`` (without id)."""
    if not isinstance(values, list) or any(not isinstance(line, list) for line in values):
        raise invalid("Invalid values: values must be a list of lists.")
    rows = values if major == "ROWS" else _transpose(values)
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    start_row, start_col = span.start_row or 0, span.start_col or 0
    single = span.end_row == start_row + 1 and span.end_col == start_col + 1
    target = replace(span, start_row=start_row, start_col=start_col)
    if not single:
        _check_fits(sheet, target, text, height, width)
    written = replace(target, end_row=start_row + max(height, 1), end_col=start_col + max(width, 1))
    within_grid(sheet, written, text)
    cells = 0
    for r, line in enumerate(rows):
        for c, raw in enumerate(line):
            if raw is None:
                continue
            set_value(sheet.cell(start_row + r, start_col + c), raw, option)
            cells += 1
    out = {"updatedRange": format_range(sheet.title, written)}
    if cells:
        out |= {
            "updatedRows": sum(1 for line in rows if any(v is not None for v in line)),
            "updatedColumns": width,
            "updatedCells": cells,
        }
    return out


def _check_fits(sheet: Sheet, span: Span, text: str, height: int, width: int) -> None:
    requested = format_range(sheet.title, span.bounded(sheet.rows, sheet.columns))
    if span.end_col is not None and span.start_col + width > span.end_col:
        column = span.end_col
        raise invalid(
            f"Requested writing within range [{requested}], but tried writing to column"
            f" [{column_letters(column)}]"
        )
    if span.end_row is not None and span.start_row + height > span.end_row:
        raise invalid(
            f"Requested writing within range [{requested}], but tried writing to row"
            f" [{span.end_row + 1}]"
        )


def _transpose(columns: list[list]) -> list[list]:
    height = max((len(c) for c in columns), default=0)
    return [[col[r] if r < len(col) else None for col in columns] for r in range(height)]


def set_value(cell: Cell, raw: Any, option: str) -> None:
    """Enter ``raw`` into ``cell``; a recognised date/percent/currency sets its number format."""
    if isinstance(raw, dict | list):
        raise invalid("Invalid values: a cell value must be a string, number or boolean.")
    value, number_format = enter(raw, option)
    cell.value = value
    if number_format is not None:
        cell.format = {**(cell.format or {}), "numberFormat": number_format}


def clear(sheet: Sheet, span: Span) -> None:
    """Clear the values (not the formats) of a bounded span."""
    for (r, c), cell in sheet.cells.items():
        if span.start_row <= r < span.end_row and span.start_col <= c < span.end_col:
            cell.value = None


def table_end(sheet: Sheet, span: Span) -> tuple[Span | None, int]:
    """The table ``values.append`` finds: from the range's first row holding data (within the
    range), down through the rows with data right below it; and the row after that table.
    Without data in the range, values go to the range's first row."""
    start_row = span.start_row or 0
    last_row = span.end_row if span.end_row is not None else sheet.rows
    cols = range(span.start_col or 0, span.end_col if span.end_col is not None else sheet.columns)
    rows: dict[int, list[int]] = {}
    for (r, c), cell in sheet.cells.items():
        if cell.value and c in cols and r >= start_row:
            rows.setdefault(r, []).append(c)
    inside = [r for r in rows if r < last_row]
    if not inside:
        return None, start_row
    first = last = min(inside)
    while last + 1 in rows:
        last += 1
    used = [c for r in range(first, last + 1) for c in rows[r]]
    return Span(sheet.title, first, last + 1, min(used), max(used) + 1), last + 1


def filter_range(book: Workbook, data_filter: dict) -> str:
    """The A1 range a ``DataFilter`` selects (``a1Range`` or ``gridRange``)."""
    if "a1Range" in data_filter:
        return data_filter["a1Range"]
    if "gridRange" in data_filter:
        grid = data_filter["gridRange"]
        sheet = book.sheet_by_id(grid.get("sheetId", 0))
        if sheet is None:
            raise invalid(f"No grid with id: {grid.get('sheetId', 0)}")
        span = Span.of_grid_range(grid, sheet.title).bounded(sheet.rows, sheet.columns)
        return format_range(sheet.title, span)
    raise invalid("Invalid dataFilter: only a1Range and gridRange are supported.")
