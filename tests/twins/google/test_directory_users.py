"""Directory users through googleapiclient: made, changed, suspended, deleted and restored, and
what each of those does to who may sign in; plain users refused every write."""

from __future__ import annotations

import httpx
import pytest
from google.auth.exceptions import RefreshError
from tests.twins.google.consenting import allow, authorization, code_of, exchange
from tests.twins.google.directory_clients import (
    ADMIN,
    ALICE,
    BOB,
    assert_not_authorized,
    directory_as,
    failure,
)

from darkfactory.twins.google.signin import SUSPENDED

NEW = {
    "primaryEmail": "erin@example.com",
    "name": {"givenName": "Erin", "familyName": "Noether"},
    "password": "correct horse battery",
}


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


@pytest.fixture
def alice(google_service_for):
    return directory_as(google_service_for, ALICE)


def test_a_new_user_is_served_and_can_use_drive(admin, google_service_for):
    made = admin.users().insert(body=NEW).execute()
    assert made["primaryEmail"] == "erin@example.com"
    assert made["name"]["fullName"] == "Erin Noether"
    assert made["kind"] == "admin#directory#user" and made["orgUnitPath"] == "/"
    assert made["isAdmin"] is False and "password" not in made
    assert admin.users().get(userKey=made["id"]).execute()["primaryEmail"] == NEW["primaryEmail"]
    drive = google_service_for(
        "drive", "v3", user=None, scopes=["drive"], subject=NEW["primaryEmail"]
    )
    assert drive.about().get(fields="user").execute()["user"]["emailAddress"] == "erin@example.com"


def test_inserting_refuses_bad_or_taken_users(admin):
    status, error = failure(admin.users().insert(body=NEW | {"primaryEmail": ALICE}))
    assert (status, error["reason"], error["message"]) == (
        409,
        "duplicate",
        "Entity already exists.",
    )
    status, error = failure(admin.users().insert(body=NEW | {"primaryEmail": "x@elsewhere.test"}))
    assert (status, error["message"]) == (400, "Domain not found.")
    nameless = NEW | {"name": {"givenName": "Erin"}}
    status, error = failure(admin.users().insert(body=nameless))
    assert (status, error["message"]) == (400, "Invalid Given/Family Name: FamilyName")
    status, error = failure(admin.users().insert(body=NEW | {"password": "short"}))
    assert (status, error["message"]) == (400, "Invalid Password")
    status, error = failure(admin.users().insert(body=NEW | {"suspended": "yes"}))
    assert (status, error["reason"]) == (400, "invalid")


def test_plain_users_may_not_write_the_directory(alice):
    assert_not_authorized(alice.users().insert(body=NEW))
    assert_not_authorized(alice.users().patch(userKey=BOB, body={"name": {"givenName": "B"}}))
    assert_not_authorized(alice.users().patch(userKey=ALICE, body={"suspended": True}))
    assert_not_authorized(alice.users().delete(userKey=BOB))
    assert_not_authorized(alice.users().makeAdmin(userKey=ALICE, body={"status": True}))
    assert_not_authorized(alice.users().get(userKey=BOB))
    public = alice.users().get(userKey=BOB, viewType="domain_public").execute()
    assert public["primaryEmail"] == BOB and "suspended" not in public


def test_patch_and_update_change_only_what_they_are_given(admin):
    admin.users().patch(
        userKey=BOB, body={"phones": [{"value": "+1 555 0100", "type": "work"}]}
    ).execute()
    changed = admin.users().update(userKey=BOB, body={"name": {"givenName": "Robert"}}).execute()
    assert changed["name"] == {
        "givenName": "Robert",
        "familyName": "Hopper",
        "fullName": "Robert Hopper",
    }
    assert changed["phones"] == [{"value": "+1 555 0100", "type": "work"}]
    assert admin.users().get(userKey=BOB).execute()["name"]["givenName"] == "Robert"
    status, error = failure(admin.users().patch(userKey="nobody@example.com", body={}))
    assert (status, error["message"]) == (404, "Resource Not Found: userKey")
    status, error = failure(admin.users().patch(userKey=BOB, body={"orgUnitPath": "/Nowhere"}))
    assert (status, error["message"]) == (400, "Invalid Input: INVALID_OU_ID")


def test_a_suspended_user_gets_no_token_until_restored(admin, google_service_for):
    drive = google_service_for("drive", "v3", user=BOB)
    assert drive.about().get(fields="user").execute()["user"]["emailAddress"] == BOB
    suspended = admin.users().patch(userKey=BOB, body={"suspended": True}).execute()
    assert suspended["suspended"] is True and suspended["suspensionReason"] == "ADMIN"
    with pytest.raises(RefreshError, match="invalid_grant"):
        google_service_for("drive", "v3", user=BOB).about().get(fields="user").execute()
    delegated = google_service_for("drive", "v3", user=None, scopes=["drive"], subject=BOB)
    with pytest.raises(RefreshError, match="invalid_grant"):
        delegated.about().get(fields="user").execute()
    admin.users().patch(userKey=BOB, body={"suspended": False}).execute()
    again = google_service_for("drive", "v3", user=BOB)
    assert again.about().get(fields="user").execute()["user"]["emailAddress"] == BOB


def test_a_deleted_user_is_gone_and_can_come_back(admin, google_service_for):
    bob = admin.users().get(userKey=BOB).execute()
    admin.users().delete(userKey=BOB).execute()
    status, error = failure(admin.users().get(userKey=BOB))
    assert (status, error["reason"]) == (404, "notFound")
    with pytest.raises(RefreshError, match="invalid_grant"):
        google_service_for("drive", "v3", user=BOB).about().get(fields="user").execute()
    delegated = google_service_for("drive", "v3", user=None, scopes=["drive"], subject=BOB)
    with pytest.raises(RefreshError, match="invalid_grant"):
        delegated.about().get(fields="user").execute()
    status, _ = failure(admin.users().undelete(userKey="123", body={}))
    assert status == 404
    admin.users().undelete(userKey=bob["id"], body={"orgUnitPath": "/"}).execute()
    assert admin.users().get(userKey=BOB).execute()["id"] == bob["id"]
    assert delegated.about().get(fields="user").execute()["user"]["emailAddress"] == BOB


def test_make_admin_grants_and_takes_the_administrators_view(admin, alice):
    assert_not_authorized(alice.users().list(customer="my_customer"))
    admin.users().makeAdmin(userKey=ALICE, body={"status": True}).execute()
    assert admin.users().get(userKey=ALICE).execute()["isAdmin"] is True
    listed = alice.users().list(customer="my_customer", maxResults=500).execute()["users"]
    assert ADMIN in {u["primaryEmail"] for u in listed}
    admin.users().makeAdmin(userKey=ALICE, body={"status": False}).execute()
    assert_not_authorized(alice.users().list(customer="my_customer"))


def test_list_queries_the_directory(admin):
    admin.users().patch(userKey=BOB, body={"suspended": True}).execute()
    found = admin.users().list(customer="my_customer", query="isSuspended=true").execute()
    assert [u["primaryEmail"] for u in found["users"]] == [BOB]
    named = admin.users().list(customer="my_customer", query="givenName:Ali*").execute()
    assert [u["primaryEmail"] for u in named["users"]] == [ALICE]
    status, error = failure(admin.users().list(customer="my_customer", query="shoeSize:9"))
    assert (status, error["reason"]) == (400, "invalid")


def test_deleted_users_are_listed_apart(admin, alice):
    admin.users().delete(userKey=BOB).execute()
    listed = admin.users().list(customer="my_customer", maxResults=500).execute()["users"]
    assert BOB not in {u["primaryEmail"] for u in listed}
    gone = admin.users().list(customer="my_customer", showDeleted=True).execute()["users"]
    assert [u["primaryEmail"] for u in gone] == [BOB] and "deletionTime" in gone[0]
    assert_not_authorized(
        alice.users().list(customer="my_customer", showDeleted=True, viewType="domain_public")
    )


def test_anyone_of_the_domain_lists_its_public_view(alice, google_service_for):
    public = alice.users().list(customer="my_customer", viewType="domain_public").execute()
    people = {u["primaryEmail"]: u for u in public["users"]}
    assert ALICE in people and BOB in people and "isAdmin" not in people[BOB]
    outsider = directory_as(google_service_for, "dave@partner.example")
    assert_not_authorized(outsider.users().list(customer="my_customer", viewType="domain_public"))


def test_a_suspended_user_can_neither_consent_nor_trade_a_code(admin, google_credentials):
    query = authorization(google_credentials, scope="openid email")
    granted = allow(google_credentials, query, BOB)
    code = code_of(granted)
    admin.users().patch(userKey=BOB, body={"suspended": True}).execute()
    token_url = google_credentials["token_uri"]
    traded = httpx.post(token_url, data=exchange(google_credentials, query, code))
    assert (traded.status_code, traded.json()["error"]) == (400, "invalid_grant")
    url = str(httpx.URL(f"{google_credentials['root_url']}o/oauth2/auth", params=query))
    password = google_credentials["users"][BOB]["password"]
    refused = httpx.post(url, data={"step": "signin", "email": BOB, "password": password})
    assert refused.status_code == 401 and SUSPENDED in refused.text
    admin.users().patch(userKey=BOB, body={"suspended": False}).execute()
    again = allow(google_credentials, query, BOB)
    answer = httpx.post(token_url, data=exchange(google_credentials, query, code_of(again)))
    assert answer.status_code == 200 and answer.json()["access_token"]


def test_the_drive_page_is_not_shown_as_a_suspended_user(admin, universe):
    page = f"{universe.url}/ui/google/?as={BOB}"
    shown_as_bob = f'value="{BOB}" selected'
    before = httpx.get(page, cookies=universe.admin_cookies)
    assert before.status_code == 200 and shown_as_bob in before.text
    admin.users().patch(userKey=BOB, body={"suspended": True}).execute()
    after = httpx.get(page, cookies=universe.admin_cookies)
    assert after.status_code == 200 and shown_as_bob not in after.text
    assert 'value="admin@example.com" selected' in after.text
