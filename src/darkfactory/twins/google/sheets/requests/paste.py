"""copyPaste and cutPaste: cells copied (tiled over a larger destination) or moved, by pasteType;
pasted formulas' relative references move with them."""

from __future__ import annotations

import copy

from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.references import follow_cut, move_formula
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Cell, Sheet, extended

PASTE_TYPES = (
    "PASTE_NORMAL",
    "PASTE_VALUES",
    "PASTE_FORMAT",
    "PASTE_NO_BORDERS",
    "PASTE_FORMULA",
    "PASTE_DATA_VALIDATION",
    "PASTE_CONDITIONAL_FORMATTING",
)


def _paste_type(body: dict) -> str:
    kind = body.get("pasteType", "PASTE_NORMAL")
    if kind not in PASTE_TYPES:
        raise RequestError(f"Invalid pasteType: {kind}")
    return kind


def paste(source: Cell | None, target: Cell, kind: str, rows: int, columns: int) -> None:
    """Put ``source`` (moved by rows/columns) into ``target`` as ``kind`` says."""
    source = source or Cell()
    if kind in ("PASTE_NORMAL", "PASTE_NO_BORDERS", "PASTE_FORMULA"):
        formula = source.formula
        value = {"formulaValue": move_formula(formula, rows, columns)} if formula else source.value
        target.value = copy.deepcopy(value)
    if kind == "PASTE_VALUES":
        target.value = extended(source.effective)
    if kind in ("PASTE_NORMAL", "PASTE_NO_BORDERS", "PASTE_FORMAT"):
        style = copy.deepcopy(source.format)
        if style and kind == "PASTE_NO_BORDERS":
            style.pop("borders", None)
        target.format = style or None
    if kind in ("PASTE_NORMAL", "PASTE_NO_BORDERS"):
        target.note = source.note
    if kind in ("PASTE_NORMAL", "PASTE_NO_BORDERS", "PASTE_DATA_VALIDATION"):
        target.validation = copy.deepcopy(source.validation)


def _snapshot(sheet: Sheet, span: Span) -> dict[tuple[int, int], Cell]:
    return {
        (r - span.start_row, c - span.start_col): copy.deepcopy(cell)
        for (r, c), cell in sheet.cells.items()
        if span.start_row <= r < span.end_row and span.start_col <= c < span.end_col
    }


@request("copyPaste")
def copy_paste(batch: Batch, body: dict) -> None:
    kind = _paste_type(body)
    source_sheet, source = batch.grid(body.get("source"))
    target_sheet, target = batch.grid(body.get("destination"))
    height, width = source.end_row - source.start_row, source.end_col - source.start_col
    transpose = body.get("pasteOrientation") == "TRANSPOSE"
    if transpose:
        height, width = width, height
    end_row = max(target.end_row, target.start_row + height)
    end_col = max(target.end_col, target.start_col + width)
    if end_row > target_sheet.rows or end_col > target_sheet.columns:
        raise RequestError("The destination range is outside the grid.")
    cells = _snapshot(source_sheet, source)
    for r in range(target.start_row, end_row):
        for c in range(target.start_col, end_col):
            dr, dc = (r - target.start_row) % height, (c - target.start_col) % width
            key = (dc, dr) if transpose else (dr, dc)
            paste(
                cells.get(key),
                target_sheet.cell(r, c),
                kind,
                r - (source.start_row + key[0]),
                c - (source.start_col + key[1]),
            )


@request("cutPaste")
def cut_paste(batch: Batch, body: dict) -> None:
    kind = _paste_type(body)
    source_sheet, source = batch.grid(body.get("source"))
    start = body.get("destination") or {}
    target_sheet = batch.sheet(start.get("sheetId", 0))
    row, col = start.get("rowIndex", 0), start.get("columnIndex", 0)
    height, width = source.end_row - source.start_row, source.end_col - source.start_col
    if row + height > target_sheet.rows or col + width > target_sheet.columns:
        raise RequestError("The destination range is outside the grid.")
    cells = _snapshot(source_sheet, source)
    for key in [
        k for k in source_sheet.cells if (k[0] - source.start_row, k[1] - source.start_col) in cells
    ]:
        del source_sheet.cells[key]
    for (dr, dc), cell in cells.items():
        paste(cell, target_sheet.cell(row + dr, col + dc), kind, 0, 0)
    follow_cut(
        batch.book,
        source_sheet,
        source,
        target_sheet,
        row - source.start_row,
        col - source.start_col,
    )
