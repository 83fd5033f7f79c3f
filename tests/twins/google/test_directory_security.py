"""Users' photos, the apps holding their tokens and their backup codes, through
googleapiclient: an app whose token is deleted can no longer act for the user."""

from __future__ import annotations

import base64

import pytest
from google.auth.exceptions import RefreshError
from tests.twins.google.directory_clients import (
    ALICE,
    BOB,
    assert_not_authorized,
    directory_as,
    failure,
)

PHOTO = base64.urlsafe_b64encode(b"\xff\xd8\xff\xe0 a tiny jpeg").decode()


@pytest.fixture
def admin(google_service_for):
    return directory_as(google_service_for)


def test_a_photo_is_set_read_and_removed(admin, google_service_for):
    status, error = failure(admin.users().photos().get(userKey=BOB))
    assert (status, error["reason"]) == (404, "notFound")
    admin.users().photos().update(
        userKey=BOB, body={"photoData": PHOTO, "mimeType": "JPEG"}
    ).execute()
    got = admin.users().photos().get(userKey=BOB).execute()
    assert got["photoData"] == PHOTO and got["primaryEmail"] == BOB
    assert "thumbnailPhotoUrl" in admin.users().get(userKey=BOB).execute()
    alice = directory_as(google_service_for, ALICE)
    assert_not_authorized(alice.users().photos().update(userKey=BOB, body={"photoData": PHOTO}))
    assert_not_authorized(alice.users().photos().delete(userKey=BOB))
    admin.users().photos().delete(userKey=BOB).execute()
    assert "thumbnailPhotoUrl" not in admin.users().get(userKey=BOB).execute()


def test_deleting_an_apps_token_stops_it_acting_for_the_user(
    admin, google_service_for, google_credentials
):
    drive = google_service_for("drive", "v3", user=BOB)
    drive.about().get(fields="user").execute()
    client = google_credentials["oauth_client"]["client_id"]
    tokens = admin.tokens().list(userKey=BOB).execute()["items"]
    assert [t["clientId"] for t in tokens] == [client]
    assert "https://www.googleapis.com/auth/drive" in tokens[0]["scopes"]
    assert (
        admin.tokens().get(userKey=BOB, clientId=client).execute()["displayText"] == "darkfactory"
    )
    alice = directory_as(google_service_for, ALICE)
    assert_not_authorized(alice.tokens().list(userKey=BOB))
    assert_not_authorized(alice.tokens().delete(userKey=BOB, clientId=client))
    admin.tokens().delete(userKey=BOB, clientId=client).execute()
    with pytest.raises(RefreshError, match="invalid_grant"):
        google_service_for("drive", "v3", user=BOB).about().get(fields="user").execute()
    status, error = failure(admin.tokens().get(userKey=BOB, clientId=client))
    assert (status, error["message"]) == (404, "Resource Not Found: clientId")


def test_backup_codes_are_generated_and_invalidated(admin, google_service_for):
    assert admin.verificationCodes().list(userKey=BOB).execute()["items"] == []
    admin.verificationCodes().generate(userKey=BOB).execute()
    codes = admin.verificationCodes().list(userKey=BOB).execute()["items"]
    assert len(codes) == 10 and all(len(c["verificationCode"]) == 8 for c in codes)
    admin.verificationCodes().generate(userKey=BOB).execute()
    renewed = admin.verificationCodes().list(userKey=BOB).execute()["items"]
    assert {c["verificationCode"] for c in renewed}.isdisjoint(c["verificationCode"] for c in codes)
    alice = directory_as(google_service_for, ALICE)
    assert_not_authorized(alice.verificationCodes().generate(userKey=BOB))
    assert_not_authorized(alice.verificationCodes().list(userKey=BOB))
    admin.verificationCodes().invalidate(userKey=BOB).execute()
    assert admin.verificationCodes().list(userKey=BOB).execute()["items"] == []


def test_turning_off_two_step_verification_revokes_app_passwords(admin, google_service_for):
    me = admin.users().get(userKey="admin@example.com").execute()
    assert me["isEnrolledIn2Sv"] is True
    (asp,) = admin.asps().list(userKey="admin@example.com").execute()["items"]
    assert asp["name"] == "Thunderbird" and asp["userKey"] == me["id"]
    got = admin.asps().get(userKey="admin@example.com", codeId=asp["codeId"]).execute()
    assert got["codeId"] == asp["codeId"]
    alice = directory_as(google_service_for, ALICE)
    assert_not_authorized(alice.asps().list(userKey="admin@example.com"))
    assert_not_authorized(alice.twoStepVerification().turnOff(userKey="admin@example.com"))
    admin.twoStepVerification().turnOff(userKey="admin@example.com").execute()
    assert admin.users().get(userKey="admin@example.com").execute()["isEnrolledIn2Sv"] is False
    assert admin.asps().list(userKey="admin@example.com").execute()["items"] == []
    status, error = failure(admin.asps().get(userKey="admin@example.com", codeId=asp["codeId"]))
    assert (status, error["message"]) == (404, "Resource Not Found: codeId")
    status, _ = failure(admin.twoStepVerification().turnOff(userKey=BOB))
    assert status == 400


def test_an_app_password_is_deleted(admin):
    admin.asps().delete(userKey="admin@example.com", codeId=1).execute()
    assert admin.asps().list(userKey="admin@example.com").execute()["items"] == []
    status, _ = failure(admin.asps().delete(userKey="admin@example.com", codeId=1))
    assert status == 404
