"""Who finds a file with files.list: a grant on it or on a folder above it, to the caller, a
group of theirs, their domain or anyone with ``allowFileDiscovery``, while it lasts; and who
does not, beside each."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import BOB, CAROL, DAVE, FOLDER

GROUP = "engineering@example.com"  # alice and bob, not carol


def found(service, name: str) -> bool:
    q = f"name = '{name}' and trashed = false"
    return bool(service.files().list(q=q, fields="files(id)").execute()["files"])


def grant(service, file_id: str, **permission) -> None:
    service.permissions().create(
        fileId=file_id, body=permission, sendNotificationEmail=False
    ).execute()


@pytest.fixture
def users(google_service_for) -> dict:
    return {email: google_service_for("drive", "v3", user=email) for email in (BOB, CAROL, DAVE)}


def made(alice, name: str, **body) -> str:
    return alice.files().create(body={"name": name, **body}).execute()["id"]


def test_a_group_grant_is_found_by_members_only(alice, users):
    grant(alice, made(alice, "for the group"), type="group", role="reader", emailAddress=GROUP)
    assert found(users[BOB], "for the group")
    assert not found(users[CAROL], "for the group")


def test_a_folders_grant_is_found_below_it_by_the_grantee_only(alice, users):
    folder = made(alice, "shared folder", mimeType=FOLDER)
    inner = made(alice, "inner folder", mimeType=FOLDER, parents=[folder])
    made(alice, "deep file", parents=[inner])
    grant(alice, folder, type="user", role="reader", emailAddress=BOB)
    assert found(users[BOB], "deep file")
    assert not found(users[CAROL], "deep file")


def test_a_domain_grant_is_found_in_the_domain_only_when_discoverable(alice, users):
    grant(
        alice,
        made(alice, "domain finds"),
        type="domain",
        role="reader",
        domain="example.com",
        allowFileDiscovery=True,
    )
    grant(alice, made(alice, "domain link"), type="domain", role="reader", domain="example.com")
    assert found(users[CAROL], "domain finds")
    assert not found(users[DAVE], "domain finds")
    assert not found(users[CAROL], "domain link")


def test_an_anyone_grant_is_found_only_when_discoverable(alice, users):
    grant(alice, made(alice, "anyone finds"), type="anyone", role="reader", allowFileDiscovery=True)
    grant(alice, made(alice, "anyone link"), type="anyone", role="reader")
    assert found(users[DAVE], "anyone finds")
    assert not found(users[DAVE], "anyone link")


def test_an_expired_grant_is_no_longer_found(alice, users, universe):
    grant(
        alice,
        made(alice, "for a while"),
        type="user",
        role="reader",
        emailAddress=BOB,
        expirationTime="2100-01-01T00:00:00Z",
    )
    assert found(users[BOB], "for a while")
    universe.call(universe.universe.clock.advance, 100 * 365 * 86400)
    assert not found(users[BOB], "for a while")
    assert found(alice, "for a while")  # the owner's own grant does not expire


def test_the_owner_finds_what_nobody_else_does(alice, users):
    made(alice, "mine alone")
    assert found(alice, "mine alone")
    assert not any(found(service, "mine alone") for service in users.values())
