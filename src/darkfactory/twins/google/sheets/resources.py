"""The Sheets wire shapes of a workbook: ``Spreadsheet``, ``Sheet``, ``GridData``, ``CellData``.

A spreadsheet's properties show the full default format and the default theme unless changed;
``proto3`` then writes the whole answer as Google does.
"""

from __future__ import annotations

from typing import Any

from darkfactory.twins.google.sheets import comments, proto3
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.conditions import ConditionalFormats
from darkfactory.twins.google.sheets.workbook import Cell, Sheet, Workbook, extended

DEFAULT_FORMAT = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
    },
}

THEME_COLORS = (
    ("TEXT", "000000"),
    ("BACKGROUND", "FFFFFF"),
    ("ACCENT1", "4285F4"),
    ("ACCENT2", "EA4335"),
    ("ACCENT3", "FBBC04"),
    ("ACCENT4", "34A853"),
    ("ACCENT5", "FF6D01"),
    ("ACCENT6", "46BDC6"),
    ("LINK", "1155CC"),
)


def _rgb(hex_color: str) -> dict:
    red, green, blue = (int(hex_color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": red, "green": green, "blue": blue}


DEFAULT_THEME = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        {"colorType": kind, "color": {"rgbColor": _rgb(hex_color)}}
        for kind, hex_color in THEME_COLORS
    ],
}


def _merged(base: dict, over: dict) -> dict:
    """``over`` laid on ``base`` field by field; a colour is replaced whole, not mixed."""
    out = dict(base)
    for key, value in over.items():
        nested = isinstance(out.get(key), dict) and not key.endswith(("Color", "ColorStyle"))
        out[key] = _merged(out[key], value) if nested else value
    return out


def cell_data(cell: Cell, conditional: dict | None = None) -> dict:
    """A ``CellData``; ``conditional`` is the format a conditional format rule lays over it."""
    out: dict[str, Any] = {}
    if cell.value:
        out["userEnteredValue"] = cell.value
    effective = extended(cell.effective)
    if effective:
        out["effectiveValue"] = effective
        out["formattedValue"] = cell.formatted()
    if cell.format:
        out["userEnteredFormat"] = cell.format
    if cell.value or cell.format or conditional:
        effective_format = _merged(_merged(DEFAULT_FORMAT, cell.format or {}), conditional or {})
        if cell.number_format():
            effective_format["numberFormat"] = cell.number_format()
        out["effectiveFormat"] = effective_format
    if cell.note:
        out["note"] = cell.note
    if cell.validation:
        out["dataValidation"] = cell.validation
    return out


def grid_data(sheet: Sheet, span: Span, rules: ConditionalFormats) -> dict:
    shown = [
        r
        for (r, c) in [*sheet.cells, *sheet.spill]
        if span.start_row <= r < span.end_row and span.start_col <= c < span.end_col
    ]
    rows = []
    for r in range(span.start_row, max(shown, default=span.start_row - 1) + 1):
        line = []
        for c in range(span.start_col, span.end_col):
            cell = sheet.peek(r, c) or Cell()
            line.append(cell_data(cell, rules.format_at(sheet, r, c, cell)))
        while line and not line[-1]:
            line.pop()
        rows.append({"values": line} if line else {})
    while rows and not rows[-1]:
        rows.pop()
    out: dict[str, Any] = {}
    if span.start_row:
        out["startRow"] = span.start_row
    if span.start_col:
        out["startColumn"] = span.start_col
    if rows:
        out["rowData"] = rows
    out["rowMetadata"] = [_dimension(sheet, "ROWS", i) for i in range(span.start_row, span.end_row)]
    out["columnMetadata"] = [
        _dimension(sheet, "COLUMNS", i) for i in range(span.start_col, span.end_col)
    ]
    return out


def _dimension(sheet: Sheet, dimension: str, index: int) -> dict:
    default = {"pixelSize": 21 if dimension == "ROWS" else 100}
    return {**default, **sheet.extras.get(dimension, {}).get(str(index), {})}


def sheet_json(
    sheet: Sheet,
    spans: list[Span] | None,
    rules: ConditionalFormats | None,
    threads: list[dict] | None = None,
) -> dict:
    """A ``Sheet``; with ``rules`` (the workbook's conditional formats) its grid data too, and
    with ``threads`` the anchors of those comment threads on it."""
    out: dict[str, Any] = {"properties": sheet.properties}
    if rules is not None:
        chosen = spans if spans else [Span(sheet.title).bounded(sheet.rows, sheet.columns)]
        out["data"] = [grid_data(sheet, span, rules) for span in chosen]
    shown = (
        "merges",
        "conditionalFormats",
        "protectedRanges",
        "basicFilter",
        "bandedRanges",
        "charts",
        "filterViews",
        "rowGroups",
        "columnGroups",
        "slicers",
        "tables",
    )
    for key in shown:
        if sheet.extras.get(key):
            out[key] = sheet.extras[key]
    shown_threads = {t["commentId"] for t in threads or []}
    kept = sheet.extras.get("commentAnchors", [])
    anchors = [a for a in kept if a["commentId"] in shown_threads]
    if anchors:
        out["commentAnchors"] = [{k: a[k] for k in comments.ANCHOR_WIRE} for a in anchors]
    return out


def _sheet_of(location: dict) -> int | None:
    if "sheetId" in location:
        return location["sheetId"]
    return (location.get("dimensionRange") or {}).get("sheetId")


def spreadsheet_json(
    book: Workbook,
    url: str,
    spans: dict[int, list[Span]] | None = None,
    with_data: bool = False,
    threads: list[dict] | None = None,
) -> dict:
    """A ``Spreadsheet``; with ``spans`` only the sheets they touch (and those ranges' data);
    with ``threads`` those comment threads and their anchors."""
    sheets = []
    rules = ConditionalFormats(book) if with_data else None
    for sheet in book.sheets:
        if spans is not None and sheet.id not in spans:
            continue
        shown = sheet_json(sheet, (spans or {}).get(sheet.id), rules, threads)
        attached = [m for m in book.developer_metadata if _sheet_of(m["location"]) == sheet.id]
        if attached:
            shown["developerMetadata"] = attached
        sheets.append(shown)
    properties = {
        **book.properties,
        "defaultFormat": _merged(DEFAULT_FORMAT, book.properties.get("defaultFormat") or {}),
        "spreadsheetTheme": book.properties.get("spreadsheetTheme") or DEFAULT_THEME,
    }
    out: dict[str, Any] = {
        "spreadsheetId": book.id,
        "properties": properties,
        "sheets": sheets,
        "spreadsheetUrl": url,
    }
    if book.named_ranges:
        out["namedRanges"] = book.named_ranges
    sources = [s.extras["dataSource"] for s in book.sheets if "dataSource" in s.extras]
    if sources:
        out["dataSources"] = sources
    if threads:
        out["comments"] = threads
    on_spreadsheet = [m for m in book.developer_metadata if m["location"].get("spreadsheet")]
    if on_spreadsheet:
        out["developerMetadata"] = on_spreadsheet
    return proto3.render(out, "Spreadsheet")
