"""The Drive browser in headless Chromium: sharing in the dialog reaches the grantee's SDK."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import BOB, CAROL, FOLDER

pytestmark = pytest.mark.browser


def test_share_in_the_drive_ui_and_the_grantee_sees_it_via_the_sdk(
    universe, browser_page, alice, bob
):
    made = alice.files().create(body={"name": "Roadmap.txt", "mimeType": "text/plain"}).execute()
    assert bob.files().list(q="sharedWithMe").execute()["files"] == []
    page = browser_page
    page.goto(f"{universe.url}/ui/google/?as=alice@example.com")
    row = page.locator(f'tr[data-file="{made["id"]}"]')
    assert "Roadmap.txt" in row.inner_text()
    row.locator("button.share-open").click()
    page.locator("#share-people li", has_text="alice@example.com").wait_for()
    page.fill("#share-email", BOB)
    page.select_option("#share-role", "writer")
    page.click("#share-send")
    page.locator("#share-people li", has_text=BOB).wait_for()
    shared = bob.files().list(q="sharedWithMe", fields="files(id,name,capabilities/canEdit)")
    assert shared.execute()["files"] == [
        {"id": made["id"], "name": "Roadmap.txt", "capabilities": {"canEdit": True}}
    ]


def test_the_dialog_shows_drive_errors_and_removal_works(universe, browser_page, alice, carol):
    folder = alice.files().create(body={"name": "Plans", "mimeType": FOLDER}).execute()["id"]
    page = browser_page
    page.goto(f"{universe.url}/ui/google/?as=alice@example.com")
    page.locator(f'tr[data-file="{folder}"] button.share-open').click()
    page.locator("#share-people li", has_text="alice@example.com").wait_for()
    page.select_option("#share-role", "owner")
    page.fill("#share-email", "dave@partner.example")
    page.click("#share-send")
    page.locator("#share-error", has_text="same organization").wait_for()
    page.select_option("#share-role", "reader")
    page.fill("#share-email", CAROL)
    page.click("#share-send")
    entry = page.locator("#share-people li", has_text=CAROL)
    entry.wait_for()
    assert carol.files().get(fileId=folder, fields="id").execute() == {"id": folder}
    entry.locator("button.share-remove").click()
    entry.wait_for(state="detached")
    assert carol.files().list(q="sharedWithMe").execute()["files"] == []


def test_viewing_as_another_user_shows_their_drive(universe, browser_page, alice):
    made = alice.files().create(body={"name": "Alice only"}).execute()["id"]
    page = browser_page
    page.goto(f"{universe.url}/ui/google/?as=bob@example.com")
    assert page.locator(f'tr[data-file="{made}"]').count() == 0
    page.goto(f"{universe.url}/ui/google/files/{made}")
    assert "You need access" in page.content() and "Alice only" not in page.content()
    page.goto(f"{universe.url}/ui/google/files/{made}?as=alice@example.com")
    assert page.locator("h1").inner_text() == "Alice only"


def test_new_folder_upload_trash_and_restore_in_the_ui(universe, browser_page, alice, tmp_path):
    page = browser_page
    page.goto(f"{universe.url}/ui/google/?as=alice@example.com")
    page.fill("#folder-name", "Made in the browser")
    page.click("#folder-create")
    page.locator("tr[data-file]", has_text="Made in the browser").wait_for()
    folders = alice.files().list(q=f"mimeType = '{FOLDER}'", fields="files(id,name)").execute()
    assert [f["name"] for f in folders["files"]] == ["Made in the browser"]
    upload = tmp_path / "hello.txt"
    upload.write_bytes(b"uploaded \x00 bytes")
    page.set_input_files("#upload-file", str(upload))
    row = page.locator("tr[data-file]", has_text="hello.txt")
    row.wait_for()
    file_id = row.get_attribute("data-file")
    assert alice.files().get_media(fileId=file_id).execute() == b"uploaded \x00 bytes"
    row.locator("button.trash").click()
    row.wait_for(state="detached")
    assert alice.files().get(fileId=file_id, fields="trashed").execute() == {"trashed": True}
    page.goto(f"{universe.url}/ui/google/trash")
    page.locator(f'tr[data-file="{file_id}"] button.restore').click()
    page.locator(f'tr[data-file="{file_id}"]').wait_for(state="detached")
    assert alice.files().get(fileId=file_id, fields="trashed").execute() == {"trashed": False}


def test_consent_page_in_the_browser_gives_a_working_user_token(
    universe, browser_page, google_credentials
):
    import httpx
    from google.oauth2.credentials import Credentials
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from darkfactory.twins.google import client
    from darkfactory.twins.kit.server import serve_app

    codes: list[str] = []

    async def callback(request):
        codes.append(request.query_params["code"])
        return PlainTextResponse("signed in")

    base, server = serve_app(Starlette(routes=[Route("/callback", callback)]))
    oauth = google_credentials["oauth_client"]
    query = httpx.QueryParams(
        {
            "client_id": oauth["client_id"],
            "redirect_uri": f"{base}/callback",
            "response_type": "code",
            "scope": "https://www.googleapis.com/auth/drive.readonly",
            "access_type": "offline",
        }
    )
    page = browser_page
    page.goto(f"{oauth['auth_uri']}?{query}")
    page.fill("#identifierId", "carol@example.com")
    page.fill("#password", google_credentials["users"]["carol@example.com"]["password"])
    page.click("#signin")
    page.click("#allow")
    page.wait_for_url(f"{base}/callback*")
    server.should_exit = True
    tokens = httpx.post(
        oauth["token_uri"],
        data={
            "grant_type": "authorization_code",
            "code": codes[0],
            "redirect_uri": f"{base}/callback",
            "client_id": oauth["client_id"],
            "client_secret": oauth["client_secret"],
        },
    ).json()
    creds = Credentials(
        tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        token_uri=oauth["token_uri"],
        client_id=oauth["client_id"],
        client_secret=oauth["client_secret"],
    )
    drive = client.build_service("drive", "v3", creds, google_credentials["root_url"])
    about = drive.about().get(fields="user/emailAddress").execute()
    assert about == {"user": {"emailAddress": "carol@example.com"}}
