"""pytest fixtures: googleapiclient services and gspread clients pointed at the Google twin.

``google_service_for(api, version, user=..., scopes=...)`` builds a service acting as a seeded
user (through their refresh token) or, with ``user=None``, as the service account (optionally
``subject=`` for domain-wide delegation). ``drive`` is Drive v3 acting as the domain admin;
``pydrive_for(user)`` is PyDrive2's ``GoogleDrive`` acting as a seeded user.

Each worker fetches a discovery document and builds its service once (``google_discovered``);
a test's service is a copy of it, through googleapiclient's own pickling support, that sends
requests through the test's own credentials. The copies share the service's schemas, whose
pretty-printed forms googleapiclient caches there and writes into every method's docstring.
"""

from __future__ import annotations

import copy

import pytest

from darkfactory.twins.google import client
from darkfactory.twins.google.fixtures import ADMIN, USER_SCOPES
from darkfactory.twins.kit.sdk import sdk


@pytest.fixture
def google_credentials(universe) -> dict:
    return universe.credentials["google"]


@pytest.fixture(scope="session")
def google_discovered() -> dict:
    """The services this worker built, by (root URL, API, version), bound to no credentials."""
    return {}


@pytest.fixture
def google_service(google_credentials, google_discovered):
    """``google_service(api, version, http)``: the API's service, sending through ``http``."""
    from googleapiclient.http import build_http

    root_url = google_credentials["root_url"]

    def bind(api: str, version: str, http):
        key = (root_url, api, version)
        if key not in google_discovered:
            fetching = build_http()
            google_discovered[key] = client.build_service(
                api, version, None, root_url, http=fetching
            )
            fetching.close()
        service = copy.copy(google_discovered[key])
        service._http = http
        return service

    return bind


@pytest.fixture
def google_service_for(google_credentials, google_service):
    from google_auth_httplib2 import AuthorizedHttp
    from googleapiclient.http import build_http

    def build(api: str, version: str, user: str | None = ADMIN, scopes=None, subject=None):
        if user is None:
            creds = client.service_account(google_credentials, scopes or USER_SCOPES, subject)
        else:
            creds = client.user(google_credentials, user, scopes)
        return google_service(api, version, AuthorizedHttp(creds, http=build_http()))

    return build


@pytest.fixture
def drive(google_service_for):
    """Drive v3 acting as the domain admin (``admin@example.com``)."""
    return google_service_for("drive", "v3")


@pytest.fixture
def pydrive_for(google_credentials, google_service):
    sdk("pydrive2", "PyDrive2")

    def build(user: str = ADMIN):
        return client.pydrive(
            google_credentials, user, lambda http: google_service("drive", "v2", http)
        )

    return build


@pytest.fixture
def gspread_for(google_credentials):
    sdk("gspread", "gspread")

    def build(user: str = ADMIN):
        creds = client.user(google_credentials, user)
        return client.gspread_client(creds, google_credentials["root_url"])

    return build
