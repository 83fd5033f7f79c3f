"""Scopes are enforced per method, as the discovery document lists them."""

from __future__ import annotations

from tests.twins.google.conftest import ALICE, error_of


def test_drive_readonly_reads_but_cannot_write(alice, google_service_for):
    made = alice.files().create(body={"name": "r"}).execute()["id"]
    readonly = google_service_for("drive", "v3", user=ALICE, scopes=["drive.readonly"])
    assert readonly.files().get(fileId=made, fields="id").execute() == {"id": made}
    assert readonly.files().list(fields="files(id)").execute()["files"] == [{"id": made}]
    assert error_of(readonly.files().create(body={"name": "w"})) == (
        403,
        "insufficientPermissions",
    )
    assert error_of(readonly.files().delete(fileId=made))[1] == "insufficientPermissions"
    assert (
        error_of(
            readonly.permissions().create(fileId=made, body={"type": "anyone", "role": "reader"})
        )[1]
        == "insufficientPermissions"
    )


def test_metadata_readonly_cannot_download(alice, google_service_for):
    from googleapiclient.http import MediaInMemoryUpload

    made = (
        alice.files()
        .create(body={"name": "m"}, media_body=MediaInMemoryUpload(b"x", mimetype="text/plain"))
        .execute()["id"]
    )
    metadata = google_service_for("drive", "v3", user=ALICE, scopes=["drive.metadata.readonly"])
    assert metadata.files().get(fileId=made, fields="name").execute() == {"name": "m"}
    assert metadata.files().get_media(fileId=made).execute()


def test_a_sheets_only_token_cannot_use_drive(google_service_for):
    sheets_only = google_service_for("drive", "v3", user=ALICE, scopes=["spreadsheets"])
    assert error_of(sheets_only.about().get(fields="kind")) == (403, "insufficientPermissions")


def test_a_service_account_token_is_limited_to_its_assertion_scopes(google_service_for):
    readonly = google_service_for("drive", "v3", user=None, scopes=["drive.readonly"])
    assert error_of(readonly.files().create(body={"name": "x"}))[1] == "insufficientPermissions"


def test_refresh_cannot_widen_scopes(google_credentials):
    import httpx

    client = google_credentials["oauth_client"]
    answer = httpx.post(
        client["token_uri"],
        data={
            "grant_type": "refresh_token",
            "refresh_token": google_credentials["users"][ALICE]["refresh_token"],
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
            "scope": "https://www.googleapis.com/auth/cloud-platform",
        },
    )
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_scope"


def test_drive_file_reaches_only_what_its_client_created(google_service_for):
    other_app = google_service_for("drive", "v3", user=None, subject=ALICE)
    theirs = other_app.files().create(body={"name": "other app's"}).execute()["id"]
    app = google_service_for("drive", "v3", user=ALICE, scopes=["drive.file"])
    mine = app.files().create(body={"name": "mine"}).execute()["id"]
    assert [f["id"] for f in app.files().list().execute()["files"]] == [mine]
    assert error_of(app.files().get(fileId=theirs))[0] == 404
    full = google_service_for("drive", "v3", user=ALICE)
    assert {f["id"] for f in full.files().list().execute()["files"]} == {mine, theirs}


def test_app_data_is_private_to_its_client_and_listed_only_on_request(google_service_for):
    app = google_service_for("drive", "v3", user=ALICE, scopes=["drive.appdata"])
    made = (
        app.files()
        .create(
            body={"name": "settings.json", "parents": ["appDataFolder"]}, fields="id,spaces,parents"
        )
        .execute()
    )
    folder = app.files().get(fileId="appDataFolder", fields="id").execute()["id"]
    assert made["spaces"] == ["appDataFolder"] and made["parents"] == [folder]
    listed = app.files().list(spaces="appDataFolder", fields="files(id)").execute()["files"]
    assert listed == [{"id": made["id"]}]
    full = google_service_for("drive", "v3", user=ALICE, scopes=["drive"])
    assert made["id"] not in [f["id"] for f in full.files().list().execute()["files"]]
    assert error_of(full.files().list(spaces="appDataFolder"))[1] == "insufficientScopes"
    assert error_of(full.files().get(fileId=made["id"]))[0] == 404
    other_app = google_service_for(
        "drive", "v3", user=None, subject=ALICE, scopes=["drive", "drive.appdata"]
    )
    assert error_of(other_app.files().get(fileId=made["id"]))[0] == 404
    assert other_app.files().list(spaces="appDataFolder").execute()["files"] == []
    assert (
        error_of(
            app.permissions().create(fileId=made["id"], body={"type": "anyone", "role": "reader"})
        )[0]
        == 403
    )
