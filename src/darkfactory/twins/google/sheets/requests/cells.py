"""Cell requests: updateCells, repeatCell, mergeCells, unmergeCells, setDataValidation."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.references import move_formula
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Cell, Sheet

CELL_FIELDS = ("userEnteredValue", "userEnteredFormat", "note", "dataValidation")
MERGE_TYPES = ("MERGE_ALL", "MERGE_COLUMNS", "MERGE_ROWS")


def _as_data(cell: Cell) -> dict:
    data = {
        "userEnteredValue": cell.value,
        "userEnteredFormat": cell.format,
        "note": cell.note,
        "dataValidation": cell.validation,
    }
    return {k: v for k, v in data.items() if v is not None}


def write_cell(sheet: Sheet, row: int, col: int, data: dict, fields: str) -> None:
    """Set the ``fields`` of the cell at (row, col) from the ``CellData`` ``data``."""
    cell = sheet.cell(row, col)
    merged = masks.apply(_as_data(cell), data, fields, CELL_FIELDS)
    value = merged.get("userEnteredValue") or None
    if value is not None and len(value) != 1:
        raise RequestError("A cell's userEnteredValue must set exactly one kind of value.")
    cell.value = value
    cell.format = merged.get("userEnteredFormat") or None
    cell.note = merged.get("note") or None
    cell.validation = merged.get("dataValidation") or None


def _fields(body: dict) -> str:
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    return body["fields"]


@request("updateCells")
def update_cells(batch: Batch, body: dict) -> None:
    fields = _fields(body)
    rows = body.get("rows") or []
    if "range" in body:
        sheet, span = batch.grid(body["range"])
    else:
        start = body.get("start") or {}
        sheet = batch.sheet(start.get("sheetId", 0))
        row, col = start.get("rowIndex", 0), start.get("columnIndex", 0)
        width = max((len(r.get("values") or []) for r in rows), default=0)
        span = Span(sheet.title, row, row + len(rows), col, col + width)
        if span.end_row > sheet.rows or span.end_col > sheet.columns:
            raise RequestError(
                f"Attempting to write row: {span.end_row - 1}, beyond the last requested row"
                f" of: {sheet.rows - 1}"
            )
    for r in range(span.start_row, span.end_row):
        line = (
            rows[r - span.start_row].get("values") or [] if r - span.start_row < len(rows) else []
        )
        for c in range(span.start_col, span.end_col):
            offset = c - span.start_col
            write_cell(sheet, r, c, line[offset] if offset < len(line) else {}, fields)


@request("repeatCell")
def repeat_cell(batch: Batch, body: dict) -> None:
    """One cell's data over a range; a formula's relative references step along, as in Sheets."""
    fields = _fields(body)
    sheet, span = batch.grid(body.get("range"))
    data = body.get("cell") or {}
    formula = (data.get("userEnteredValue") or {}).get("formulaValue")
    for r in range(span.start_row, span.end_row):
        for c in range(span.start_col, span.end_col):
            if formula:
                moved = move_formula(formula, r - span.start_row, c - span.start_col)
                data = {**data, "userEnteredValue": {"formulaValue": moved}}
            write_cell(sheet, r, c, data, fields)


def overlaps(merge: dict, span: Span) -> bool:
    """Whether the ``GridRange`` ``merge`` (explicit bounds) shares a cell with ``span``."""
    return (
        merge["startRowIndex"] < span.end_row
        and span.start_row < merge["endRowIndex"]
        and merge["startColumnIndex"] < span.end_col
        and span.start_col < merge["endColumnIndex"]
    )


def _within(merge: dict, span: Span) -> bool:
    return (
        span.start_row <= merge["startRowIndex"]
        and merge["endRowIndex"] <= span.end_row
        and span.start_col <= merge["startColumnIndex"]
        and merge["endColumnIndex"] <= span.end_col
    )


@request("mergeCells")
def merge_cells(batch: Batch, body: dict) -> None:
    sheet, span = batch.grid(body.get("range"))
    kind = body.get("mergeType", "MERGE_ALL")
    if kind not in MERGE_TYPES:
        raise RequestError(f"Invalid mergeType: {kind}")
    inside = [m for m in sheet.merges() if _within(m, span)]
    if any(overlaps(m, span) for m in sheet.merges() if m not in inside):
        raise RequestError("You can't merge cells that overlap with an existing merge.")
    sheet.extras["merges"] = [m for m in sheet.merges() if m not in inside]  # replaced
    if kind == "MERGE_ALL":
        blocks = [span]
    elif kind == "MERGE_COLUMNS":
        blocks = [
            Span(None, span.start_row, span.end_row, c, c + 1)
            for c in range(span.start_col, span.end_col)
        ]
    else:
        blocks = [
            Span(None, r, r + 1, span.start_col, span.end_col)
            for r in range(span.start_row, span.end_row)
        ]
    for block in blocks:
        if (block.end_row - block.start_row) * (block.end_col - block.start_col) < 2:
            continue
        sheet.merges().append(block.grid_range(sheet.id))
        for (r, c), cell in sheet.cells.items():
            inside = block.start_row <= r < block.end_row and block.start_col <= c < block.end_col
            if inside and (r, c) != (block.start_row, block.start_col):
                cell.value = None


@request("unmergeCells")
def unmerge_cells(batch: Batch, body: dict) -> None:
    sheet, span = batch.grid(body.get("range"))
    sheet.extras["merges"] = [m for m in sheet.merges() if not overlaps(m, span)]


@request("setDataValidation")
def set_data_validation(batch: Batch, body: dict) -> None:
    sheet, span = batch.grid(body.get("range"))
    rule = body.get("rule")
    if rule is not None and not (rule.get("condition") or {}).get("type"):
        raise RequestError("Data validation rule must have a condition type.")
    for r in range(span.start_row, span.end_row):
        for c in range(span.start_col, span.end_col):
            sheet.cell(r, c).validation = rule or None


@request("appendCells")
def append_cells(batch: Batch, body: dict) -> None:
    """Write rows after the last row holding data, growing the grid as needed."""
    fields = _fields(body)
    sheet = batch.sheet(body.get("sheetId", 0))
    rows = body.get("rows") or []
    start = max((r + 1 for (r, _), cell in sheet.cells.items() if not cell.is_blank()), default=0)
    width = max((len(r.get("values") or []) for r in rows), default=0)
    if start + len(rows) > sheet.rows:
        sheet.resize(rows=start + len(rows))
    if width > sheet.columns:
        sheet.resize(columns=width)
    for offset, row in enumerate(rows):
        for c, data in enumerate(row.get("values") or []):
            write_cell(sheet, start + offset, c, data, fields)


BORDER_SIDES = ("top", "bottom", "left", "right", "innerHorizontal", "innerVertical")


@request("updateBorders")
def update_borders(batch: Batch, body: dict) -> None:
    sheet, span = batch.grid(body.get("range"))
    for r in range(span.start_row, span.end_row):
        for c in range(span.start_col, span.end_col):
            sides = {
                "top": body.get("top") if r == span.start_row else body.get("innerHorizontal"),
                "bottom": body.get("bottom")
                if r == span.end_row - 1
                else body.get("innerHorizontal"),
                "left": body.get("left") if c == span.start_col else body.get("innerVertical"),
                "right": body.get("right") if c == span.end_col - 1 else body.get("innerVertical"),
            }
            chosen = {side: border for side, border in sides.items() if border is not None}
            if not chosen:
                continue
            cell = sheet.cell(r, c)
            format_ = dict(cell.format or {})
            format_["borders"] = {**format_.get("borders", {}), **chosen}
            cell.format = format_
