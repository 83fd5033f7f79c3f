"""A CSV or TSV upload converted into a spreadsheet (Drive's ``convert=true``, or an upload with
the spreadsheet mimeType): the file keeps its properties and its first sheet's id and title,
loses its other sheets, and holds the rows as if typed in (numbers, dates and formulas parsed).
"""

from __future__ import annotations

import csv
import io

from darkfactory.twins.google.drive.formats import TSV
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.books import blank
from darkfactory.twins.google.sheets.cells import DEFAULT_COLUMNS, DEFAULT_ROWS
from darkfactory.twins.google.sheets.grid import write
from darkfactory.twins.google.sheets.workbook import Workbook


def rows_of(data: bytes, media_type: str) -> list[list[str]]:
    text = data.decode("utf-8-sig", "replace")
    dialect = "excel-tab" if media_type == TSV else "excel"
    return [row for row in csv.reader(io.StringIO(text), dialect=dialect)]


def load(universe, file_id: str, data: bytes, media_type: str) -> None:
    store = universe.store
    rows = rows_of(data, media_type)
    existing = Workbook.load(store, file_id)
    if existing is not None:
        properties, first = existing.properties, existing.first_sheet().properties
        sheet_id, title = first["sheetId"], first["title"]
    else:
        name = store.scalar("SELECT name FROM google_drive_files WHERE id = ?", (file_id,))
        properties, sheet_id, title = {"title": name}, 0, "Sheet1"
    grid = {
        "rowCount": max(DEFAULT_ROWS, len(rows)),
        "columnCount": max(DEFAULT_COLUMNS, max((len(r) for r in rows), default=0)),
    }
    wanted = {"properties": {"sheetId": sheet_id, "title": title, "gridProperties": grid}}
    book = blank(file_id, properties, [wanted])
    sheet = book.first_sheet()
    if rows:
        write(sheet, Span(title), title, rows, "USER_ENTERED", "ROWS")
    book.save(store)
