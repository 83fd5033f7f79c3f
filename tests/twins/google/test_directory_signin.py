"""A person the Directory API makes signs in to Google with the password it was given, and one
it suspends cannot sign in or allow an app, even from a browser already signed in."""

from __future__ import annotations

import httpx
import pytest
from tests.twins.google.consenting import answer_consent, authorization
from tests.twins.google.directory_clients import assert_not_authorized, directory_as

from darkfactory.twins.google.signin import SUSPENDED, WRONG_PASSWORD

NEWCOMER = "dana@example.com"
PASSWORD = "Newc0mer-Pass!"


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


def consent_url(google_credentials) -> str:
    query = authorization(google_credentials, scope="openid email")
    return str(httpx.URL(f"{google_credentials['root_url']}o/oauth2/auth", params=query))


def sign_in(browser: httpx.Client, url: str, password: str) -> httpx.Response:
    return browser.post(url, data={"step": "signin", "email": NEWCOMER, "password": password})


def test_a_made_person_signs_in_and_a_suspended_one_cannot(admin, google_credentials):
    made = {
        "primaryEmail": NEWCOMER,
        "name": {"givenName": "Dana", "familyName": "Reyes"},
        "password": PASSWORD,
    }
    admin.users().insert(body=made).execute()
    url = consent_url(google_credentials)
    with httpx.Client() as browser:
        assert WRONG_PASSWORD in sign_in(browser, url, "not-it").text
        allowed = answer_consent(browser, url, NEWCOMER, PASSWORD, "allow")
        assert allowed.status_code == 302 and "code=" in allowed.headers["location"]

        admin.users().patch(userKey=NEWCOMER, body={"suspended": True}).execute()
        # the browser's session is still open, but a suspended person allows nothing
        answer = {"step": "consent", "decision": "allow"}
        refused = browser.post(url, data=answer)
        assert "error=access_denied" in refused.headers["location"]
        again = sign_in(browser, url, PASSWORD)
        assert again.status_code == 401 and SUSPENDED in again.text

    admin.users().update(
        userKey=NEWCOMER, body={**made, "password": "An0ther-Pass!", "suspended": False}
    ).execute()
    with httpx.Client() as browser:
        assert sign_in(browser, url, PASSWORD).status_code == 401
        assert sign_in(browser, url, "An0ther-Pass!").status_code == 200


def test_signing_a_person_out_ends_their_browser_session(
    admin, google_service_for, google_credentials
):
    made = {
        "primaryEmail": NEWCOMER,
        "name": {"givenName": "Dana", "familyName": "Reyes"},
        "password": PASSWORD,
    }
    admin.users().insert(body=made).execute()
    url = consent_url(google_credentials)
    password_field = 'type="password"'
    with httpx.Client() as browser:
        assert sign_in(browser, url, PASSWORD).status_code == 200
        assert password_field not in browser.get(url).text  # signed in: straight to consent
        alice = directory_as(google_service_for, "alice@example.com")
        assert_not_authorized(alice.users().signOut(userKey=NEWCOMER))
        assert password_field not in browser.get(url).text
        admin.users().signOut(userKey=NEWCOMER).execute()
        assert password_field in browser.get(url).text  # asked to sign in again
