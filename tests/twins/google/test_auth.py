"""OAuth against the Google twin through google-auth and googleapiclient: service accounts,
domain-wide delegation, users' refresh tokens, the consent page's code flow, faults."""

from __future__ import annotations

import json

import google.auth.exceptions
import httpx
import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.consenting import allow, authorization, code_of, decide, exchange

from darkfactory.twins.google import client


def about_email(service) -> str:
    return service.about().get(fields="user/emailAddress").execute()["user"]["emailAddress"]


def test_service_account_key_file_signs_in(google_service_for, google_credentials):
    drive = google_service_for("drive", "v3", user=None, scopes=["drive"])
    assert about_email(drive) == google_credentials["service_account"]["client_email"]


def test_domain_wide_delegation_acts_as_the_subject(google_service_for):
    drive = google_service_for("drive", "v3", user=None, subject="bob@example.com")
    assert about_email(drive) == "bob@example.com"


def test_delegation_to_an_unknown_user_is_refused(google_credentials):
    creds = client.service_account(google_credentials, ["drive"], subject="nobody@example.com")
    with pytest.raises(google.auth.exceptions.RefreshError, match="invalid_grant"):
        creds.refresh(google.auth.transport.requests.Request())


def test_a_key_the_twin_did_not_issue_is_refused(google_credentials):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    forged = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    info = dict(google_credentials["service_account"])
    info["private_key"] = forged.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    creds = client.service_account({"service_account": info}, ["drive"])
    with pytest.raises(google.auth.exceptions.RefreshError, match="Invalid JWT Signature"):
        creds.refresh(google.auth.transport.requests.Request())


def test_users_refresh_tokens_act_as_each_user(google_service_for):
    assert about_email(google_service_for("drive", "v3", user="alice@example.com")) == (
        "alice@example.com"
    )


def test_a_missing_token_is_a_401_in_googles_envelope(google_credentials):
    answer = httpx.get(f"{google_credentials['root_url']}drive/v3/about?fields=kind")
    assert answer.status_code == 401
    error = answer.json()["error"]
    assert error["status"] == "UNAUTHENTICATED"
    assert error["errors"][0]["reason"] == "authError"


def test_fields_is_required_by_about_get(drive):
    with pytest.raises(HttpError) as caught:
        drive.about().get().execute()
    assert caught.value.status_code == 400
    assert caught.value.error_details[0]["reason"] == "required"


def test_a_fields_name_the_schema_lacks_is_refused(drive):
    with pytest.raises(HttpError) as caught:
        drive.about().get(fields="user/nope").execute()
    assert caught.value.error_details[0]["reason"] == "invalidParameter"


def test_consent_page_code_flow_gives_tokens_that_refresh(universe, google_credentials):
    oauth = google_credentials["oauth_client"]
    base = google_credentials["root_url"]
    query = authorization(
        google_credentials,
        redirect_uri="http://127.0.0.1:1/callback",
        scope="https://www.googleapis.com/auth/drive.readonly",
        state="xyz",
        access_type="offline",
        login_hint="carol@example.com",
    )
    page = httpx.get(f"{base}o/oauth2/auth", params=query)
    assert page.status_code == 200 and "carol@example.com" in page.text
    allowed = allow(google_credentials, query, "carol@example.com")
    assert allowed.status_code == 302
    location = httpx.URL(allowed.headers["location"])
    assert location.params["state"] == "xyz"
    form = exchange(google_credentials, query, location.params["code"])
    tokens = httpx.post(oauth["token_uri"], data=form).json()
    assert tokens["scope"] == query["scope"] and tokens["refresh_token"]
    creds = google.oauth2.credentials.Credentials(
        None,
        refresh_token=tokens["refresh_token"],
        token_uri=oauth["token_uri"],
        client_id=oauth["client_id"],
        client_secret=oauth["client_secret"],
    )
    drive = client.build_service("drive", "v3", creds, base)
    assert about_email(drive) == "carol@example.com"
    replay = httpx.post(oauth["token_uri"], data=form)
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"


def test_denied_consent_redirects_with_access_denied(google_credentials):
    query = authorization(google_credentials, scope="drive", state="s1")
    answer = decide(google_credentials, query, "alice@example.com", "deny")
    location = httpx.URL(answer.headers["location"])
    assert dict(location.params) == {"state": "s1", "error": "access_denied"}


@pytest.mark.parametrize(
    ("status", "reason"), [(403, "userRateLimitExceeded"), (429, "rateLimitExceeded")]
)
def test_rate_limit_faults_speak_googles_dialect(universe, drive, status, reason):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "google",
            "operation": "drive.about.get",
            "kind": "rate_limit",
            "limit": 0,
            "status": status,
        },
    )
    with pytest.raises(HttpError) as caught:
        drive.about().get(fields="kind").execute()
    assert caught.value.status_code == status
    body = json.loads(caught.value.content)["error"]
    assert body["errors"][0] == {
        "domain": "usageLimits",
        "reason": reason,
        "message": body["message"],
    }
    assert body["status"] == "RESOURCE_EXHAUSTED"


def test_expired_tokens_get_401_and_the_client_refreshes(universe, drive, google_credentials):
    assert drive.about().get(fields="kind").execute() == {"kind": "drive#about"}
    stale = drive._http.credentials.token
    universe.call(universe.universe.clock.advance, 3600)
    answer = httpx.get(
        f"{google_credentials['root_url']}drive/v3/about?fields=kind",
        headers={"Authorization": f"Bearer {stale}"},
    )
    assert answer.status_code == 401
    assert drive.about().get(fields="kind").execute() == {"kind": "drive#about"}
    assert drive._http.credentials.token != stale


def test_googleapiclient_retries_google_rate_limit_answers(universe, drive, monkeypatch):
    import googleapiclient.http

    waits: list[float] = []
    monkeypatch.setattr(googleapiclient.http.time, "sleep", waits.append)
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "google",
            "operation": "drive.about.get",
            "kind": "error",
            "times": 2,
            "status": 403,
            "code": "userRateLimitExceeded",
        },
    )
    answer = drive.about().get(fields="kind").execute(num_retries=3)
    assert answer == {"kind": "drive#about"}
    assert len(waits) == 2 and universe.control("GET", "/faults") == {"faults": []}


def test_pkce_tokeninfo_and_revoke(google_credentials):
    import base64
    import hashlib

    oauth = google_credentials["oauth_client"]
    base = google_credentials["root_url"]
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = authorization(
        google_credentials,
        scope="drive",
        code_challenge_method="S256",
        code_challenge=challenge.rstrip(b"=").decode(),
    )
    code = code_of(allow(google_credentials, query, "bob@example.com"))
    form = exchange(google_credentials, query, code)
    wrong = httpx.post(oauth["token_uri"], data={**form, "code_verifier": "nope"})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    form["code"] = code_of(allow(google_credentials, query, "bob@example.com"))
    tokens = httpx.post(oauth["token_uri"], data={**form, "code_verifier": verifier}).json()
    assert "refresh_token" not in tokens  # online access asks for none
    info = httpx.get(
        f"{base}oauth2/v3/tokeninfo", params={"access_token": tokens["access_token"]}
    ).json()
    assert info["email"] == "bob@example.com"
    assert info["scope"] == "https://www.googleapis.com/auth/drive"
    assert (
        httpx.post(f"{base}oauth2/revoke", params={"token": tokens["access_token"]}).status_code
        == 200
    )
    gone = httpx.get(
        f"{base}drive/v3/about",
        params={"fields": "kind"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert gone.status_code == 401


def test_unknown_client_sees_the_consent_error_page(google_credentials):
    page = httpx.get(
        f"{google_credentials['root_url']}o/oauth2/auth",
        params={"client_id": "nope", "redirect_uri": "http://x", "response_type": "code"},
    )
    assert page.status_code == 400 and "invalid_client" in page.text


def test_token_endpoint_errors(google_credentials):
    token_uri = google_credentials["token_uri"]
    assert httpx.post(token_uri, data={"grant_type": "password"}).json()["error"] == (
        "unsupported_grant_type"
    )
    bad_client = httpx.post(
        token_uri,
        data={
            "grant_type": "refresh_token",
            "refresh_token": "x",
            "client_id": "x",
            "client_secret": "y",
        },
    )
    assert bad_client.status_code == 401 and bad_client.json()["error"] == "invalid_client"
    garbage = httpx.post(
        token_uri,
        data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "garbage"},
    )
    assert garbage.json()["error"] == "invalid_grant"
