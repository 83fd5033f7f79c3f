"""apps.* (v3 and v2) through googleapiclient: the editors the twin serves and the OAuth apps a
user authorized; listing needs the ``drive.apps.readonly`` scope, which a user grants on the
consent page."""

from __future__ import annotations

import google.oauth2.credentials
import httpx
import pytest
from tests.twins.google.conftest import assert_shaped, error_of
from tests.twins.google.consenting import authorization, code_of, decide, exchange

from darkfactory.twins.google import client
from darkfactory.twins.google.auth import scope_url
from darkfactory.twins.google.drive.formats import DOCUMENT, SPREADSHEET

APPS = scope_url("drive.apps.readonly")


def _consented(google_credentials, version: str, *scopes: str):
    """Drive ``version`` with the token Carol's consent to ``scopes`` gives the seeded client."""
    query = authorization(google_credentials, scope=" ".join(scopes))
    code = code_of(decide(google_credentials, query, "carol@example.com", "allow"))
    form = exchange(google_credentials, query, code)
    tokens = httpx.post(google_credentials["token_uri"], data=form).json()
    creds = google.oauth2.credentials.Credentials(tokens["access_token"])
    return client.build_service("drive", version, creds, google_credentials["root_url"])


@pytest.fixture
def lister(google_credentials):
    return _consented(google_credentials, "v3", APPS)


def test_the_editors_and_authorized_apps_are_listed(lister, google_credentials):
    listed = lister.apps().list().execute()
    assert listed["kind"] == "drive#appList"
    by_name = {app["name"]: app for app in listed["items"]}
    assert {"Google Docs", "Google Sheets", "darkfactory"} <= set(by_name)
    docs = by_name["Google Docs"]
    assert docs["primaryMimeTypes"] == [DOCUMENT] and "docx" in docs["secondaryFileExtensions"]
    assert set(listed["defaultAppIds"]) == {docs["id"], by_name["Google Sheets"]["id"]}
    ours = by_name["darkfactory"]
    assert ours["authorized"] is True and ours["hasDriveWideScope"] is True
    assert google_credentials["oauth_client"]["client_id"].startswith(ours["id"] + "-")


def test_filters_keep_the_apps_that_open_a_type_or_extension(lister):
    sheets = lister.apps().list(appFilterMimeTypes="text/csv").execute()["items"]
    assert [app["primaryMimeTypes"] for app in sheets] == [[SPREADSHEET]]
    both = lister.apps().list(appFilterMimeTypes="text/csv", appFilterExtensions="docx").execute()
    assert len(both["items"]) == 2
    assert lister.apps().list(appFilterExtensions="exe").execute()["items"] == []


def test_get_reads_one_app_and_unknown_ids_are_not_found(lister):
    docs = lister.apps().list(appFilterMimeTypes=DOCUMENT).execute()["items"][0]
    assert lister.apps().get(appId=docs["id"]).execute() == docs
    assert error_of(lister.apps().get(appId="000")) == (404, "notFound")


def test_a_token_without_drive_scopes_reads_no_app(lister, google_service_for):
    docs_id = lister.apps().list(appFilterMimeTypes=DOCUMENT).execute()["items"][0]["id"]
    sheets_only = google_service_for(
        "drive", "v3", user="alice@example.com", scopes=[scope_url("spreadsheets")]
    )
    assert error_of(sheets_only.apps().get(appId=docs_id))[0] == 403


def test_listing_needs_the_apps_scope(alice):
    assert error_of(alice.apps().list())[0] == 403


def test_v2_lists_the_same_apps(google_credentials):
    v2 = _consented(google_credentials, "v2", APPS)
    listed = v2.apps().list().execute()
    assert_shaped(listed, "AppList")
    names = {app["name"] for app in listed["items"]}
    assert {"Google Docs", "Google Sheets"} <= names
    assert v2.apps().get(appId=listed["defaultAppIds"][0]).execute()["kind"] == "drive#app"
    assert error_of(v2.apps().get(appId="000")) == (404, "notFound")
