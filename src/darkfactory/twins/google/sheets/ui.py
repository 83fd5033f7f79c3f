"""The spreadsheet grid at ``/ui/google/spreadsheets/{id}``: one sheet's formatted values, with
tabs for the others and a formula bar, shown to the viewer only if Drive lets them read the file.
What the formula bar enters, the page writes through the Sheets API with the viewer's token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.drive.formats import SPREADSHEET
from darkfactory.twins.google.sheets.a1 import column_letters
from darkfactory.twins.google.sheets.workbook import Workbook
from darkfactory.twins.google.viewer import shown_file, ui_token, viewer_account
from darkfactory.twins.kit.dashboard import page

if TYPE_CHECKING:
    from darkfactory.twins.google import GoogleTwin

MIN_ROWS, MIN_COLUMNS = 20, 8


def _merged(sheet) -> tuple[dict, set]:
    """(rowspan, colspan) of each merge's top-left cell, and the cells merges cover."""
    spans, hidden = {}, set()
    for merge in sheet.merges():
        top, left = merge["startRowIndex"], merge["startColumnIndex"]
        spans[(top, left)] = (merge["endRowIndex"] - top, merge["endColumnIndex"] - left)
        hidden |= {
            (r, c)
            for r in range(top, merge["endRowIndex"])
            for c in range(left, merge["endColumnIndex"])
            if (r, c) != (top, left)
        }
    return spans, hidden


def _entry(cell) -> str:
    """What a person typed into the cell, as the formula bar shows it: the formula, or the
    entered value (a whole number without its ``.0``)."""
    value = (cell.value or {}) if cell else {}
    if "formulaValue" in value:
        return value["formulaValue"]
    if "boolValue" in value:
        return "TRUE" if value["boolValue"] else "FALSE"
    number = value.get("numberValue")
    if number is not None:
        return str(int(number)) if float(number).is_integer() else repr(number)
    return str(value.get("stringValue", ""))


def routes(twin: GoogleTwin) -> list[Route]:
    async def grid(request: Request) -> Response:
        spreadsheet_id = request.path_params["spreadsheet_id"]
        file = shown_file(request, twin, spreadsheet_id, SPREADSHEET)
        if file is None:
            return Response("Spreadsheet not found", status_code=404)
        book = Workbook.load(twin.universe.store, spreadsheet_id)

        def show(**grid_context) -> Response:
            email = viewer_account(request, twin.state)["email"]
            return page(
                request,
                "google/spreadsheet.html",
                file=file,
                api=twin.client_url,
                token=ui_token(twin, email),
                **grid_context,
            )

        if book is None:
            return show(sheets=[], sheet=None, rows=[], columns=[])
        wanted = request.query_params.get("sheet")
        sheet = next((s for s in book.sheets if str(s.id) == wanted), None) or book.first_sheet()
        used_rows, used_columns = sheet.extent()
        height = min(sheet.rows, max(used_rows + 5, MIN_ROWS))
        width = min(sheet.columns, max(used_columns + 2, MIN_COLUMNS))
        spans, hidden = _merged(sheet)
        rows = []
        for r in range(height):
            line = []
            for c in range(width):
                if (r, c) in hidden:
                    continue
                cell = sheet.peek(r, c)
                line.append(
                    {
                        "text": (cell.formatted() or "") if cell else "",
                        "formula": cell.formula if cell else None,
                        "entry": _entry(cell),
                        "a1": f"{column_letters(c)}{r + 1}",
                        "span": spans.get((r, c), (1, 1)),
                    }
                )
            rows.append(line)
        return show(
            sheets=book.sheets,
            sheet=sheet,
            rows=rows,
            columns=[column_letters(c) for c in range(width)],
        )

    return [Route("/spreadsheets/{spreadsheet_id}", grid, methods=["GET"])]
