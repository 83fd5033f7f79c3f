"""Sheets tables, slicers and chart borders through googleapiclient: addTable, updateTable,
deleteTable, addSlicer, updateSlicerSpec, updateEmbeddedObjectBorder, with their effect on the
grid and Google's refusals."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def spreadsheet(sheets) -> str:
    made = sheets.spreadsheets().create(body={"properties": {"title": "Tracker"}}).execute()
    values = [["task", "done", "status"], ["plan", "0.5", "Open"], ["ship", "0.25", "Done"]]
    sheets.spreadsheets().values().update(
        spreadsheetId=made["spreadsheetId"],
        range="A1",
        valueInputOption="USER_ENTERED",
        body={"values": values},
    ).execute()
    return made["spreadsheetId"]


def batch(sheets, spreadsheet, *requests) -> dict:
    body = {"requests": list(requests)}
    return sheets.spreadsheets().batchUpdate(spreadsheetId=spreadsheet, body=body).execute()


def refused(sheets, spreadsheet, *requests) -> str:
    with pytest.raises(HttpError) as caught:
        batch(sheets, spreadsheet, *requests)
    assert caught.value.status_code == 400
    return caught.value.reason


def first_sheet(sheets, spreadsheet) -> dict:
    return sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()["sheets"][0]


def shown(sheets, spreadsheet, range_: str) -> list:
    got = sheets.spreadsheets().values().get(spreadsheetId=spreadsheet, range=range_).execute()
    return got.get("values", [])


GRID = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 3, "startColumnIndex": 0}
DROPDOWN = {
    "columnIndex": 2,
    "columnName": "State",
    "columnType": "DROPDOWN",
    "dataValidationRule": {
        "condition": {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": "Open"}, {"userEnteredValue": "Done"}],
        }
    },
}


def add_tracker(sheets, spreadsheet) -> dict:
    table = {
        "name": "Tracker",
        "range": {**GRID, "endColumnIndex": 3},
        "columnProperties": [{"columnIndex": 1, "columnType": "PERCENT"}, DROPDOWN],
    }
    reply = batch(sheets, spreadsheet, {"addTable": {"table": table}})
    return reply["replies"][0]["addTable"]["table"]


def test_a_table_names_its_columns_and_formats_its_data_rows(sheets, spreadsheet):
    table = add_tracker(sheets, spreadsheet)
    assert table["tableId"]
    assert [c["columnName"] for c in table["columnProperties"]] == ["task", "done", "State"]
    assert "columnIndex" not in table["columnProperties"][0]  # proto3 leaves out the 0
    assert first_sheet(sheets, spreadsheet)["tables"] == [table]
    # the header takes the given name; a percent column shows percents
    assert shown(sheets, spreadsheet, "A1:C3") == [
        ["task", "done", "State"],
        ["plan", "50.00%", "Open"],
        ["ship", "25.00%", "Done"],
    ]
    got = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, ranges=["A2:C2"], includeGridData=True)
        .execute()
    )
    task, done, state = got["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert "dataValidation" not in task
    assert done["userEnteredFormat"]["numberFormat"]["type"] == "PERCENT"
    assert state["dataValidation"]["condition"] == DROPDOWN["dataValidationRule"]["condition"]


def test_table_names_and_ranges_are_checked(sheets, spreadsheet):
    add_tracker(sheets, spreadsheet)
    second = {"range": {**GRID, "startColumnIndex": 2, "endColumnIndex": 4}}
    assert refused(sheets, spreadsheet, {"addTable": {"table": second}}).endswith(
        "Invalid requests[0].addTable: A table can't overlap another table."
    )
    twin = {"name": "tracker", "range": {**GRID, "startColumnIndex": 5, "endColumnIndex": 6}}
    assert "already exists" in refused(sheets, spreadsheet, {"addTable": {"table": twin}})
    outside = {"range": {**GRID, "startColumnIndex": 5, "endColumnIndex": 30}}
    assert "exceeds grid limits" in refused(sheets, spreadsheet, {"addTable": {"table": outside}})
    assert "A table must have a range." in refused(sheets, spreadsheet, {"addTable": {"table": {}}})
    column = {
        "range": {**GRID, "startColumnIndex": 5, "endColumnIndex": 6},
        "columnProperties": [{"columnIndex": 3}],
    }
    assert "outside the table's range" in refused(
        sheets, spreadsheet, {"addTable": {"table": column}}
    )
    # a nameless table beside it is named Table1
    beside = {"range": {**GRID, "startColumnIndex": 5, "endColumnIndex": 6}}
    reply = batch(sheets, spreadsheet, {"addTable": {"table": beside}})
    assert reply["replies"][0]["addTable"]["table"]["name"] == "Table1"
    assert reply["replies"][0]["addTable"]["table"]["columnProperties"] == [
        {"columnName": "Column 1"}
    ]


def test_update_table_renames_and_grows_and_delete_keeps_the_cells(sheets, spreadsheet):
    table = add_tracker(sheets, spreadsheet)
    grown = {"tableId": table["tableId"], "name": "Work", "range": {**GRID, "endRowIndex": 5}}
    batch(sheets, spreadsheet, {"updateTable": {"table": grown, "fields": "name,range"}})
    (kept,) = first_sheet(sheets, spreadsheet)["tables"]
    assert kept["name"] == "Work"
    assert kept["range"]["endRowIndex"] == 5
    sheets.spreadsheets().values().update(
        spreadsheetId=spreadsheet, range="B4", valueInputOption="RAW", body={"values": [[0.75]]}
    ).execute()
    assert shown(sheets, spreadsheet, "B4") == [["75.00%"]]  # a new row takes the column's type
    assert "'fields' is empty" in refused(
        sheets, spreadsheet, {"updateTable": {"table": {"tableId": table["tableId"]}}}
    )
    assert refused(sheets, spreadsheet, {"deleteTable": {"tableId": "nope"}}).endswith(
        "No table with id: nope"
    )
    batch(sheets, spreadsheet, {"deleteTable": {"tableId": table["tableId"]}})
    assert "tables" not in first_sheet(sheets, spreadsheet)
    assert shown(sheets, spreadsheet, "A1:A2") == [["task"], ["plan"]]


ANCHOR = {"overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 5, "columnIndex": 5}}}


def test_slicers_are_added_respecified_moved_and_deleted(sheets, spreadsheet):
    spec = {"dataRange": {**GRID, "endColumnIndex": 3}, "columnIndex": 2, "title": "State"}
    slicer = {"spec": spec, "position": ANCHOR}
    reply = batch(sheets, spreadsheet, {"addSlicer": {"slicer": slicer}})
    slicer = reply["replies"][0]["addSlicer"]["slicer"]
    assert first_sheet(sheets, spreadsheet)["slicers"] == [slicer]
    assert slicer["spec"]["title"] == "State"
    criteria = {"hiddenValues": ["Done"]}
    batch(
        sheets,
        spreadsheet,
        {
            "updateSlicerSpec": {
                "slicerId": slicer["slicerId"],
                "spec": {"filterCriteria": criteria, "title": "ignored"},
                "fields": "filterCriteria",
            }
        },
    )
    (updated,) = first_sheet(sheets, spreadsheet)["slicers"]
    assert updated["spec"]["filterCriteria"] == criteria
    assert updated["spec"]["title"] == "State"
    wide = {"slicerId": slicer["slicerId"], "spec": {"columnIndex": 3}, "fields": "columnIndex"}
    assert "outside the slicer's data range" in refused(
        sheets, spreadsheet, {"updateSlicerSpec": wide}
    )
    assert "A slicer needs a dataRange." in refused(
        sheets, spreadsheet, {"addSlicer": {"slicer": {"spec": {}, "position": ANCHOR}}}
    )
    border = {"objectId": slicer["slicerId"], "border": {}, "fields": "color"}
    assert "Only a chart has a border." in refused(
        sheets, spreadsheet, {"updateEmbeddedObjectBorder": border}
    )
    moved = {"objectId": slicer["slicerId"], "newPosition": {"newSheet": True}, "fields": "*"}
    assert "A chart position needs" in refused(
        sheets, spreadsheet, {"updateEmbeddedObjectPosition": moved}
    )
    batch(sheets, spreadsheet, {"deleteEmbeddedObject": {"objectId": slicer["slicerId"]}})
    assert "slicers" not in first_sheet(sheets, spreadsheet)


def test_a_chart_border_keeps_its_colour_and_style_together(sheets, spreadsheet):
    chart = {"spec": {"title": "Done", "basicChart": {"chartType": "BAR"}}, "position": ANCHOR}
    reply = batch(sheets, spreadsheet, {"addChart": {"chart": chart}})
    chart_id = reply["replies"][0]["addChart"]["chart"]["chartId"]
    red = {"red": 1}
    batch(
        sheets,
        spreadsheet,
        {
            "updateEmbeddedObjectBorder": {
                "objectId": chart_id,
                "border": {"color": red},
                "fields": "color",
            }
        },
    )
    (kept,) = first_sheet(sheets, spreadsheet)["charts"]
    assert kept["border"] == {"color": red, "colorStyle": {"rgbColor": red}}
    theme = {"colorStyle": {"themeColor": "ACCENT1"}}
    batch(
        sheets,
        spreadsheet,
        {
            "updateEmbeddedObjectBorder": {
                "objectId": chart_id,
                "border": theme,
                "fields": "colorStyle",
            }
        },
    )
    (kept,) = first_sheet(sheets, spreadsheet)["charts"]
    assert kept["border"] == theme
    assert "No embedded object with id: 7" in refused(
        sheets,
        spreadsheet,
        {"updateEmbeddedObjectBorder": {"objectId": 7, "border": theme, "fields": "colorStyle"}},
    )


def test_a_table_request_may_use_original_names_and_a_single_column(sheets, spreadsheet):
    """Google's JSON parser reads snake_case names, and one object for a repeated field."""
    table = {
        "name": "Snake",
        "range": {"sheet_id": 0, "start_row_index": 0, "end_row_index": 3, "end_column_index": 2},
        "column_properties": {"column_index": 1, "column_type": "PERCENT"},
    }
    reply = batch(sheets, spreadsheet, {"add_table": {"table": table}})
    added = reply["replies"][0]["addTable"]["table"]
    assert added["columnProperties"][1] == {
        "columnIndex": 1,
        "columnName": "done",
        "columnType": "PERCENT",
    }
    assert shown(sheets, spreadsheet, "B2") == [["50.00%"]]
    wrong = {"add_table": {"table": {"column_properties": {"no_such_field": 1}}}}
    with pytest.raises(HttpError) as caught:
        batch(sheets, spreadsheet, wrong)
    assert caught.value.status_code == 400
    assert 'Unknown name "no_such_field"' in caught.value.reason


def test_a_duplicated_sheet_has_its_own_tables_and_slicers(sheets, spreadsheet):
    table = add_tracker(sheets, spreadsheet)
    spec = {"dataRange": {**GRID, "endColumnIndex": 3}}
    slicer = batch(
        sheets, spreadsheet, {"addSlicer": {"slicer": {"spec": spec, "position": ANCHOR}}}
    )["replies"][0]["addSlicer"]["slicer"]
    copied = batch(sheets, spreadsheet, {"duplicateSheet": {"sourceSheetId": 0}})
    copy_id = copied["replies"][0]["duplicateSheet"]["properties"]["sheetId"]
    got = sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()["sheets"][1]
    (copy_table,) = got["tables"]
    assert copy_table["tableId"] != table["tableId"]
    assert copy_table["name"] == "Tracker_1"
    assert copy_table["range"]["sheetId"] == copy_id
    assert got["slicers"][0]["slicerId"] != slicer["slicerId"]
    # each can be deleted on its own
    batch(sheets, spreadsheet, {"deleteTable": {"tableId": copy_table["tableId"]}})
    batch(sheets, spreadsheet, {"deleteEmbeddedObject": {"objectId": slicer["slicerId"]}})
    kept = sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()["sheets"]
    assert [t["tableId"] for t in kept[0]["tables"]] == [table["tableId"]]
    assert "tables" not in kept[1] and "slicers" not in kept[0] and len(kept[1]["slicers"]) == 1


def dimension(kind: str, dim: str, start: int, end: int) -> dict:
    return {kind: {"range": {"sheetId": 0, "dimension": dim, "startIndex": start, "endIndex": end}}}


def test_a_table_follows_the_rows_and_columns_inserted_and_deleted(sheets, spreadsheet):
    add_tracker(sheets, spreadsheet)  # A1:C3: task, done (percent), State (dropdown)
    batch(
        sheets,
        spreadsheet,
        dimension("insertDimension", "ROWS", 0, 1),  # above the table: it moves down
        dimension("insertDimension", "ROWS", 2, 3),  # inside it: it grows
        dimension("insertDimension", "COLUMNS", 1, 2),  # between task and done
    )
    (table,) = first_sheet(sheets, spreadsheet)["tables"]
    assert table["range"] == {
        "startRowIndex": 1,
        "endRowIndex": 5,
        "startColumnIndex": 0,
        "endColumnIndex": 4,
    }
    assert [(c.get("columnIndex", 0), c["columnName"]) for c in table["columnProperties"]] == [
        (0, "task"),
        (1, "Column 2"),
        (2, "done"),
        (3, "State"),
    ]
    assert shown(sheets, spreadsheet, "A2:D2") == [["task", "Column 2", "done", "State"]]
    batch(sheets, spreadsheet, dimension("deleteDimension", "COLUMNS", 0, 2))
    (table,) = first_sheet(sheets, spreadsheet)["tables"]
    assert [c["columnName"] for c in table["columnProperties"]] == ["done", "State"]
    assert table["columnProperties"][0]["columnType"] == "PERCENT"
    assert "columnIndex" not in table["columnProperties"][0]
    batch(sheets, spreadsheet, dimension("deleteDimension", "ROWS", 1, 5))
    assert "tables" not in first_sheet(sheets, spreadsheet)  # no rows left: the table is gone
