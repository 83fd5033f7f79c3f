"""Request bodies as Google's JSON parser reads them: original snake_case field names, and a
single value where a list is expected (but not where a row of ``values`` is)."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def spreadsheet(sheets) -> str:
    made = sheets.spreadsheets().create(body={"properties": {"title": "Input"}}).execute()
    return made["spreadsheetId"]


def properties(sheets, spreadsheet_id: str) -> list[dict]:
    got = sheets.spreadsheets().get(spreadsheetId=spreadsheet_id).execute()
    return [s["properties"] for s in got["sheets"]]


def test_snake_case_field_names_are_read_as_their_lower_camel_names(sheets, spreadsheet):
    rename = {
        "update_sheet_properties": {
            "properties": {
                "sheet_id": 0,
                "title": "Renamed",
                "grid_properties": {"frozen_row_count": 1},
            },
            "fields": "title,gridProperties.frozenRowCount",
        }
    }
    sheets.spreadsheets().batchUpdate(
        spreadsheetId=spreadsheet, body={"requests": [rename]}
    ).execute()
    (sheet,) = properties(sheets, spreadsheet)
    assert sheet["title"] == "Renamed"
    assert sheet["gridProperties"]["frozenRowCount"] == 1
    wrong = {"requests": [{"no_such_request": {}}]}
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().batchUpdate(spreadsheetId=spreadsheet, body=wrong).execute()
    assert caught.value.status_code == 400
    assert 'Unknown name "no_such_request"' in caught.value.reason


def test_a_single_value_stands_for_a_list_of_one(sheets, spreadsheet):
    add = {"requests": {"addSheet": {"properties": {"title": "Solo"}}}}
    reply = sheets.spreadsheets().batchUpdate(spreadsheetId=spreadsheet, body=add).execute()
    assert reply["replies"][0]["addSheet"]["properties"]["title"] == "Solo"
    assert [p["title"] for p in properties(sheets, spreadsheet)] == ["Sheet1", "Solo"]
    values = sheets.spreadsheets().values()
    values.update(
        spreadsheetId=spreadsheet, range="Solo!A1", valueInputOption="RAW", body={"values": [["x"]]}
    ).execute()
    cleared = values.batchClear(spreadsheetId=spreadsheet, body={"ranges": "Solo!A1"}).execute()
    assert cleared["clearedRanges"] == ["Solo!A1"]
    assert "values" not in values.get(spreadsheetId=spreadsheet, range="Solo!A1").execute()


def test_a_row_of_values_must_be_a_list(sheets, spreadsheet):
    values = sheets.spreadsheets().values()
    with pytest.raises(HttpError) as caught:
        values.update(
            spreadsheetId=spreadsheet, range="A1", valueInputOption="RAW", body={"values": "X"}
        ).execute()
    assert caught.value.status_code == 400
    assert caught.value.reason.endswith('(type.googleapis.com/google.protobuf.ListValue), "X"')
    assert "values" not in values.get(spreadsheetId=spreadsheet, range="A1").execute()
