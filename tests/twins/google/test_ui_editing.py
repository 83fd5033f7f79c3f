"""Working in the Google pages in headless Chromium: a cell typed into the formula bar is a
Sheets API write whose formulas recalculate, comments on documents and spreadsheets are Drive
comments, and Drive's refusals (a reader's edit or comment) show on the page and change
nothing."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import BOB, CAROL, share

pytestmark = pytest.mark.browser

SPREADSHEET = "application/vnd.google-apps.spreadsheet"


@pytest.fixture
def budget(google_service_for) -> str:
    """A spreadsheet whose C1 adds A1 and B1; Carol may read it, Bob may comment."""
    sheets = google_service_for("sheets", "v4")
    made = sheets.spreadsheets().create(body={"properties": {"title": "Budget"}}).execute()
    sheets.spreadsheets().values().update(
        spreadsheetId=made["spreadsheetId"],
        range="Sheet1!A1",
        valueInputOption="USER_ENTERED",
        body={"values": [[2, 3, "=A1+B1"]]},
    ).execute()
    drive = google_service_for("drive", "v3")
    share(drive, made["spreadsheetId"], "reader", emailAddress=CAROL)
    share(drive, made["spreadsheetId"], "commenter", emailAddress=BOB)
    return made["spreadsheetId"]


def _values(google_service_for, spreadsheet_id: str, cells: str) -> list:
    sheets = google_service_for("sheets", "v4")
    got = sheets.spreadsheets().values().get(spreadsheetId=spreadsheet_id, range=cells).execute()
    return got["values"]


def test_editing_a_cell_recalculates_its_dependents(
    browser_page, universe, budget, google_service_for
):
    page = browser_page
    page.goto(f"{universe.url}/ui/google/spreadsheets/{budget}")
    page.click("td[data-cell='C1']")
    assert page.input_value(".formula-bar input") == "=A1+B1"
    assert page.inner_text("td[data-cell='C1']") == "5"
    page.click("td[data-cell='A1']")
    assert page.input_value(".formula-bar input") == "2"
    page.fill(".formula-bar input", "40")
    page.press(".formula-bar input", "Enter")
    page.wait_for_url("**cell=A1**")
    assert page.inner_text("td[data-cell='C1']") == "43"
    assert page.inner_text(".formula-bar output") == "A1", "the edited cell stays selected"
    assert _values(google_service_for, budget, "Sheet1!A1:C1") == [["40", "3", "43"]]

    page.click("td[data-cell='D1']")
    page.fill(".formula-bar input", "=C1*2")
    page.press(".formula-bar input", "Enter")
    page.wait_for_url("**cell=D1**")
    assert page.inner_text("td[data-cell='D1']") == "86"


def test_a_reader_cannot_edit_a_cell(browser_page, universe, budget, google_service_for):
    page = browser_page
    page.goto(f"{universe.url}/ui/google/spreadsheets/{budget}?as={CAROL}")
    page.click("td[data-cell='A1']")
    page.fill(".formula-bar input", "999")
    page.press(".formula-bar input", "Enter")
    error = page.locator(".sheet-error")
    error.filter(has_text="permission").wait_for()
    assert error.inner_text() == "The caller does not have permission"
    assert _values(google_service_for, budget, "Sheet1!A1:C1") == [["2", "3", "5"]]


def test_comments_on_a_spreadsheet_follow_drive_roles(
    browser_page, universe, budget, google_service_for
):
    page = browser_page
    page.goto(f"{universe.url}/ui/google/spreadsheets/{budget}?as={BOB}")
    page.locator('.google-comments[data-ready="true"]').wait_for()
    page.fill(".comment-form textarea", "Is Q3 travel final?")
    page.click(".comment-form button")
    page.locator(".comment-content", has_text="Is Q3 travel final?").wait_for()
    drive = google_service_for("drive", "v3")
    (comment,) = drive.comments().list(fileId=budget, fields="*").execute()["comments"]
    assert comment["content"] == "Is Q3 travel final?"
    bob = google_service_for("drive", "v3", user=BOB).about().get(fields="user").execute()
    assert comment["author"]["displayName"] == bob["user"]["displayName"]
    drive.replies().create(
        fileId=budget, commentId=comment["id"], body={"content": "Yes"}, fields="id"
    ).execute()

    page.goto(f"{universe.url}/ui/google/spreadsheets/{budget}?as={CAROL}")
    page.locator('.google-comments[data-ready="true"]').wait_for()
    assert page.locator(".comment-list .reply .comment-content").inner_text() == "Yes"
    page.fill(".comment-form textarea", "Readers cannot say this")
    page.click(".comment-form button")
    error = page.locator(".comment-error")
    error.filter(has_text="permission").wait_for()
    assert "permission" in error.inner_text()
    assert len(drive.comments().list(fileId=budget, fields="*").execute()["comments"]) == 1


def test_a_document_shows_its_comments(browser_page, universe, google_service_for):
    docs = google_service_for("docs", "v1")
    document_id = docs.documents().create(body={"title": "Memo"}).execute()["documentId"]
    drive = google_service_for("drive", "v3")
    drive.comments().create(
        fileId=document_id, body={"content": "Needs a summary"}, fields="id"
    ).execute()
    page = browser_page
    page.goto(f"{universe.url}/ui/google/documents/{document_id}")
    page.locator(".comment-content", has_text="Needs a summary").wait_for()
    page.fill(".comment-form textarea", "Added one")
    page.click(".comment-form button")
    page.locator(".comment-content", has_text="Added one").wait_for()
    listed = drive.comments().list(fileId=document_id, fields="comments(content)").execute()
    assert [c["content"] for c in listed["comments"]] == ["Needs a summary", "Added one"]
