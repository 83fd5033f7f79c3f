"""A spreadsheet is a Drive file: made by Drive or Sheets, shared, copied and exported via Drive."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from googleapiclient.errors import HttpError

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
BOB = "bob@example.com"


@pytest.fixture
def sheets(google_service_for):
    return google_service_for("sheets", "v4")


def write(sheets, spreadsheet_id: str, range_: str, rows: list) -> dict:
    return (
        sheets.spreadsheets()
        .values()
        .update(
            spreadsheetId=spreadsheet_id,
            range=range_,
            valueInputOption="USER_ENTERED",
            body={"values": rows},
        )
        .execute()
    )


def test_roles_from_drive_govern_the_sheets_api(sheets, drive, google_service_for):
    made = drive.files().create(body={"name": "Team", "mimeType": SPREADSHEET}).execute()
    assert (
        sheets.spreadsheets().get(spreadsheetId=made["id"]).execute()["properties"]["title"]
        == "Team"
    )
    write(sheets, made["id"], "A1", [["hello"]])
    bob = google_service_for("sheets", "v4", user=BOB)
    with pytest.raises(HttpError) as hidden:
        bob.spreadsheets().values().get(spreadsheetId=made["id"], range="A1").execute()
    assert (hidden.value.status_code, hidden.value.reason) == (
        403,
        "The caller does not have permission",
    )
    with pytest.raises(HttpError) as missing:
        bob.spreadsheets().values().get(spreadsheetId="no-such-sheet", range="A1").execute()
    assert (missing.value.status_code, missing.value.reason) == (
        404,
        "Requested entity was not found.",
    )
    drive.permissions().create(
        fileId=made["id"], body={"type": "user", "role": "commenter", "emailAddress": BOB}
    ).execute()
    got = bob.spreadsheets().values().get(spreadsheetId=made["id"], range="A1").execute()
    assert got["values"] == [["hello"]]
    with pytest.raises(HttpError) as denied:
        write(bob, made["id"], "A1", [["mine"]])
    assert (denied.value.status_code, denied.value.reason) == (
        403,
        "The caller does not have permission",
    )
    with pytest.raises(HttpError):
        bob.spreadsheets().batchUpdate(
            spreadsheetId=made["id"], body={"requests": [{"addSheet": {}}]}
        ).execute()


def test_a_readonly_scope_cannot_write(google_service_for, sheets):
    created = sheets.spreadsheets().create(body={"properties": {"title": "Scoped"}}).execute()
    readonly = google_service_for(
        "sheets", "v4", user=None, scopes=["spreadsheets.readonly"], subject="admin@example.com"
    )
    readonly.spreadsheets().get(spreadsheetId=created["spreadsheetId"]).execute()
    with pytest.raises(HttpError) as caught:
        write(readonly, created["spreadsheetId"], "A1", [["x"]])
    assert caught.value.status_code == 403


def test_copy_and_export(sheets, drive):
    created = sheets.spreadsheets().create(body={"properties": {"title": "Totals"}}).execute()
    spreadsheet_id = created["spreadsheetId"]
    write(sheets, spreadsheet_id, "A1", [["n", "double"], [2, "=A2*2"], ["12%", "1/2/2024"]])
    copied = drive.files().copy(fileId=spreadsheet_id, body={"name": "Totals copy"}).execute()
    got = sheets.spreadsheets().values().get(spreadsheetId=copied["id"], range="A1:B3").execute()
    assert got["values"] == [["n", "double"], ["2", "4"], ["12%", "1/2/2024"]]
    exported = drive.files().export(fileId=spreadsheet_id, mimeType="text/csv").execute()
    assert list(csv.reader(io.StringIO(exported.decode()))) == got["values"]
    xlsx = (
        drive.files()
        .export(
            fileId=spreadsheet_id,
            mimeType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .execute()
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert [[c.value for c in row] for row in book["Sheet1"].iter_rows()][1] == ["2", "4"]
