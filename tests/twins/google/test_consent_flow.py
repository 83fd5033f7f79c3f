"""Google's installed-app and web-server sign-in: google-auth-oauthlib's ``InstalledAppFlow``
driven through the sign-in and consent pages in headless Chromium, the refusal path, and the
authorization endpoint's and token endpoint's errors."""

from __future__ import annotations

import queue
import threading
import webbrowser

import httpx
import pytest
from google_auth_oauthlib.flow import InstalledAppFlow
from oauthlib.oauth2.rfc6749.errors import AccessDeniedError
from tests.twins.google.conftest import error_of
from tests.twins.google.consenting import authorization, code_of, decide, exchange

from darkfactory.twins.google import client
from darkfactory.twins.google.auth import scope_url

DRIVE_READONLY = scope_url("drive.readonly")
SHEETS_READONLY = scope_url("spreadsheets.readonly")
CAROL = "carol@example.com"


class _Browser:
    """The "browser" the flow opens: hands the authorization URL to the test's Chromium."""

    def __init__(self) -> None:
        self.urls: queue.Queue[str] = queue.Queue()

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.urls.put(url)
        return True


@pytest.fixture
def installed_flow(google_credentials, monkeypatch):
    """Run ``InstalledAppFlow.run_local_server`` for the seeded installed app in a thread; the
    authorization URL it opens, and the thread's outcome once joined."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the twin speaks plain HTTP
    opened = _Browser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: opened)
    oauth = google_credentials["oauth_client"]
    config = {
        "installed": {
            "client_id": oauth["client_id"],
            "client_secret": oauth["client_secret"],
            "auth_uri": oauth["auth_uri"].replace("/o/oauth2/auth", "/o/oauth2/v2/auth"),
            "token_uri": oauth["token_uri"],
            "redirect_uris": ["http://localhost"],
        }
    }
    flow = InstalledAppFlow.from_client_config(config, scopes=[DRIVE_READONLY, "openid"])
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["credentials"] = flow.run_local_server(
                host="127.0.0.1", port=0, timeout_seconds=30, access_type="offline"
            )
        except Exception as error:  # the test reads it
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def finish() -> dict:
        thread.join(30)
        assert not thread.is_alive()
        return outcome

    yield opened.urls.get(timeout=10), finish
    thread.join(1)


def _sign_in(page, password: str) -> None:
    page.fill("#identifierId", CAROL)
    page.fill("#password", password)
    page.click("#signin")


@pytest.mark.browser
def test_installed_app_flow_signs_in_and_gets_working_tokens(
    browser_page, installed_flow, google_credentials
):
    url, finish = installed_flow
    assert "code_challenge=" in url and "redirect_uri=http%3A%2F%2F127.0.0.1" in url
    page = browser_page
    page.goto(url)
    _sign_in(page, "not my password")
    assert "Wrong password" in page.locator("[role=alert]").inner_text()
    _sign_in(page, google_credentials["users"][CAROL]["password"])
    listed = page.locator("ul.scopes").inner_text()
    assert "See and download all your Google Drive files" in listed
    page.click("#allow")
    page.wait_for_load_state()
    outcome = finish()
    assert "error" not in outcome, outcome.get("error")
    credentials = outcome["credentials"]
    assert set(credentials.granted_scopes) == {DRIVE_READONLY, "openid"}
    assert credentials.refresh_token and credentials.id_token
    drive = client.build_service("drive", "v3", credentials, google_credentials["root_url"])
    about = drive.about().get(fields="user/emailAddress").execute()
    assert about["user"]["emailAddress"] == CAROL
    refused = drive.files().create(body={"name": "nope"})
    assert error_of(refused)[0] == 403  # drive.readonly was all Carol allowed


@pytest.mark.browser
def test_refusing_in_the_browser_gives_the_app_access_denied(
    browser_page, installed_flow, google_credentials
):
    url, finish = installed_flow
    page = browser_page
    page.goto(url)
    _sign_in(page, google_credentials["users"][CAROL]["password"])
    page.click("#deny")
    page.wait_for_load_state()
    outcome = finish()
    assert isinstance(outcome.get("error"), AccessDeniedError)


def test_a_user_may_leave_scopes_out(google_credentials):
    oauth = google_credentials["oauth_client"]
    query = authorization(google_credentials, scope=f"{DRIVE_READONLY} {SHEETS_READONLY}")
    answer = decide(google_credentials, query, CAROL, "allow", granted=[DRIVE_READONLY])
    assert httpx.URL(answer.headers["location"]).params["scope"] == DRIVE_READONLY
    tokens = httpx.post(
        oauth["token_uri"], data=exchange(google_credentials, query, code_of(answer))
    )
    assert tokens.json()["scope"] == DRIVE_READONLY


def test_the_web_client_redirects_to_its_registered_uri_only(google_credentials):
    web = google_credentials["web_client"]
    query = {
        "client_id": web["client_id"],
        "redirect_uri": web["redirect_uris"][0],
        "response_type": "code",
        "scope": DRIVE_READONLY,
    }
    answer = decide(google_credentials, query, CAROL, "allow")
    assert str(answer.headers["location"]).startswith(web["redirect_uris"][0] + "?code=")
    form = {
        "grant_type": "authorization_code",
        "code": code_of(answer),
        "client_id": web["client_id"],
        "client_secret": web["client_secret"],
        "redirect_uri": web["redirect_uris"][0],
    }
    assert httpx.post(web["token_uri"], data=form).json()["scope"] == DRIVE_READONLY
    loopback = httpx.get(web["auth_uri"], params={**query, "redirect_uri": "http://127.0.0.1:9/"})
    assert loopback.status_code == 400 and "redirect_uri_mismatch" in loopback.text


def test_the_authorization_endpoints_error_pages(google_credentials):
    auth_uri = google_credentials["oauth_client"]["auth_uri"]
    elsewhere = authorization(google_credentials, redirect_uri="https://evil.example/cb")
    page = httpx.get(auth_uri, params={**elsewhere, "scope": "drive"})
    assert page.status_code == 400 and "Error 400: redirect_uri_mismatch" in page.text
    unknown = httpx.get(auth_uri, params={**authorization(google_credentials), "scope": "cats"})
    assert unknown.status_code == 400 and "invalid_scope" in unknown.text
    bare = httpx.get(auth_uri, params=authorization(google_credentials))
    assert bare.status_code == 400 and "Missing required parameter: scope" in bare.text
    stranger = httpx.get(auth_uri, params={**authorization(google_credentials), "client_id": "x"})
    assert stranger.status_code == 400 and "invalid_client" in stranger.text
    broken = httpx.get(
        auth_uri, params={**elsewhere, "scope": "drive", "redirect_uri": "http://[::1"}
    )
    assert broken.status_code == 400 and "redirect_uri_mismatch" in broken.text
    assert "Location" not in page.headers  # errors stay on Google's page, never redirect


def test_consent_needs_a_signed_in_user(google_credentials):
    query = authorization(google_credentials, scope="drive")
    auth_uri = google_credentials["oauth_client"]["auth_uri"]
    forged = httpx.post(
        auth_uri, data={**query, "step": "consent", "decision": "allow", "email": CAROL}
    )
    assert forged.status_code == 401 and "Location" not in forged.headers
    stranger = httpx.post(
        auth_uri, data={**query, "step": "signin", "email": "nobody@example.com", "password": "x"}
    )
    assert stranger.status_code == 401 and "Couldn&#39;t find your Google Account" in stranger.text


def test_the_session_cookie_opens_no_api(google_credentials):
    query = authorization(google_credentials, scope="drive")
    auth_uri = google_credentials["oauth_client"]["auth_uri"]
    password = google_credentials["users"][CAROL]["password"]
    with httpx.Client() as browser:
        browser.post(
            auth_uri, data={**query, "step": "signin", "email": CAROL, "password": password}
        )
        session = browser.cookies["GAPS"]
    answer = httpx.get(
        f"{google_credentials['root_url']}drive/v3/about",
        params={"fields": "user"},
        headers={"Authorization": f"Bearer {session}"},
    )
    assert answer.status_code == 401


def test_the_token_endpoint_checks_redirect_uri_and_pkce(google_credentials):
    token_uri = google_credentials["token_uri"]
    query = authorization(google_credentials, scope="drive", code_challenge="c" * 43)
    form = exchange(
        google_credentials, query, code_of(decide(google_credentials, query, CAROL, "allow"))
    )
    moved = httpx.post(token_uri, data={**form, "redirect_uri": "http://127.0.0.1:2/cb"})
    assert moved.status_code == 400 and moved.json()["error"] == "redirect_uri_mismatch"
    form["code"] = code_of(decide(google_credentials, query, CAROL, "allow"))
    wrong = httpx.post(token_uri, data={**form, "code_verifier": "d" * 43})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    form["code"] = code_of(decide(google_credentials, query, CAROL, "allow"))
    right = httpx.post(token_uri, data={**form, "code_verifier": "c" * 43})
    assert right.status_code == 200 and right.json()["access_token"].startswith("ya29.")


def test_a_session_is_remembered_until_the_user_switches_account(google_credentials):
    query = authorization(google_credentials, scope="drive")
    auth_uri = google_credentials["oauth_client"]["auth_uri"]
    password = google_credentials["users"][CAROL]["password"]
    v2_uri = auth_uri.replace("/o/oauth2/auth", "/o/oauth2/v2/auth")
    with httpx.Client() as browser:
        browser.post(v2_uri, data={**query, "step": "signin", "email": CAROL, "password": password})
        again = browser.get(auth_uri, params=query)  # one session for both endpoints
        assert again.status_code == 200 and 'id="allow"' in again.text and CAROL in again.text
        forced = browser.get(auth_uri, params={**query, "prompt": "select_account"})
        assert 'id="identifierId"' in forced.text and 'id="allow"' not in forced.text
        switched = browser.post(auth_uri, data={**query, "step": "switch"})
        assert 'id="identifierId"' in switched.text and 'id="allow"' not in switched.text
        bob = google_credentials["users"]["bob@example.com"]["password"]
        browser.post(
            auth_uri, data={**query, "step": "signin", "email": "bob@example.com", "password": bob}
        )
        allowed = browser.post(
            auth_uri,
            data={**query, "step": "consent", "decision": "allow", "granted": scope_url("drive")},
        )
    code = code_of(allowed)
    tokens = httpx.post(
        google_credentials["token_uri"], data=exchange(google_credentials, query, code)
    ).json()
    info = httpx.get(
        f"{google_credentials['root_url']}oauth2/v3/tokeninfo",
        params={"access_token": tokens["access_token"]},
    ).json()
    assert (info["email"], info["scope"]) == ("bob@example.com", scope_url("drive"))
