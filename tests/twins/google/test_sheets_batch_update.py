"""Sheets v4 ``spreadsheets.create/get/batchUpdate`` through googleapiclient: sheets, dimensions,
cells, merges, named ranges, find/replace, sorting, validation; replies shaped as Google's."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def spreadsheet(sheets) -> str:
    created = sheets.spreadsheets().create(body={"properties": {"title": "Plan"}}).execute()
    return created["spreadsheetId"]


def batch(sheets, spreadsheet, *requests, **extra) -> dict:
    body = {"requests": list(requests), **extra}
    return sheets.spreadsheets().batchUpdate(spreadsheetId=spreadsheet, body=body).execute()


def put(sheets, spreadsheet, range_, rows):
    sheets.spreadsheets().values().update(
        spreadsheetId=spreadsheet,
        range=range_,
        valueInputOption="USER_ENTERED",
        body={"values": rows},
    ).execute()


def read(sheets, spreadsheet, range_, render="FORMATTED_VALUE") -> list:
    got = (
        sheets.spreadsheets()
        .values()
        .get(spreadsheetId=spreadsheet, range=range_, valueRenderOption=render)
        .execute()
    )
    return got.get("values", [])


def metadata(sheets, spreadsheet) -> dict:
    return sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()


def test_create_answers_a_spreadsheet_with_one_default_sheet(sheets):
    created = sheets.spreadsheets().create(body={"properties": {"title": "Q1"}}).execute()
    assert created["properties"]["title"] == "Q1"
    assert created["properties"]["locale"] == "en_US"
    (sheet,) = created["sheets"]
    assert sheet["properties"] == {
        "sheetId": 0,
        "title": "Sheet1",
        "index": 0,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }


def test_get_with_ranges_and_grid_data(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["7", "=A1*2", "3/1/2024"]])
    got = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, ranges=["Sheet1!A1:C1"], includeGridData=True)
        .execute()
    )
    (data,) = got["sheets"][0]["data"]
    number, formula, date = data["rowData"][0]["values"]
    assert number["userEnteredValue"] == {"numberValue": 7}
    assert number["formattedValue"] == "7"
    assert formula["userEnteredValue"] == {"formulaValue": "=A1*2"}
    assert formula["effectiveValue"] == {"numberValue": 14}
    assert date["effectiveFormat"]["numberFormat"] == {"type": "DATE", "pattern": "M/d/yyyy"}
    assert len(data["columnMetadata"]) == 3
    partial = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, fields="sheets.properties.title")
        .execute()
    )
    assert partial == {"sheets": [{"properties": {"title": "Sheet1"}}]}


def test_add_rename_duplicate_and_delete_sheets(sheets, spreadsheet):
    added = batch(sheets, spreadsheet, {"addSheet": {"properties": {"title": "Data"}}})
    data_id = added["replies"][0]["addSheet"]["properties"]["sheetId"]
    assert added["replies"][0]["addSheet"]["properties"]["index"] == 1
    put(sheets, spreadsheet, "Data!A1", [[5]])
    put(sheets, spreadsheet, "Sheet1!A1", [["=Data!A1+1"]])
    batch(
        sheets,
        spreadsheet,
        {
            "updateSheetProperties": {
                "properties": {"sheetId": data_id, "title": "Numbers"},
                "fields": "title",
            }
        },
    )
    assert read(sheets, spreadsheet, "Sheet1!A1", "FORMULA") == [["=Numbers!A1+1"]]
    copied = batch(sheets, spreadsheet, {"duplicateSheet": {"sourceSheetId": data_id}})
    copy = copied["replies"][0]["duplicateSheet"]["properties"]
    assert copy["title"] == "Copy of Numbers"
    assert read(sheets, spreadsheet, "'Copy of Numbers'!A1") == [["5"]]
    batch(sheets, spreadsheet, {"deleteSheet": {"sheetId": data_id}})
    assert read(sheets, spreadsheet, "Sheet1!A1") == [["#REF!"]]
    titles = [s["properties"]["title"] for s in metadata(sheets, spreadsheet)["sheets"]]
    assert titles == ["Sheet1", "Copy of Numbers"]


def test_a_failing_request_applies_nothing(sheets, spreadsheet):
    with pytest.raises(HttpError) as caught:
        batch(
            sheets,
            spreadsheet,
            {"addSheet": {"properties": {"title": "Fresh"}}},
            {"addSheet": {"properties": {"title": "Sheet1"}}},
        )
    assert caught.value.status_code == 400
    assert caught.value.reason == (
        'Invalid requests[1].addSheet: A sheet with the name "Sheet1" already exists.'
        " Please enter another name."
    )
    assert len(metadata(sheets, spreadsheet)["sheets"]) == 1
    with pytest.raises(HttpError) as last:
        batch(sheets, spreadsheet, {"deleteSheet": {"sheetId": 0}})
    assert "You can't remove all the sheets in a document." in last.value.reason


def test_inserting_and_deleting_rows_moves_cells_and_formulas(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [[1], [2], [3], ["=SUM(A1:A3)"]])
    dims = {"sheetId": 0, "dimension": "ROWS"}
    batch(
        sheets,
        spreadsheet,
        {"insertDimension": {"range": {**dims, "startIndex": 1, "endIndex": 3}}},
    )
    assert read(sheets, spreadsheet, "A6", "FORMULA") == [["=SUM(A1:A5)"]]
    assert read(sheets, spreadsheet, "A1:A6") == [["1"], [], [], ["2"], ["3"], ["6"]]
    batch(
        sheets,
        spreadsheet,
        {"deleteDimension": {"range": {**dims, "startIndex": 0, "endIndex": 1}}},
    )
    assert read(sheets, spreadsheet, "A5", "FORMULA") == [["=SUM(A1:A4)"]]
    assert read(sheets, spreadsheet, "A5") == [["5"]]
    props = metadata(sheets, spreadsheet)["sheets"][0]["properties"]["gridProperties"]
    assert props["rowCount"] == 1001
    batch(
        sheets,
        spreadsheet,
        {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 4}},
        {
            "updateDimensionProperties": {
                "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1},
                "properties": {"pixelSize": 240},
                "fields": "pixelSize",
            }
        },
    )
    got = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, ranges=["A1:B1"], includeGridData=True)
        .execute()
    )
    sheet = got["sheets"][0]
    assert sheet["properties"]["gridProperties"]["columnCount"] == 30
    assert [m["pixelSize"] for m in sheet["data"][0]["columnMetadata"]] == [240, 100]


def test_update_cells_and_repeat_cell_set_values_and_formats(sheets, spreadsheet):
    batch(
        sheets,
        spreadsheet,
        {
            "updateCells": {
                "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
                "rows": [
                    {
                        "values": [
                            {"userEnteredValue": {"numberValue": 0.256}},
                            {"userEnteredValue": {"formulaValue": "=A1*2"}, "note": "double"},
                        ]
                    }
                ],
                "fields": "userEnteredValue,note",
            }
        },
        {
            "repeatCell": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 0,
                    "endRowIndex": 1,
                    "startColumnIndex": 0,
                    "endColumnIndex": 2,
                },
                "cell": {
                    "userEnteredFormat": {
                        "numberFormat": {"type": "PERCENT", "pattern": "0.0%"},
                        "textFormat": {"bold": True},
                    }
                },
                "fields": "userEnteredFormat(numberFormat,textFormat)",
            }
        },
    )
    assert read(sheets, spreadsheet, "A1:B1") == [["25.6%", "51.2%"]]
    cell = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, ranges=["B1"], includeGridData=True)
        .execute()["sheets"][0]["data"][0]["rowData"][0]["values"][0]
    )
    assert cell["note"] == "double"
    assert cell["userEnteredFormat"]["textFormat"] == {"bold": True}
    assert cell["effectiveFormat"]["textFormat"]["bold"] is True


def test_merges_named_ranges_and_validation(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["keep", "gone"], [4, 6]])
    grid = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    numbers = {
        "sheetId": 0,
        "startRowIndex": 1,
        "endRowIndex": 2,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    reply = batch(
        sheets,
        spreadsheet,
        {"mergeCells": {"range": grid, "mergeType": "MERGE_ALL"}},
        {"addNamedRange": {"namedRange": {"name": "Scores", "range": numbers}}},
        {
            "setDataValidation": {
                "range": numbers,
                "rule": {
                    "condition": {"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "0"}]},
                    "strict": True,
                },
            }
        },
    )
    named = reply["replies"][1]["addNamedRange"]["namedRange"]
    assert named["name"] == "Scores" and named["namedRangeId"]
    put(sheets, spreadsheet, "C1", [["=SUM(Scores)"]])
    assert read(sheets, spreadsheet, "A1:C2") == [["keep", "", "10"], ["4", "6"]]
    got = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, includeGridData=True, ranges=["A2"])
        .execute()
    )
    assert got["sheets"][0]["merges"] == [{k: v for k, v in grid.items() if k != "sheetId"}]
    assert got["namedRanges"] == [named]
    validation = got["sheets"][0]["data"][0]["rowData"][0]["values"][0]["dataValidation"]
    assert validation["condition"]["type"] == "NUMBER_GREATER"
    assert read(sheets, spreadsheet, "Scores") == [["4", "6"]]
    with pytest.raises(HttpError) as caught:
        batch(sheets, spreadsheet, {"addNamedRange": {"namedRange": {"name": "A1", "range": grid}}})
    assert caught.value.reason.startswith(
        "Invalid requests[0].addNamedRange: Invalid named range name"
    )


def test_find_replace_and_sort_range(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["pear", 3], ["apple", 1], ["Pear tart", 2], ["", ""]])
    found = batch(
        sheets,
        spreadsheet,
        {"findReplace": {"find": "pear", "replacement": "quince", "allSheets": True}},
    )
    assert found["replies"][0]["findReplace"] == {
        "valuesChanged": 2,
        "rowsChanged": 2,
        "sheetsChanged": 1,
        "occurrencesChanged": 2,
    }
    whole = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 3,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    batch(
        sheets,
        spreadsheet,
        {
            "sortRange": {
                "range": whole,
                "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "DESCENDING"}],
            }
        },
    )
    assert read(sheets, spreadsheet, "A1:B3") == [
        ["quince", "3"],
        ["quince tart", "2"],
        ["apple", "1"],
    ]


def test_spreadsheet_title_is_the_drive_file_name(sheets, spreadsheet, google_service_for):
    reply = batch(
        sheets,
        spreadsheet,
        {"updateSpreadsheetProperties": {"properties": {"title": "Plan 2"}, "fields": "title"}},
        includeSpreadsheetInResponse=True,
    )
    assert reply["updatedSpreadsheet"]["properties"]["title"] == "Plan 2"
    drive = google_service_for("drive", "v3")
    got = drive.files().get(fileId=spreadsheet, fields="name,mimeType").execute()
    assert got == {"name": "Plan 2", "mimeType": "application/vnd.google-apps.spreadsheet"}


def test_malformed_requests_are_refused_not_crashed(sheets, spreadsheet):
    malformed = [
        {"addSheet": {"properties": "x"}},
        {"addSheet": {"properties": {"gridProperties": {"rowCount": "many"}}}},
        {"updateCells": {"rows": [{"values": [{"userEnteredValue": []}]}], "fields": "*"}},
        {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 10**9}},
    ]
    for bad in malformed:
        with pytest.raises(HttpError) as caught:
            batch(sheets, spreadsheet, bad)
        assert caught.value.status_code == 400
    with pytest.raises(HttpError) as unknown:
        batch(sheets, spreadsheet, {"frobnicate": {}})
    assert 'Unknown name "frobnicate"' in unknown.value.reason
    assert "requests[0]" in unknown.value.reason
    assert len(metadata(sheets, spreadsheet)["sheets"]) == 1


def test_copy_a_sheet_to_another_spreadsheet(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["x", '=A1&"y"']])
    other = sheets.spreadsheets().create(body={"properties": {"title": "Other"}}).execute()
    copied = (
        sheets.spreadsheets()
        .sheets()
        .copyTo(
            spreadsheetId=spreadsheet,
            sheetId=0,
            body={"destinationSpreadsheetId": other["spreadsheetId"]},
        )
        .execute()
    )
    assert copied["title"] == "Copy of Sheet1" and copied["index"] == 1
    assert read(sheets, other["spreadsheetId"], "'Copy of Sheet1'!A1:B1") == [["x", "xy"]]


def test_append_cells_borders_trim_and_duplicates(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["  a   b ", 1], ["x", 2], ["x", 2], ["y", 3]])
    whole = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 4,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    solid = {"style": "SOLID", "color": {"red": 1}}
    reply = batch(
        sheets,
        spreadsheet,
        {"trimWhitespace": {"range": whole}},
        {"deleteDuplicates": {"range": whole}},
        {
            "appendCells": {
                "sheetId": 0,
                "rows": [{"values": [{"userEnteredValue": {"stringValue": "z"}}]}],
                "fields": "userEnteredValue",
            }
        },
        {"updateBorders": {"range": whole, "top": solid, "innerHorizontal": solid}},
    )
    assert reply["replies"][:3] == [
        {"trimWhitespace": {"cellsChangedCount": 1}},
        {"deleteDuplicates": {"duplicatesRemovedCount": 1}},
        {},
    ]
    assert read(sheets, spreadsheet, "A1:B5") == [["a b", "1"], ["x", "2"], ["y", "3"], ["z"]]
    got = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, ranges=["A1:A2"], includeGridData=True)
        .execute()
    )
    first, second = (r["values"][0] for r in got["sheets"][0]["data"][0]["rowData"])
    assert first["userEnteredFormat"]["borders"] == {"top": solid, "bottom": solid}
    assert second["userEnteredFormat"]["borders"] == {"top": solid, "bottom": solid}


def test_conditional_formats_and_banding(sheets, spreadsheet):
    grid = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 5,
        "startColumnIndex": 0,
        "endColumnIndex": 1,
    }
    rule = {
        "ranges": [grid],
        "booleanRule": {
            "condition": {"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "10"}]},
            "format": {"textFormat": {"bold": True}},
        },
    }
    reply = batch(
        sheets,
        spreadsheet,
        {"addConditionalFormatRule": {"rule": rule, "index": 0}},
        {
            "addBanding": {
                "bandedRange": {"range": grid, "rowProperties": {"headerColor": {"red": 1}}}
            }
        },
    )
    banded = reply["replies"][1]["addBanding"]["bandedRange"]
    sheet = metadata(sheets, spreadsheet)["sheets"][0]
    written = {**rule, "ranges": [{k: v for k, v in grid.items() if k != "sheetId"}]}
    assert sheet["conditionalFormats"] == [written]
    assert sheet["bandedRanges"] == [banded]
    removed = batch(
        sheets,
        spreadsheet,
        {"deleteConditionalFormatRule": {"sheetId": 0, "index": 0}},
        {"deleteBanding": {"bandedRangeId": banded["bandedRangeId"]}},
    )
    assert removed["replies"][0] == {"deleteConditionalFormatRule": {"rule": written}}
    sheet = metadata(sheets, spreadsheet)["sheets"][0]
    assert "conditionalFormats" not in sheet and "bandedRanges" not in sheet
    with pytest.raises(HttpError) as caught:
        batch(sheets, spreadsheet, {"deleteConditionalFormatRule": {"sheetId": 0, "index": 3}})
    assert caught.value.status_code == 400


def test_text_to_columns_paste_data_and_randomize(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["a;1;TRUE"], ["b;2;FALSE"]])
    column = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 2,
        "startColumnIndex": 0,
        "endColumnIndex": 1,
    }
    batch(
        sheets,
        spreadsheet,
        {"textToColumns": {"source": column, "delimiterType": "SEMICOLON"}},
        {
            "pasteData": {
                "coordinate": {"sheetId": 0, "rowIndex": 3, "columnIndex": 0},
                "data": "x|3\ny|4",
                "delimiter": "|",
            }
        },
    )
    assert read(sheets, spreadsheet, "A1:C5", "UNFORMATTED_VALUE") == [
        ["a", 1, True],
        ["b", 2, False],
        [],
        ["x", 3],
        ["y", 4],
    ]
    rows = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 5,
        "startColumnIndex": 0,
        "endColumnIndex": 3,
    }
    batch(sheets, spreadsheet, {"randomizeRange": {"range": rows}})
    shuffled = read(sheets, spreadsheet, "A1:A5")
    assert sorted(r[0] for r in shuffled if r) == ["a", "b", "x", "y"]


def test_developer_metadata(sheets, spreadsheet):
    reply = batch(
        sheets,
        spreadsheet,
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": "owner-app",
                    "metadataValue": "ledger",
                    "location": {"sheetId": 0},
                    "visibility": "DOCUMENT",
                }
            }
        },
    )
    created = reply["replies"][0]["createDeveloperMetadata"]["developerMetadata"]
    assert created["location"] == {"sheetId": 0, "locationType": "SHEET"}
    got = (
        sheets.spreadsheets()
        .developerMetadata()
        .get(spreadsheetId=spreadsheet, metadataId=created["metadataId"])
        .execute()
    )
    assert got == created
    lookup = {"developerMetadataLookup": {"metadataKey": "owner-app"}}
    found = (
        sheets.spreadsheets()
        .developerMetadata()
        .search(spreadsheetId=spreadsheet, body={"dataFilters": [lookup]})
        .execute()
    )
    assert found["matchedDeveloperMetadata"] == [
        {"developerMetadata": created, "dataFilters": [lookup]}
    ]
    assert metadata(sheets, spreadsheet)["sheets"][0]["developerMetadata"] == [created]
    batch(
        sheets,
        spreadsheet,
        {
            "updateDeveloperMetadata": {
                "dataFilters": [lookup],
                "developerMetadata": {"metadataValue": "ledger-2"},
                "fields": "metadataValue",
            }
        },
    )
    deleted = batch(sheets, spreadsheet, {"deleteDeveloperMetadata": {"dataFilter": lookup}})
    gone = deleted["replies"][0]["deleteDeveloperMetadata"]["deletedDeveloperMetadata"]
    assert [m["metadataValue"] for m in gone] == ["ledger-2"]
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().developerMetadata().get(
            spreadsheetId=spreadsheet, metadataId=created["metadataId"]
        ).execute()
    assert caught.value.status_code == 404


def test_move_dimension_carries_cells_and_references(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["a"], ["b"], ["c"], ["d"]])
    put(sheets, spreadsheet, "B1", [["=A4"]])
    rows = {"sheetId": 0, "dimension": "ROWS", "startIndex": 3, "endIndex": 4}
    batch(sheets, spreadsheet, {"moveDimension": {"source": rows, "destinationIndex": 0}})
    assert read(sheets, spreadsheet, "A1:A4") == [["d"], ["a"], ["b"], ["c"]]
    # the formula moved with row 1 to row 2 and still points at "d", now in row 1
    assert read(sheets, spreadsheet, "B2", "FORMULA") == [["=A1"]]
    assert read(sheets, spreadsheet, "B2") == [["d"]]


def test_repeat_cell_steps_a_formula_along_the_range(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [[1], [2], [3]])
    column = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 3,
        "startColumnIndex": 1,
        "endColumnIndex": 2,
    }
    batch(
        sheets,
        spreadsheet,
        {
            "repeatCell": {
                "range": column,
                "cell": {"userEnteredValue": {"formulaValue": "=A1*$A$1*10"}},
                "fields": "userEnteredValue",
            }
        },
    )
    assert read(sheets, spreadsheet, "B1:B3", "FORMULA") == [
        ["=A1*$A$1*10"],
        ["=A2*$A$1*10"],
        ["=A3*$A$1*10"],
    ]
    assert read(sheets, spreadsheet, "B1:B3") == [["10"], ["20"], ["30"]]


def test_create_with_grid_data(sheets):
    body = {
        "properties": {"title": "Seeded"},
        "sheets": [
            {
                "properties": {"title": "Data"},
                "data": [
                    {
                        "startRow": 1,
                        "rowData": [
                            {"values": [{"userEnteredValue": {"numberValue": 4}}]},
                            {
                                "values": [
                                    {"userEnteredValue": {"formulaValue": "=A2*2"}, "note": "twice"}
                                ]
                            },
                        ],
                    }
                ],
            }
        ],
    }
    created = sheets.spreadsheets().create(body=body).execute()
    assert read(sheets, created["spreadsheetId"], "Data!A1:A3") == [[], ["4"], ["8"]]
    two_kinds = {"userEnteredValue": {"numberValue": 1, "stringValue": "x"}}
    bad = {"sheets": [{"data": [{"rowData": [{"values": [two_kinds]}]}]}]}
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().create(body=bad).execute()
    assert caught.value.status_code == 400


def test_charts_are_kept_moved_and_deleted(sheets, spreadsheet):
    spec = {"title": "Sales", "basicChart": {"chartType": "COLUMN"}}
    anchor = {"overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 2, "columnIndex": 2}}}
    added = batch(sheets, spreadsheet, {"addChart": {"chart": {"spec": spec, "position": anchor}}})
    chart = added["replies"][0]["addChart"]["chart"]
    assert metadata(sheets, spreadsheet)["sheets"][0]["charts"] == [chart]
    other = batch(sheets, spreadsheet, {"addSheet": {"properties": {"title": "Charts"}}})
    target = other["replies"][0]["addSheet"]["properties"]["sheetId"]
    batch(
        sheets,
        spreadsheet,
        {"updateChartSpec": {"chartId": chart["chartId"], "spec": {**spec, "title": "Revenue"}}},
        {
            "updateEmbeddedObjectPosition": {
                "objectId": chart["chartId"],
                "newPosition": {"sheetId": target},
                "fields": "sheetId",
            }
        },
    )
    moved = metadata(sheets, spreadsheet)["sheets"][1]["charts"][0]
    assert moved["spec"]["title"] == "Revenue"
    batch(sheets, spreadsheet, {"deleteEmbeddedObject": {"objectId": chart["chartId"]}})
    assert "charts" not in metadata(sheets, spreadsheet)["sheets"][1]


def test_insert_and_delete_range_shift_only_their_band(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["a1", "b1", "=A2"], ["a2", "b2"], ["a3", "b3"]])
    cell = {
        "sheetId": 0,
        "startRowIndex": 1,
        "endRowIndex": 2,
        "startColumnIndex": 0,
        "endColumnIndex": 1,
    }
    batch(sheets, spreadsheet, {"insertRange": {"range": cell, "shiftDimension": "ROWS"}})
    assert read(sheets, spreadsheet, "A1:B4") == [["a1", "b1"], ["", "b2"], ["a2", "b3"], ["a3"]]
    assert read(sheets, spreadsheet, "C1", "FORMULA") == [["=A3"]]  # the reference followed "a2"
    batch(sheets, spreadsheet, {"deleteRange": {"range": cell, "shiftDimension": "ROWS"}})
    assert read(sheets, spreadsheet, "A1:B3") == [["a1", "b1"], ["a2", "b2"], ["a3", "b3"]]
    assert read(sheets, spreadsheet, "C1") == [["a2"]]


def test_auto_fill_continues_series(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [[1, "Item 1", "=A1*10", "x"], [3, "", "", ""]])
    source = {
        "sheetId": 0,
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 1,
        "endColumnIndex": 4,
    }
    batch(
        sheets,
        spreadsheet,
        {
            "autoFill": {
                "sourceAndDestination": {"source": source, "dimension": "ROWS", "fillLength": 3}
            }
        },
        {
            "autoFill": {
                "range": {
                    "sheetId": 0,
                    "startRowIndex": 0,
                    "endRowIndex": 4,
                    "startColumnIndex": 0,
                    "endColumnIndex": 1,
                }
            }
        },
    )
    assert read(sheets, spreadsheet, "A1:D4") == [
        ["1", "Item 1", "10", "x"],
        ["3", "Item 2", "30", "x"],
        ["5", "Item 3", "50", "x"],
        ["7", "Item 4", "70", "x"],
    ]
    assert read(sheets, spreadsheet, "C4", "FORMULA") == [["=A4*10"]]
