"""Uploads converted to a native format: Drive v2's ``convert=true`` (as gspread's ``import_csv``
sends it) turns CSV into a spreadsheet the Sheets API reads, for writers only."""

from __future__ import annotations

from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import ALICE, BOB, error_body

from darkfactory.twins.google.drive.formats import SPREADSHEET

CSV = b"item,cost\r\nwidget,3\r\ngadget,4.5\r\n"


def test_insert_with_convert_makes_a_spreadsheet(alice2, google_service_for):
    media = MediaInMemoryUpload(CSV, mimetype="text/csv")
    made = alice2.files().insert(body={"title": "Costs"}, media_body=media, convert=True).execute()
    assert made["mimeType"] == SPREADSHEET
    sheets = google_service_for("sheets", "v4", user=ALICE)
    got = sheets.spreadsheets().values().get(spreadsheetId=made["id"], range="A1:B3").execute()
    assert got["values"] == [["item", "cost"], ["widget", "3"], ["gadget", "4.5"]]
    typed = (
        sheets.spreadsheets()
        .values()
        .get(spreadsheetId=made["id"], range="B2", valueRenderOption="UNFORMATTED_VALUE")
        .execute()
    )
    assert typed["values"] == [[3]]
    plain = alice2.files().insert(body={"title": "raw.csv"}, media_body=media).execute()
    assert plain["mimeType"] == "text/csv"


def test_gspread_import_csv_replaces_the_spreadsheet(gspread_for):
    client = gspread_for(ALICE)
    book = client.create("Imported")
    book.add_worksheet("Extra", rows=5, cols=5)
    client.import_csv(book.id, "name,score\nada,10\n")
    reopened = client.open_by_key(book.id)
    assert [w.title for w in reopened.worksheets()] == ["Sheet1"]
    assert reopened.sheet1.get_all_values() == [["name", "score"], ["ada", "10"]]
    assert reopened.title == "Imported"


def test_a_reader_cannot_import_over_a_spreadsheet(alice2, bob2, alice):
    made = alice2.files().insert(body={"title": "S", "mimeType": SPREADSHEET}).execute()
    alice.permissions().create(
        fileId=made["id"], body={"type": "user", "role": "reader", "emailAddress": BOB}
    ).execute()
    media = MediaInMemoryUpload(CSV, mimetype="text/csv")
    refused = error_body(bob2.files().update(fileId=made["id"], media_body=media, convert=True))
    assert refused["code"] == 403
