"""autoFill: extend a source block along rows or columns as Sheets' fill handle does — number
steps continue, ``Item 1`` counts on, formulas step their relative references, the rest repeats."""

from __future__ import annotations

import copy
import re

from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.references import move_formula
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Cell, Sheet

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def _next(cells: list[Cell | None], step: int, distance: int, rows: bool) -> Cell:
    """The ``step``-th cell after a line of source ``cells``; ``distance`` is how far it lands
    from the source cell it repeats (for a formula's references)."""
    source = cells[(len(cells) + step - 1) % len(cells)] or Cell()
    made = copy.deepcopy(source)
    numbers = [((c.value or {}) if c else {}).get("numberValue") for c in cells]
    text = (source.value or {}).get("stringValue", "")
    if len(cells) > 1 and all(isinstance(n, int | float) for n in numbers):
        delta = (numbers[-1] - numbers[0]) / (len(numbers) - 1)
        made.value = {"numberValue": numbers[-1] + delta * step}
    elif source.formula:
        moved = move_formula(source.formula, distance if rows else 0, 0 if rows else distance)
        made.value = {"formulaValue": moved}
    elif len(cells) == 1 and _NUMBERED.match(text):
        head, digits = _NUMBERED.match(text).groups()
        made.value = {"stringValue": f"{head}{int(digits) + step}"}
    return made


def _fill(sheet: Sheet, source: Span, dimension: str, length: int) -> None:
    rows = dimension == "ROWS"
    along = (
        range(source.start_row, source.end_row) if rows else range(source.start_col, source.end_col)
    )
    lines = (
        range(source.start_col, source.end_col) if rows else range(source.start_row, source.end_row)
    )
    if along.stop + length > (sheet.rows if rows else sheet.columns):
        raise RequestError("The fill goes beyond the grid.")
    for line in lines:
        cells = [sheet.cells.get((i, line) if rows else (line, i)) for i in along]
        for step in range(1, length + 1):
            index = along.stop + step - 1
            repeated = along[(len(cells) + step - 1) % len(cells)]
            key = (index, line) if rows else (line, index)
            sheet.cells[key] = _next(cells, step, index - repeated, rows)


@request("autoFill")
def auto_fill(batch: Batch, body: dict) -> None:
    if "sourceAndDestination" in body:
        given = body["sourceAndDestination"]
        sheet, source = batch.grid(given.get("source"))
        dimension, length = given.get("dimension"), given.get("fillLength", 0)
        if dimension not in ("ROWS", "COLUMNS") or not isinstance(length, int) or length < 1:
            raise RequestError("sourceAndDestination needs a dimension and a positive fillLength.")
        _fill(sheet, source, dimension, length)
        return
    sheet, span = batch.grid(body.get("range"))
    filled = [
        r
        for (r, c), cell in sheet.cells.items()
        if cell.value and span.start_row <= r < span.end_row and span.start_col <= c < span.end_col
    ]
    if not filled:
        raise RequestError("There is no data in the range to fill from.")
    last = max(filled)
    if span.end_row > last + 1:
        source = Span(sheet.title, span.start_row, last + 1, span.start_col, span.end_col)
        _fill(sheet, source, "ROWS", span.end_row - last - 1)
