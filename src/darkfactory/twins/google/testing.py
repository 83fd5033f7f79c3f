"""pytest fixtures: googleapiclient services and gspread clients pointed at the Google twin.

``google_service_for(api, version, user=..., scopes=...)`` builds a service acting as a seeded
user (through their refresh token) or, with ``user=None``, as the service account (optionally
``subject=`` for domain-wide delegation). ``drive`` is Drive v3 acting as the domain admin;
``pydrive_for(user)`` is PyDrive2's ``GoogleDrive`` acting as a seeded user.
"""

from __future__ import annotations

import pytest

from darkfactory.twins.google import client
from darkfactory.twins.google.fixtures import ADMIN, USER_SCOPES
from darkfactory.twins.kit.sdk import sdk


@pytest.fixture
def google_credentials(universe) -> dict:
    return universe.credentials["google"]


@pytest.fixture
def google_service_for(google_credentials):
    def build(api: str, version: str, user: str | None = ADMIN, scopes=None, subject=None):
        if user is None:
            creds = client.service_account(google_credentials, scopes or USER_SCOPES, subject)
        else:
            creds = client.user(google_credentials, user, scopes)
        return client.build_service(api, version, creds, google_credentials["root_url"])

    return build


@pytest.fixture
def drive(google_service_for):
    """Drive v3 acting as the domain admin (``admin@example.com``)."""
    return google_service_for("drive", "v3")


@pytest.fixture
def pydrive_for(google_credentials):
    sdk("pydrive2", "PyDrive2")

    def build(user: str = ADMIN):
        return client.pydrive(google_credentials, user)

    return build


@pytest.fixture
def gspread_for(google_credentials):
    sdk("gspread", "gspread")

    def build(user: str = ADMIN):
        creds = client.user(google_credentials, user)
        return client.gspread_client(creds, google_credentials["root_url"])

    return build
