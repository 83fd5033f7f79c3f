"""gspread's formatting, filter, freeze, merge and append paths, unchanged, each read back
through the Sheets v4 API as Google answers it."""

from __future__ import annotations

import pytest
from gspread.utils import InsertDataOption, ValueInputOption
from tests.twins.google.conftest import ALICE


@pytest.fixture
def gc(gspread_for):
    return gspread_for(ALICE)


@pytest.fixture
def v4(google_service_for):
    return google_service_for("sheets", "v4", user=ALICE)


def sheet_of(v4, spreadsheet_id: str, ranges: list[str] | None = None) -> dict:
    got = v4.spreadsheets().get(
        spreadsheetId=spreadsheet_id, ranges=ranges or [], includeGridData=bool(ranges)
    )
    return got.execute()["sheets"][0]


def cells(v4, spreadsheet_id: str, range_: str) -> list[list[dict]]:
    (data,) = sheet_of(v4, spreadsheet_id, [range_])["data"]
    return [row.get("values", []) for row in data.get("rowData", [])]


def test_format_and_batch_format(gc, v4):
    book = gc.create("Styled")
    ws = book.sheet1
    ws.update([["name", "cost"], ["tea", 2]], "A1")
    ws.format(["A1", "B1"], {"textFormat": {"bold": True}})
    ws.batch_format(
        [
            {"range": "B2", "format": {"numberFormat": {"type": "CURRENCY"}}},
            {"range": "A2", "format": {"backgroundColor": {"red": 1}}},
        ]
    )
    (header, row) = cells(v4, book.id, "A1:B2")
    assert [c["userEnteredFormat"]["textFormat"]["bold"] for c in header] == [True, True]
    assert row[1]["formattedValue"] == "$2.00"
    assert row[0]["userEnteredFormat"]["backgroundColor"] == {"red": 1}
    assert row[0]["userEnteredFormat"]["backgroundColorStyle"] == {"rgbColor": {"red": 1}}
    assert "textFormat" not in row[0]["userEnteredFormat"]


def test_basic_filter_on_the_whole_sheet_and_cleared(gc, v4):
    book = gc.create("Filtered")
    ws = book.sheet1
    ws.set_basic_filter()
    assert sheet_of(v4, book.id)["basicFilter"]["range"] == {
        "startRowIndex": 0,
        "endRowIndex": 1000,
        "startColumnIndex": 0,
        "endColumnIndex": 26,
    }
    ws.clear_basic_filter()
    assert "basicFilter" not in sheet_of(v4, book.id)


def test_freeze_rows_and_columns_then_unfreeze(gc, v4):
    book = gc.create("Frozen")
    ws = book.sheet1
    ws.freeze(rows=2, cols=1)
    grid = sheet_of(v4, book.id)["properties"]["gridProperties"]
    assert (grid["frozenRowCount"], grid["frozenColumnCount"]) == (2, 1)
    ws.freeze(rows=0, cols=0)
    grid = sheet_of(v4, book.id)["properties"]["gridProperties"]
    assert "frozenRowCount" not in grid and "frozenColumnCount" not in grid


def test_merge_and_unmerge(gc, v4):
    book = gc.create("Merged")
    ws = book.sheet1
    ws.merge_cells("A1:B2")
    ws.merge_cells("D1:E2", merge_type="MERGE_COLUMNS")
    merges = sheet_of(v4, book.id)["merges"]
    assert {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2} in (
        merges
    )
    assert len(merges) == 3  # MERGE_COLUMNS merges D1:D2 and E1:E2 apart
    ws.unmerge_cells("A1:E2")
    assert "merges" not in sheet_of(v4, book.id)


def test_append_rows_after_the_table_and_inserting_rows(gc, v4):
    book = gc.create("Log")
    ws = book.sheet1
    ws.update([["when", "what"], ["mon", "a"]], "A1")
    ws.update([["footer"]], "A6")
    entered = ValueInputOption.user_entered
    ws.append_rows([["tue", "b"], ["wed", "=1+1"]], value_input_option=entered)
    got = v4.spreadsheets().values().get(spreadsheetId=book.id, range="A1:B6").execute()
    # the first table on the sheet (A1:B2) grows into the empty rows above the footer
    assert got["values"] == [
        ["when", "what"],
        ["mon", "a"],
        ["tue", "b"],
        ["wed", "2"],
        [],
        ["footer"],
    ]
    ws.append_rows(
        [["thu", "c"]], insert_data_option=InsertDataOption.insert_rows, table_range="A1:B2"
    )
    got = v4.spreadsheets().values().get(spreadsheetId=book.id, range="A4:A7").execute()
    assert got["values"] == [["wed"], ["thu"], [], ["footer"]]  # the footer moved down
    rows = sheet_of(v4, book.id)["properties"]["gridProperties"]["rowCount"]
    assert rows == 1001  # INSERT_ROWS made room for the row
