"""A spreadsheet's content for Drive (export to CSV/XLSX/PDF, ``fullText`` search)."""

from __future__ import annotations

from darkfactory.twins.google.drive.native import Table
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.grid import read
from darkfactory.twins.google.sheets.workbook import Workbook
from darkfactory.twins.kit.store import Store


def table(store: Store, spreadsheet_id: str) -> Table:
    """Every sheet's formatted values, trailing blanks trimmed."""
    book = Workbook.load(store, spreadsheet_id)
    if book is None:
        return Table(sheets=[("Sheet1", [])])
    sheets = []
    for sheet in book.sheets:
        span = Span(sheet.title).bounded(sheet.rows, sheet.columns)
        rows = read(sheet, span, "FORMATTED_VALUE", "ROWS", "SERIAL_NUMBER")
        sheets.append((sheet.title, [[str(v) for v in row] for row in rows]))
    return Table(sheets=sheets)
