"""The spreadsheet grid and document view at /ui/google/, opened from the Drive browser."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.browser
def test_the_grid_view_shows_computed_values(browser_page, universe, google_service_for):
    sheets = google_service_for("sheets", "v4")
    created = sheets.spreadsheets().create(body={"properties": {"title": "Grid demo"}}).execute()
    spreadsheet_id = created["spreadsheetId"]
    sheets.spreadsheets().values().update(
        spreadsheetId=spreadsheet_id,
        range="A1",
        valueInputOption="USER_ENTERED",
        body={"values": [["fruit", "qty"], ["apple", 3], ["pear", 4], ["total", "=SUM(B2:B3)"]]},
    ).execute()
    title_row = {
        "sheetId": 0,
        "startRowIndex": 5,
        "endRowIndex": 6,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    sheets.spreadsheets().batchUpdate(
        spreadsheetId=spreadsheet_id,
        body={"requests": [{"mergeCells": {"range": title_row, "mergeType": "MERGE_ALL"}}]},
    ).execute()
    page = browser_page
    page.goto(f"{universe.url}/ui/google/files/{spreadsheet_id}")
    page.click("a.open-native")
    page.wait_for_selector("table.sheet-grid")
    assert page.inner_text("td[data-cell='A2']") == "apple"
    assert page.inner_text("td[data-cell='B4']") == "7"
    assert page.get_attribute("td[data-cell='B4']", "title") == "=SUM(B2:B3)"
    assert page.inner_text("h1") == "Grid demo"
    assert page.get_attribute("td[data-cell='A6']", "colspan") == "2"
    assert page.locator("td[data-cell='B6']").count() == 0


def test_views_follow_drive_permissions(universe, google_service_for):
    docs = google_service_for("docs", "v1")
    document_id = docs.documents().create(body={"title": "Memo"}).execute()["documentId"]
    docs.documents().batchUpdate(
        documentId=document_id,
        body={
            "requests": [
                {"insertText": {"location": {"index": 1}, "text": "Heading\nBody text"}},
                {"createFooter": {"type": "DEFAULT"}},
                {
                    "updateParagraphStyle": {
                        "range": {"startIndex": 1, "endIndex": 2},
                        "paragraphStyle": {"namedStyleType": "HEADING_2"},
                        "fields": "namedStyleType",
                    }
                },
            ]
        },
    ).execute()
    with httpx.Client(base_url=f"{universe.url}/ui/google", headers=universe.admin_headers) as ui:
        mine = ui.get(f"/documents/{document_id}")
        theirs = ui.get(f"/documents/{document_id}", params={"as": "bob@example.com"})
    assert mine.status_code == 200
    assert '<h2 class="doc-paragraph"><span>Heading</span></h2>' in mine.text
    assert "Body text" in mine.text
    assert 'class="doc-footer"' in mine.text
    assert theirs.status_code == 404


def test_web_view_links_open_the_grid_the_document_or_the_file_page(universe, drive):
    made = {
        kind: drive.files()
        .create(body={"name": f"My {kind}", "mimeType": mime}, fields="id,webViewLink")
        .execute()
        for kind, mime in [
            ("sheet", "application/vnd.google-apps.spreadsheet"),
            ("doc", "application/vnd.google-apps.document"),
            ("notes", "text/plain"),
        ]
    }
    ui = f"{universe.url}/ui/google"
    assert made["sheet"]["webViewLink"] == f"{ui}/spreadsheets/{made['sheet']['id']}"
    assert made["doc"]["webViewLink"] == f"{ui}/documents/{made['doc']['id']}"
    assert made["notes"]["webViewLink"] == f"{ui}/files/{made['notes']['id']}"
    with httpx.Client(cookies=universe.admin_cookies) as browser:
        for kind, file in made.items():
            shown = browser.get(file["webViewLink"])
            assert shown.status_code == 200 and f"My {kind}" in shown.text
