"""Ready clients for the Google twin: googleapiclient services, gspread, and credentials.

    creds = universe_credentials["google"]
    drive = build_service("drive", "v3", service_account(creds, ["drive"]), creds["root_url"])
    sheets = gspread_client(user(creds, "alice@example.com"), creds["root_url"])
    drive = pydrive(creds, "alice@example.com")  # PyDrive2's GoogleDrive, on Drive v2

Everything here is the vendors' own code; only where it is pointed changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import google.oauth2.credentials
import google.oauth2.service_account
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession

from darkfactory.twins.google.auth import scope_url

VENDOR_ROOTS = (
    "https://sheets.googleapis.com/",
    "https://www.googleapis.com/",
    "https://docs.googleapis.com/",
)


def discovery_url(root_url: str) -> str:
    return f"{root_url}discovery/v1/apis/{{api}}/{{apiVersion}}/rest"


def service_account(
    creds: dict[str, Any], scopes: list[str], subject: str | None = None
) -> Credentials:
    """The universe's service account (acting as ``subject`` under domain-wide delegation)."""
    return google.oauth2.service_account.Credentials.from_service_account_info(
        creds["service_account"], scopes=[scope_url(s) for s in scopes], subject=subject
    )


def user(creds: dict[str, Any], email: str, scopes: list[str] | None = None) -> Credentials:
    """OAuth user credentials for a seeded user, from their refresh token (refreshed on use)."""
    client = creds["oauth_client"]
    return google.oauth2.credentials.Credentials(
        None,
        refresh_token=creds["users"][email]["refresh_token"],
        token_uri=client["token_uri"],
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        scopes=[scope_url(s) for s in scopes] if scopes else None,
    )


def build_service(api: str, version: str, credentials: Credentials, root_url: str, **kwargs):
    """``googleapiclient.discovery.build`` against the twin's discovery document."""
    from googleapiclient.discovery import build

    return build(
        api,
        version,
        credentials=credentials,
        discoveryServiceUrl=discovery_url(root_url),
        static_discovery=False,
        cache_discovery=False,
        **kwargs,
    )


class TwinSession(AuthorizedSession):
    """An authorized requests session that sends Google's public API hosts to the twin."""

    def __init__(self, credentials: Credentials, root_url: str) -> None:
        super().__init__(credentials)
        self.root_url = root_url

    def request(self, method, url, *args, **kwargs):
        for vendor in VENDOR_ROOTS:
            if url.startswith(vendor):
                url = self.root_url + url[len(vendor) :]
                break
        return super().request(method, url, *args, **kwargs)


def gspread_client(credentials: Credentials, root_url: str):
    """A ``gspread.Client`` whose Sheets and Drive calls reach the twin."""
    import gspread

    return gspread.Client(credentials, session=TwinSession(credentials, root_url))


def pydrive(creds: dict[str, Any], email: str, drive_v2: Callable[[Any], Any] | None = None):
    """PyDrive2's ``GoogleDrive`` acting as a seeded user: its ``GoogleAuth`` holds oauth2client
    credentials refreshed at the twin's token URI, and the Drive v2 service built from the twin's
    discovery document, or by ``drive_v2(http)`` (PyDrive2 builds one itself only when none is
    set)."""
    from oauth2client.client import OAuth2Credentials
    from pydrive2.auth import GoogleAuth
    from pydrive2.drive import GoogleDrive

    client = creds["oauth_client"]
    auth = GoogleAuth(settings_file=None)
    auth.credentials = OAuth2Credentials(
        None,
        client["client_id"],
        client["client_secret"],
        creds["users"][email]["refresh_token"],
        None,
        client["token_uri"],
        "darkfactory",
    )
    if drive_v2 is None:
        auth.service = build_service(
            "drive", "v2", None, creds["root_url"], http=auth.Get_Http_Object()
        )
    else:
        auth.service = drive_v2(auth.Get_Http_Object())
    return GoogleDrive(auth)
