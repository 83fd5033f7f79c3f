"""Sheets v4 ``spreadsheets.values`` through googleapiclient: ranges, input and render options."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


@pytest.fixture
def spreadsheet(sheets) -> str:
    created = sheets.spreadsheets().create(body={"properties": {"title": "Budget"}}).execute()
    return created["spreadsheetId"]


def values(sheets):
    return sheets.spreadsheets().values()


def test_update_then_get_round_trips_user_entered_values(sheets, spreadsheet):
    reply = (
        values(sheets)
        .update(
            spreadsheetId=spreadsheet,
            range="Sheet1!A1",
            valueInputOption="USER_ENTERED",
            body={"values": [["Item", "Price", "When"], ["Tea", "1,234.5", "1/15/2024"], ["Cut", "12%", "TRUE"]]},
        )
        .execute()
    )
    assert reply["updatedRange"] == "Sheet1!A1:C3"
    assert (reply["updatedRows"], reply["updatedColumns"], reply["updatedCells"]) == (3, 3, 9)
    got = values(sheets).get(spreadsheetId=spreadsheet, range="Sheet1!A1:D10").execute()
    assert got["range"] == "Sheet1!A1:D10"
    assert got["values"] == [["Item", "Price", "When"], ["Tea", "1,234.50", "1/15/2024"], ["Cut", "12%", "TRUE"]]
    raw = values(sheets).get(
        spreadsheetId=spreadsheet, range="B2:C3", valueRenderOption="UNFORMATTED_VALUE"
    ).execute()
    assert raw["values"] == [[1234.5, 45306], [0.12, True]]
