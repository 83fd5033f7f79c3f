"""OAuth 2 and OpenID Connect ``userinfo`` through googleapiclient's oauth2 v2 service and the
OpenID endpoint: what each scope reveals, and nothing for a token without one."""

from __future__ import annotations

import httpx
import pytest
from google.auth.transport.requests import AuthorizedSession
from googleapiclient.errors import HttpError
from tests.twins.google.conftest import ALICE

from darkfactory.twins.google import client

EMAIL = "https://www.googleapis.com/auth/userinfo.email"
PROFILE = "https://www.googleapis.com/auth/userinfo.profile"


def as_alice(google_service_for, *scopes):
    return google_service_for("oauth2", "v2", user=None, scopes=list(scopes), subject=ALICE)


def test_userinfo_shows_what_each_scope_allows(google_service_for):
    both = as_alice(google_service_for, EMAIL, PROFILE).userinfo().get().execute()
    assert both == {
        "id": both["id"],
        "email": ALICE,
        "verified_email": True,
        "name": "Alice Lovelace",
        "given_name": "Alice",
        "family_name": "Lovelace",
        "hd": "example.com",
    }
    only_email = as_alice(google_service_for, EMAIL)
    assert only_email.userinfo().v2().me().get().execute() == {
        "id": both["id"],
        "email": ALICE,
        "verified_email": True,
        "hd": "example.com",
    }


def test_a_token_without_an_identity_scope_learns_nothing(google_service_for):
    drive_only = as_alice(google_service_for, "https://www.googleapis.com/auth/drive")
    with pytest.raises(HttpError) as caught:
        drive_only.userinfo().get().execute()
    assert caught.value.status_code == 401


def test_openid_userinfo_uses_the_openid_claims(google_credentials):
    creds = client.service_account(google_credentials, ["openid", EMAIL], ALICE)
    session = AuthorizedSession(creds)
    root = google_credentials["root_url"]
    claims = session.get(root + "v1/userinfo").json()
    assert claims == {
        "sub": claims["sub"],
        "email": ALICE,
        "email_verified": True,
        "hd": "example.com",
    }
    assert session.get(root + "oauth2/v3/userinfo").json() == claims
    forged = httpx.get(root + "v1/userinfo", headers={"Authorization": "Bearer nope"})
    assert forged.status_code == 401
