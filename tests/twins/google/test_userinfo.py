"""OAuth 2 and OpenID Connect ``userinfo`` and ``tokeninfo`` through googleapiclient's oauth2 v2
service and the OpenID endpoints: what each scope reveals, nothing for a token without one, and
Google's ``invalid_token`` for a token that is not a live access token."""

from __future__ import annotations

import json

import httpx
import pytest
from google.auth.transport.requests import AuthorizedSession, Request
from googleapiclient.errors import HttpError
from tests.twins.google.conftest import ALICE

from darkfactory.twins.google import client

EMAIL = "https://www.googleapis.com/auth/userinfo.email"
PROFILE = "https://www.googleapis.com/auth/userinfo.profile"


def alice_token(google_credentials) -> str:
    """A fresh access token for Alice with the email scope, from the service account."""
    creds = client.service_account(google_credentials, [EMAIL], ALICE)
    creds.refresh(Request())
    return creds.token


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


def test_tokeninfo_describes_a_live_access_token_in_both_shapes(
    google_service_for, google_credentials
):
    service = as_alice(google_service_for, EMAIL)
    token = alice_token(google_credentials)
    info = service.tokeninfo(access_token=token).execute()
    client_id = google_credentials["service_account"]["client_id"]
    user_id = service.userinfo().get().execute()["id"]
    assert info == {
        "issued_to": client_id,
        "audience": client_id,
        "user_id": user_id,
        "scope": EMAIL,
        "expires_in": info["expires_in"],
        "email": ALICE,
        "verified_email": True,
    }
    assert 0 < info["expires_in"] <= 3600
    root = google_credentials["root_url"]
    assert httpx.get(root + "oauth2/v1/tokeninfo", params={"access_token": token}).json() == info
    openid = httpx.get(root + "oauth2/v3/tokeninfo", params={"access_token": token}).json()
    assert (openid["azp"], openid["sub"], openid["email_verified"]) == (client_id, user_id, "true")


def test_tokeninfo_refuses_unknown_and_revoked_tokens(google_service_for, google_credentials):
    service = as_alice(google_service_for, EMAIL)
    with pytest.raises(HttpError) as caught:
        service.tokeninfo(access_token="ya29.forged").execute()
    assert caught.value.status_code == 400
    assert json.loads(caught.value.content) == {
        "error": "invalid_token",
        "error_description": "Invalid Value",
    }
    token = alice_token(google_credentials)
    root = google_credentials["root_url"]
    assert httpx.post(root + "oauth2/revoke", params={"token": token}).status_code == 200
    revoked = httpx.get(root + "oauth2/v3/tokeninfo", params={"access_token": token})
    assert revoked.status_code == 400 and revoked.json()["error"] == "invalid_token"
