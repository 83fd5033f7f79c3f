"""Sheets v4 ``spreadsheets.values`` through googleapiclient: ranges, input and render options."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def spreadsheet(sheets) -> str:
    body = {
        "properties": {"title": "Budget"},
        "sheets": [{"properties": {"title": "Sheet1"}}, {"properties": {"title": "My data"}}],
    }
    return sheets.spreadsheets().create(body=body).execute()["spreadsheetId"]


def values(sheets):
    return sheets.spreadsheets().values()


def put(sheets, spreadsheet, range_, rows, option="USER_ENTERED", **kwargs) -> dict:
    body = {"values": rows, **kwargs}
    return (
        values(sheets)
        .update(spreadsheetId=spreadsheet, range=range_, valueInputOption=option, body=body)
        .execute()
    )


def get(sheets, spreadsheet, range_, **kwargs) -> dict:
    return values(sheets).get(spreadsheetId=spreadsheet, range=range_, **kwargs).execute()


def test_user_entered_values_are_typed_and_formatted(sheets, spreadsheet):
    rows = [["Item", "Price", "When"], ["Tea", "1,234.5", "1/15/2024"], ["Cut", "12%", "TRUE"]]
    reply = put(sheets, spreadsheet, "Sheet1!A1", rows)
    assert reply["updatedRange"] == "Sheet1!A1:C3"
    assert (reply["updatedRows"], reply["updatedColumns"], reply["updatedCells"]) == (3, 3, 9)
    got = get(sheets, spreadsheet, "Sheet1!A1:D10")
    assert got["range"] == "Sheet1!A1:D10"
    assert got["majorDimension"] == "ROWS"
    assert got["values"] == [
        ["Item", "Price", "When"],
        ["Tea", "1,234.50", "1/15/2024"],
        ["Cut", "12%", "TRUE"],
    ]
    raw = get(sheets, spreadsheet, "B2:C3", valueRenderOption="UNFORMATTED_VALUE")
    assert raw["values"] == [[1234.5, 45306], [0.12, True]]
    dates = get(
        sheets,
        spreadsheet,
        "C2",
        valueRenderOption="UNFORMATTED_VALUE",
        dateTimeRenderOption="FORMATTED_STRING",
    )
    assert dates["values"] == [["1/15/2024"]]


def test_raw_input_keeps_text_as_text(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1:C1", [["=1+2", "12%", 7]], option="RAW")
    got = get(sheets, spreadsheet, "A1:C1", valueRenderOption="UNFORMATTED_VALUE")
    assert got["values"] == [["=1+2", "12%", 7]]


def test_formulas_compute_and_dependents_follow(sheets, spreadsheet):
    put(sheets, spreadsheet, "'My data'!A1", [["apple", 3], ["pear", 4], ["fig", 5]])
    formulas = [
        ["=SUM('My data'!B1:B3)", "=AVERAGE('My data'!B:B)", "=A1*2"],
        [
            "=VLOOKUP(\"pear\",'My data'!A1:B3,2,FALSE)",
            "=COUNTIF('My data'!B:B,\">3\")",
            '=UPPER("x")&LEN("abc")',
        ],
    ]
    put(sheets, spreadsheet, "Sheet1!A1", formulas)
    assert get(sheets, spreadsheet, "A1:C2")["values"] == [["12", "4", "24"], ["4", "2", "X3"]]
    assert get(sheets, spreadsheet, "A1", valueRenderOption="FORMULA")["values"] == [
        ["=SUM('My data'!B1:B3)"]
    ]
    put(sheets, spreadsheet, "'My data'!B3", [[10]])
    assert get(sheets, spreadsheet, "A1:C1", valueRenderOption="UNFORMATTED_VALUE")["values"] == [
        [17, 5.666666666666667, 34]
    ]


def test_formula_errors_show_their_codes(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["=1/0", "=NOPE(1)", "=C1", '=MATCH("z",A2:A3,0)', "=1+"]])
    assert get(sheets, spreadsheet, "A1:E1")["values"] == [
        ["#DIV/0!", "#NAME?", "#REF!", "#N/A", "#ERROR!"]
    ]
    grid = (
        sheets.spreadsheets()
        .get(spreadsheetId=spreadsheet, ranges=["A1:B1"], includeGridData=True)
        .execute()
    )
    cells = grid["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert cells[0]["effectiveValue"]["errorValue"] == {
        "type": "DIV_ZERO",
        "message": "Function DIVIDE parameter 2 cannot be zero.",
    }
    assert cells[1]["effectiveValue"]["errorValue"]["message"] == "Unknown function: 'NOPE'."


def test_major_dimension_columns_reads_and_writes_columns(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["a", "b", "c"], [1, 2]], majorDimension="COLUMNS")
    assert get(sheets, spreadsheet, "A1:B3")["values"] == [["a", "1"], ["b", "2"], ["c"]]
    assert get(sheets, spreadsheet, "A1:B3", majorDimension="COLUMNS")["values"] == [
        ["a", "b", "c"],
        ["1", "2"],
    ]


def test_open_and_r1c1_ranges(sheets, spreadsheet):
    put(sheets, spreadsheet, "'My data'!A1", [["x", "y"], ["z"]])
    assert get(sheets, spreadsheet, "'My data'!A:A")["range"] == "'My data'!A1:A1000"
    assert get(sheets, spreadsheet, "'My data'!A:A")["values"] == [["x"], ["z"]]
    assert get(sheets, spreadsheet, "'My data'!1:1")["values"] == [["x", "y"]]
    assert get(sheets, spreadsheet, "'My data'")["range"] == "'My data'!A1:Z1000"
    assert get(sheets, spreadsheet, "'My data'!R1C2:R2C2")["values"] == [["y"]]
    assert get(sheets, spreadsheet, "'My data'!B2:C")["range"] == "'My data'!B2:C1000"
    empty = get(sheets, spreadsheet, "Sheet1!A1:B2")
    assert "values" not in empty


def append(sheets, spreadsheet, range_, rows, **kwargs) -> dict:
    return (
        values(sheets)
        .append(
            spreadsheetId=spreadsheet,
            range=range_,
            valueInputOption="USER_ENTERED",
            body={"values": rows},
            **kwargs,
        )
        .execute()
    )


def test_append_writes_after_the_table(sheets, spreadsheet):
    put(sheets, spreadsheet, "A1", [["name", "qty"], ["tea", 1]])
    put(sheets, spreadsheet, "A5", [["below"]])
    appended = append(sheets, spreadsheet, "A1:B2", [["cake", 2]])
    assert appended["tableRange"] == "Sheet1!A1:B2"
    assert appended["updates"]["updatedRange"] == "Sheet1!A3:B3"
    assert appended["updates"]["updatedCells"] == 2
    inserted = append(sheets, spreadsheet, "A1", [["pie", 3]], insertDataOption="INSERT_ROWS")
    assert inserted["updates"]["updatedRange"] == "Sheet1!A4:B4"
    got = get(sheets, spreadsheet, "A1:B6")["values"]
    assert got == [["name", "qty"], ["tea", "1"], ["cake", "2"], ["pie", "3"], [], ["below"]]
    fresh = append(sheets, spreadsheet, "'My data'!C1", [["x"]])
    assert "tableRange" not in fresh
    assert fresh["updates"]["updatedRange"] == "'My data'!C1"


def test_clear_and_batch_operations(sheets, spreadsheet):
    batch = (
        values(sheets)
        .batchUpdate(
            spreadsheetId=spreadsheet,
            body={
                "valueInputOption": "USER_ENTERED",
                "data": [
                    {"range": "A1", "values": [["a", "=2*3"]]},
                    {"range": "'My data'!C3", "values": [["c"]]},
                ],
            },
        )
        .execute()
    )
    assert batch["totalUpdatedCells"] == 3 and batch["totalUpdatedSheets"] == 2
    got = (
        values(sheets)
        .batchGet(spreadsheetId=spreadsheet, ranges=["A1:B1", "'My data'!C3"])
        .execute()
    )
    assert [r["values"] for r in got["valueRanges"]] == [[["a", "6"]], [["c"]]]
    cleared = values(sheets).clear(spreadsheetId=spreadsheet, range="B1", body={}).execute()
    assert cleared["clearedRange"] == "Sheet1!B1"
    values(sheets).batchClear(
        spreadsheetId=spreadsheet, body={"ranges": ["'My data'!C3"]}
    ).execute()
    by_filter = (
        values(sheets)
        .batchGetByDataFilter(
            spreadsheetId=spreadsheet,
            body={
                "dataFilters": [
                    {"a1Range": "A1:B1"},
                    {"gridRange": {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 1}},
                ]
            },
        )
        .execute()
    )
    assert [r["valueRange"].get("values") for r in by_filter["valueRanges"]] == [[["a"]], [["a"]]]
    assert "values" not in get(sheets, spreadsheet, "'My data'!C3")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v, s: v.get(spreadsheetId=s, range="Nope!A1"), "Unable to parse range: Nope!A1"),
        (
            lambda v, s: v.get(spreadsheetId=s, range="A1:A1001"),
            "Range (Sheet1!A1:A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
        ),
        (
            lambda v, s: v.update(
                spreadsheetId=s, range="A1:B1", valueInputOption="RAW", body={"values": [[1, 2, 3]]}
            ),
            "Requested writing within range [Sheet1!A1:B1], but tried writing to column [C]",
        ),
        (
            lambda v, s: v.update(spreadsheetId=s, range="A1", body={"values": [[1]]}),
            "'valueInputOption' is required but not specified",
        ),
    ],
)
def test_bad_requests_get_googles_answers(sheets, spreadsheet, call, message):
    with pytest.raises(HttpError) as caught:
        call(values(sheets), spreadsheet).execute()
    assert caught.value.status_code == 400
    assert caught.value.reason == message


def test_an_unknown_spreadsheet_is_not_found(sheets):
    with pytest.raises(HttpError) as caught:
        get(sheets, "1" + "x" * 43, "A1")
    assert caught.value.status_code == 404
    assert caught.value.reason == "Requested entity was not found."


def test_writes_and_clears_by_data_filter(sheets, spreadsheet):
    first_row = {"gridRange": {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 2}}
    written = (
        values(sheets)
        .batchUpdateByDataFilter(
            spreadsheetId=spreadsheet,
            body={
                "valueInputOption": "RAW",
                "data": [{"dataFilter": first_row, "values": [["a", "b"]]}],
            },
        )
        .execute()
    )
    assert written["totalUpdatedCells"] == 2
    assert written["responses"][0]["updatedRange"] == "Sheet1!A1:B1"
    assert get(sheets, spreadsheet, "A1:B1")["values"] == [["a", "b"]]
    cleared = (
        values(sheets)
        .batchClearByDataFilter(spreadsheetId=spreadsheet, body={"dataFilters": [first_row]})
        .execute()
    )
    assert cleared["clearedRanges"] == ["Sheet1!A1:B1"]
    assert "values" not in get(sheets, spreadsheet, "A1:B1")


def test_include_values_in_response_reads_back_computed_values(sheets, spreadsheet):
    reply = (
        values(sheets)
        .update(
            spreadsheetId=spreadsheet,
            range="A1",
            valueInputOption="USER_ENTERED",
            includeValuesInResponse=True,
            responseValueRenderOption="UNFORMATTED_VALUE",
            body={"values": [[2, "=A1*21"]]},
        )
        .execute()
    )
    assert reply["updatedData"] == {
        "range": "Sheet1!A1:B1",
        "majorDimension": "ROWS",
        "values": [[2, 42]],
    }
