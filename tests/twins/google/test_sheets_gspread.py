"""gspread against the twin: open by key, read and write ranges, formulas, worksheets, sharing."""

from __future__ import annotations

import gspread
import pytest
from gspread.utils import ValueInputOption, ValueRenderOption

BOB = "bob@example.com"


@pytest.fixture
def gc(gspread_for):
    return gspread_for()


def test_create_open_by_key_and_round_trip_ranges(gc):
    created = gc.create("Ledger")
    sheet = gc.open_by_key(created.id)
    assert sheet.title == "Ledger"
    ws = sheet.sheet1
    ws.update([["item", "qty", "price"], ["tea", 2, 1.5], ["cake", 1, 4]], "A1")
    assert ws.get_all_values() == [
        ["item", "qty", "price"],
        ["tea", "2", "1.5"],
        ["cake", "1", "4"],
    ]
    assert ws.get_all_records() == [
        {"item": "tea", "qty": 2, "price": 1.5},
        {"item": "cake", "qty": 1, "price": 4},
    ]
    ws.append_row(["jam", 3, 2.25])
    assert ws.row_values(4) == ["jam", "3", "2.25"]
    assert ws.acell("A4").value == "jam"
    assert ws.find("cake").row == 3


def test_formulas_with_user_entered_compute(gc):
    ws = gc.create("Sums").sheet1
    ws.update([[1, 2], [3, 4]], "A1")
    ws.update(
        [["=SUM(A1:B2)", "=A1/0", '=IF(A1>0,"pos","neg")']],
        "A3",
        value_input_option=ValueInputOption.user_entered,
    )
    assert ws.get("A3:C3") == [["10", "#DIV/0!", "pos"]]
    assert ws.acell("A3", value_render_option=ValueRenderOption.formula).value == "=SUM(A1:B2)"
    ws.update_acell("A1", 11)  # the sum follows its inputs
    assert ws.acell("A3").value == "20"
    ws.update([["=A1+1"]], "D1", value_input_option=ValueInputOption.raw)
    assert ws.acell("D1").value == "=A1+1"  # RAW keeps it as text


def test_worksheets_add_rename_and_delete(gc):
    sheet = gc.create("Tabs")
    extra = sheet.add_worksheet("Extra", rows=10, cols=5)
    assert (extra.row_count, extra.col_count) == (10, 5)
    extra.update_title("Renamed")
    assert [w.title for w in sheet.worksheets()] == ["Sheet1", "Renamed"]
    sheet.del_worksheet(sheet.worksheet("Renamed"))
    assert [w.title for w in sheet.worksheets()] == ["Sheet1"]
    sheet.update_title("Tabs 2")
    assert gc.open_by_key(sheet.id).title == "Tabs 2"
    with pytest.raises(gspread.exceptions.WorksheetNotFound):
        sheet.worksheet("Renamed")


def test_a_spreadsheet_is_private_until_shared(gc, gspread_for):
    sheet = gc.create("Salaries")
    sheet.sheet1.update([["secret"]], "A1")
    bob = gspread_for(BOB)
    with pytest.raises(PermissionError):
        bob.open_by_key(sheet.id)
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        bob.open_by_key("no-such-spreadsheet")
    sheet.share(BOB, perm_type="user", role="reader")
    seen = bob.open_by_key(sheet.id).sheet1
    assert seen.acell("A1").value == "secret"
    with pytest.raises(gspread.exceptions.APIError) as denied:
        seen.update([["hacked"]], "A1")
    assert denied.value.response.status_code == 403
    sheet.share(BOB, perm_type="user", role="writer", notify=False)
    bob.open_by_key(sheet.id).sheet1.update([["edited"]], "A1")
    assert sheet.sheet1.acell("A1").value == "edited"


def test_share_lists_and_removes_permissions(gc, gspread_for):
    sheet = gc.create("Team plan")
    sheet.share(BOB, perm_type="user", role="writer")  # gspread's body carries "withLink"
    grants = {p["emailAddress"]: p["role"] for p in sheet.list_permissions()}
    assert grants == {"admin@example.com": "owner", BOB: "writer"}
    gspread_for(BOB).open_by_key(sheet.id).sheet1.update([["mine"]], "A1")
    assert sheet.sheet1.acell("A1").value == "mine"
    sheet.remove_permissions(BOB)
    with pytest.raises(PermissionError):
        gspread_for(BOB).open_by_key(sheet.id)


def test_open_by_title_finds_only_what_the_caller_sees(gc, gspread_for):
    ledger = gc.create("Ledger")
    gc.create("Ledger 2")
    assert gc.open("Ledger").id == ledger.id  # gspread quotes the title with double quotes
    assert [f["id"] for f in gc.list_spreadsheet_files(title="Ledger")] == [ledger.id]
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        gc.open("Missing")
    bob = gspread_for(BOB)
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        bob.open("Ledger")
    ledger.share(BOB, perm_type="user", role="reader", notify=False)
    assert bob.open("Ledger").id == ledger.id


def test_rows_formats_sorting_merges_and_freezing(gc):
    sheet = gc.create("Roster")
    ws = sheet.sheet1
    ws.update([["name", "age"], ["cy", 30], ["al", 41], ["bo", 25]], "A1")
    ws.insert_row(["di", 19], index=2)
    assert ws.col_values(1) == ["name", "di", "cy", "al", "bo"]
    ws.delete_rows(2)
    ws.sort((2, "des"), range="A2:B4")
    assert ws.get("A2:B4") == [["al", "41"], ["cy", "30"], ["bo", "25"]]
    ws.format("A1:B1", {"textFormat": {"bold": True}})
    ws.merge_cells("C1:D1")
    ws.freeze(rows=1)
    ws.batch_clear(["B4"])
    meta = sheet.fetch_sheet_metadata(params={"includeGridData": "true", "ranges": "A1"})["sheets"][
        0
    ]
    assert meta["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert meta["merges"][0]["startColumnIndex"] == 2
    cell = meta["data"][0]["rowData"][0]["values"][0]
    assert cell["userEnteredFormat"]["textFormat"]["bold"] is True
    assert ws.get("A4:B4") == [["bo"]]


def test_rate_limits_reach_gspread_in_googles_dialect(gc, universe):
    ws = gc.create("Busy").sheet1
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "google",
            "operation": "sheets.spreadsheets.values.get",
            "kind": "rate_limit",
            "limit": 0,
            "status": 429,
        },
    )
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.get("A1")
    assert caught.value.code == 429
    assert caught.value.error["status"] == "RESOURCE_EXHAUSTED"
    universe.control("DELETE", "/faults")
    assert ws.get("A1") == [[]]  # answered again once the fault is gone


def test_resizing_a_worksheet_drops_what_falls_outside(gc):
    ws = gc.create("Shrink").sheet1
    ws.update([[1, 2, 3], [4, 5, 6], [7, 8, 9]], "A1")
    ws.resize(rows=2, cols=2)
    assert (ws.row_count, ws.col_count) == (2, 2)
    assert ws.get_all_values() == [["1", "2"], ["4", "5"]]
    ws.resize(rows=5)
    assert ws.get_all_values() == [["1", "2"], ["4", "5"]]


def test_protected_ranges_and_basic_filter(gc):
    sheet = gc.create("Guarded")
    ws = sheet.sheet1
    ws.update([["name", "score"], ["a", 1]], "A1")
    ws.add_protected_range("A1:B1", editor_users_emails=["admin@example.com"], description="header")
    ws.set_basic_filter("A1:B2")
    meta = sheet.fetch_sheet_metadata()["sheets"][0]
    (protected,) = meta["protectedRanges"]
    assert protected["description"] == "header"
    assert protected["range"] == {
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    assert meta["basicFilter"]["range"]["endRowIndex"] == 2
    ws.clear_basic_filter()
    sheet.batch_update(
        {
            "requests": [
                {"deleteProtectedRange": {"protectedRangeId": protected["protectedRangeId"]}}
            ]
        }
    )
    meta = sheet.fetch_sheet_metadata()["sheets"][0]
    assert "protectedRanges" not in meta and "basicFilter" not in meta


def test_protected_ranges_stop_other_editors(gc, gspread_for):
    sheet = gc.create("Locked header")
    ws = sheet.sheet1
    ws.update([["title"], ["free"]], "A1")
    ws.add_protected_range("A1", editor_users_emails=["admin@example.com"])
    sheet.share(BOB, perm_type="user", role="writer")
    bob_ws = gspread_for(BOB).open_by_key(sheet.id).sheet1
    with pytest.raises(gspread.exceptions.APIError) as caught:
        bob_ws.update([["mine"]], "A1")
    assert caught.value.code == 400
    assert "protected cell" in caught.value.error["message"]
    bob_ws.update([["edited"]], "A2")
    ws.update([["new title"]], "A1")  # the owner still can
    assert ws.col_values(1) == ["new title", "edited"]


def test_copy_and_cut_ranges(gc):
    ws = gc.create("Paste").sheet1
    ws.update(
        [[1, 10, "=A1+B1"], [2, 20, "=A2+$B$1"]],
        "A1",
        value_input_option=ValueInputOption.user_entered,
    )
    ws.copy_range("A1:C2", "E1")
    formulas = ws.get("E1:G2", value_render_option=ValueRenderOption.formula)
    assert formulas == [[1, 10, "=E1+F1"], [2, 20, "=E2+$B$1"]]
    assert ws.get("G1:G2") == [["11"], ["12"]]
    ws.copy_range("C1", "C3:C4")  # a single cell tiles over the destination
    assert ws.get("C3:C4", value_render_option=ValueRenderOption.formula) == [
        ["=A3+B3"],
        ["=A4+B4"],
    ]
    ws.cut_range("A1:A2", "H5")
    assert ws.get("A1:A2") == [[]]
    assert ws.get("H5:H6") == [["1"], ["2"]]
    # references to the cut cells follow them
    assert ws.acell("C1", value_render_option=ValueRenderOption.formula).value == "=H5+B1"
    assert ws.acell("C1").value == "11"


def test_notes_visibility_order_and_sizes(gc):
    sheet = gc.create("Housekeeping")
    first = sheet.sheet1
    second = sheet.add_worksheet("Second", rows=5, cols=3)
    first.update([["long heading text", "b"]], "A1")
    first.insert_note("A1", "read me")
    assert first.get_note("A1") == "read me"
    first.clear_note("A1")
    assert first.get_note("A1") == ""
    second.update_index(0)
    assert [w.title for w in sheet.worksheets()] == ["Second", "Sheet1"]
    second.hide()
    assert sheet.worksheet("Second").isSheetHidden is True
    second.show()
    first.columns_auto_resize(0, 1)
    second.add_rows(3)
    second.add_cols(2)
    refreshed = sheet.worksheet("Second")
    assert (refreshed.row_count, refreshed.col_count) == (8, 5)
    widths = sheet.fetch_sheet_metadata(
        params={"includeGridData": "true", "ranges": "Sheet1!A1:B1"}
    )["sheets"][0]["data"][0]["columnMetadata"]
    assert widths[0]["pixelSize"] > widths[1]["pixelSize"]


def test_filter_views_and_row_groups(gc):
    sheet = gc.create("Views")
    ws = sheet.sheet1
    ws.update([["k", "v"], ["a", 1], ["b", 2]], "A1")
    reply = sheet.batch_update(
        {
            "requests": [
                {
                    "addFilterView": {
                        "filter": {
                            "title": "Only a",
                            "range": {"sheetId": 0, "endRowIndex": 3, "endColumnIndex": 2},
                        }
                    }
                },
                {
                    "addDimensionGroup": {
                        "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}
                    }
                },
                {
                    "addDimensionGroup": {
                        "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}
                    }
                },
            ]
        }
    )
    view = reply["replies"][0]["addFilterView"]["filter"]
    groups = reply["replies"][2]["addDimensionGroup"]["dimensionGroups"]
    assert sorted(g["depth"] for g in groups) == [1, 2]
    meta = sheet.fetch_sheet_metadata()["sheets"][0]
    assert meta["filterViews"] == [view] and len(meta["rowGroups"]) == 2
    sheet.batch_update({"requests": [{"deleteFilterView": {"filterId": view["filterViewId"]}}]})
    assert "filterViews" not in sheet.fetch_sheet_metadata()["sheets"][0]


def test_a_merge_replaces_the_merges_it_covers_and_one_sheet_stays_visible(gc):
    sheet = gc.create("Merges")
    ws = sheet.sheet1
    ws.merge_cells("A1:B2", merge_type="MERGE_ROWS")
    ws.merge_cells("A1:B2")
    merges = sheet.fetch_sheet_metadata()["sheets"][0]["merges"]
    assert merges == [
        {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2}
    ]
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.merge_cells("B2:C3")
    assert caught.value.code == 400
    with pytest.raises(gspread.exceptions.APIError) as caught:
        ws.hide()
    assert caught.value.error["message"].endswith("You can't hide all the sheets in a document.")
    other = sheet.add_worksheet("Other", rows=2, cols=2)
    ws.hide()
    assert [w.title for w in sheet.worksheets(exclude_hidden=True)] == ["Other"]
    with pytest.raises(gspread.exceptions.APIError):
        other.hide()
