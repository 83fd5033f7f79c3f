"""Sheets answers written as Google writes them: the default format and theme in full, colours as
32-bit floats with their ``*Style`` mirrors, defaults left out, and every field one the
discovery schema knows; driven through gspread and googleapiclient."""

from __future__ import annotations

from typing import Any

import pytest

from darkfactory.twins.google import discovery

SCHEMAS = discovery.document("sheets", "v4")["schemas"]


def unknown_fields(value: Any, schema: str) -> list[str]:
    """Paths of the fields in ``value`` that the discovery ``schema`` does not define."""
    found: list[str] = []

    def walk(item: Any, node: dict, path: str) -> None:
        while "$ref" in node:
            node = SCHEMAS[node["$ref"]]
        if isinstance(item, list):
            for index, each in enumerate(item):
                walk(each, node.get("items", {}), f"{path}[{index}]")
        elif isinstance(item, dict) and node.get("type") == "object":
            known = node.get("properties", {})
            extra = node.get("additionalProperties")
            for key, child in item.items():
                if key not in known and extra is None:
                    found.append(f"{path}.{key}")
                else:
                    walk(child, known.get(key, extra or {}), f"{path}.{key}")

    walk(value, {"$ref": schema}, schema)
    return found


def defaults_written(value: Any, path: str = "") -> list[str]:
    """Paths where a field proto3 leaves out at its default was written anyway: a range's
    ``sheetId`` of 0, a frozen count of 0, a colour component of 0."""
    found: list[str] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += defaults_written(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        is_range = any(k.endswith("Index") for k in value) or path.endswith(".range")
        for key, item in value.items():
            here = f"{path}.{key}"
            if key == "sheetId" and item == 0 and is_range:
                found.append(here)
            if key in ("frozenRowCount", "frozenColumnCount") and item == 0:
                found.append(here)
            if key in ("red", "green", "blue") and item == 0:
                found.append(here)
            found += defaults_written(item, here)
    return found


def check(value: dict, schema: str) -> dict:
    assert unknown_fields(value, schema) == []
    assert defaults_written(value) == []
    return value


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def book(gspread_for):
    made = gspread_for().create("Shapes")
    made.sheet1.resize(20, 20)
    return made


def test_a_new_spreadsheet_shows_the_default_format_and_theme(sheets, book):
    got = check(sheets.spreadsheets().get(spreadsheetId=book.id).execute(), "Spreadsheet")
    default = got["properties"]["defaultFormat"]
    assert default["textFormat"] == {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    }
    white = {"red": 1, "green": 1, "blue": 1}
    assert default["backgroundColor"] == white
    assert default["backgroundColorStyle"] == {"rgbColor": white}
    theme = got["properties"]["spreadsheetTheme"]
    assert theme["primaryFontFamily"] == "Arial"
    colours = {pair["colorType"]: pair["color"]["rgbColor"] for pair in theme["themeColors"]}
    assert list(colours) == [
        "TEXT",
        "BACKGROUND",
        "ACCENT1",
        "ACCENT2",
        "ACCENT3",
        "ACCENT4",
        "ACCENT5",
        "ACCENT6",
        "LINK",
    ]
    assert colours["TEXT"] == {}
    assert colours["ACCENT5"] == {"red": 1, "green": 0.42745098, "blue": 0.003921569}
    assert got["sheets"][0]["properties"]["gridProperties"] == {"rowCount": 20, "columnCount": 20}
    assert got["sheets"][0]["properties"]["sheetId"] == 0


def test_freeze_merge_and_filter_ranges_as_google_writes_them(book):
    ws = book.sheet1
    ws.freeze(rows=2, cols=1)
    props = book.fetch_sheet_metadata()["sheets"][0]["properties"]
    assert props["gridProperties"] == {
        "rowCount": 20,
        "columnCount": 20,
        "frozenRowCount": 2,
        "frozenColumnCount": 1,
    }
    ws.freeze(rows=0, cols=0)
    ws.merge_cells("A1:B2")
    ws.set_basic_filter()
    got = check(book.fetch_sheet_metadata(), "Spreadsheet")["sheets"][0]
    assert got["properties"]["gridProperties"] == {"rowCount": 20, "columnCount": 20}
    assert got["merges"] == [
        {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2}
    ]
    assert got["basicFilter"] == {
        "range": {
            "startRowIndex": 0,
            "endRowIndex": 20,
            "startColumnIndex": 0,
            "endColumnIndex": 20,
        }
    }
    ws.set_basic_filter("B1:C2")
    got = book.fetch_sheet_metadata()["sheets"][0]["basicFilter"]
    assert got == {
        "range": {"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 1, "endColumnIndex": 3}
    }


def test_formats_come_back_as_float32_with_their_style_mirrors(book):
    ws = book.sheet1
    ws.format(
        "A2:B2",
        {
            "backgroundColor": {"red": 0.0, "green": 1, "blue": 1},
            "textFormat": {"foregroundColor": {"red": 1, "green": 0.4980392156862745}},
        },
    )
    ws.update_tab_color("#FF007F")
    got = book.fetch_sheet_metadata(
        {"ranges": "Sheet1!A2", "fields": "sheets.data.rowData.values.userEnteredFormat"}
    )
    check(got, "Spreadsheet")
    entered = got["sheets"][0]["data"][0]["rowData"][0]["values"][0]["userEnteredFormat"]
    assert entered == {
        "backgroundColor": {"green": 1, "blue": 1},
        "backgroundColorStyle": {"rgbColor": {"green": 1, "blue": 1}},
        "textFormat": {
            "foregroundColor": {"red": 1, "green": 0.49803922},
            "foregroundColorStyle": {"rgbColor": {"red": 1, "green": 0.49803922}},
        },
    }
    tab = book.fetch_sheet_metadata({"fields": "sheets.properties(tabColor,tabColorStyle)"})
    assert tab["sheets"][0]["properties"] == {
        "tabColor": {"red": 1, "blue": 0.49803922},
        "tabColorStyle": {"rgbColor": {"red": 1, "blue": 0.49803922}},
    }


def test_read_operations_answer_only_fields_of_their_schema(sheets, book):
    ws = book.sheet1
    ws.update([["n", "double"], [2, "=A2*2"]], "A1", value_input_option="USER_ENTERED")
    ws.format("A1:B1", {"textFormat": {"bold": True}, "backgroundColor": {"red": 0.9}})
    ws.add_protected_range("A1:B1")
    ws.add_dimension_group_rows(1, 3)
    book.batch_update(
        {
            "requests": [
                {
                    "addBanding": {
                        "bandedRange": {
                            "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 4},
                            "rowProperties": {
                                "headerColor": {"blue": 1},
                                "firstBandColor": {"red": 1, "green": 1},
                            },
                        }
                    }
                }
            ]
        }
    )
    spreadsheets = sheets.spreadsheets()
    values = spreadsheets.values()
    reads = [
        (spreadsheets.get(spreadsheetId=book.id), "Spreadsheet"),
        (
            spreadsheets.get(spreadsheetId=book.id, includeGridData=True, ranges="A1:C3"),
            "Spreadsheet",
        ),
        (
            spreadsheets.getByDataFilter(
                spreadsheetId=book.id,
                body={"dataFilters": [{"a1Range": "A1:B2"}], "includeGridData": True},
            ),
            "Spreadsheet",
        ),
        (values.get(spreadsheetId=book.id, range="A1:B2"), "ValueRange"),
        (values.batchGet(spreadsheetId=book.id, ranges=["A1", "B2"]), "BatchGetValuesResponse"),
        (
            values.batchGetByDataFilter(
                spreadsheetId=book.id,
                body={"dataFilters": [{"gridRange": {"sheetId": 0, "endRowIndex": 1}}]},
            ),
            "BatchGetValuesByDataFilterResponse",
        ),
    ]
    for request, schema in reads:
        check(request.execute(), schema)
