"""Shared drives through googleapiclient: drives.*, members as permissions, items inside."""

from __future__ import annotations

import uuid

import pytest
from tests.twins.google.conftest import BOB, error_of


@pytest.fixture
def team(alice) -> str:
    return alice.drives().create(requestId=str(uuid.uuid4()), body={"name": "Team"}).execute()["id"]


def test_create_get_list_update_hide(alice, bob, team):
    assert alice.drives().get(driveId=team).execute() == {
        "kind": "drive#drive",
        "id": team,
        "name": "Team",
    }
    alice.drives().update(driveId=team, body={"name": "Team A"}).execute()
    listed = alice.drives().list(q="name contains 'team'").execute()["drives"]
    assert [d["name"] for d in listed] == ["Team A"]
    hidden = alice.drives().hide(driveId=team).execute()
    assert alice.drives().get(driveId=team, fields="hidden").execute() == {"hidden": True}
    assert hidden["id"] == team
    assert alice.drives().list(q="hidden = false").execute()["drives"] == []
    alice.permissions().create(
        fileId=team,
        supportsAllDrives=True,
        body={"type": "user", "role": "reader", "emailAddress": BOB},
    ).execute()
    assert bob.drives().get(driveId=team, fields="hidden").execute() == {"hidden": False}


def test_same_request_id_is_a_conflict(alice):
    request_id = str(uuid.uuid4())
    alice.drives().create(requestId=request_id, body={"name": "one"}).execute()
    assert error_of(alice.drives().create(requestId=request_id, body={"name": "two"})) == (
        409,
        "duplicate",
    )


def test_non_members_do_not_see_a_shared_drive(bob, team):
    assert error_of(bob.drives().get(driveId=team)) == (404, "notFound")
    assert bob.drives().list().execute()["drives"] == []


def test_members_and_items(alice, bob, carol, team):
    alice.permissions().create(
        fileId=team,
        supportsAllDrives=True,
        body={"type": "user", "role": "writer", "emailAddress": BOB},
    ).execute()
    made = (
        bob.files()
        .create(
            supportsAllDrives=True,
            body={"name": "plan", "parents": [team]},
            fields="id,driveId,owners",
        )
        .execute()
    )
    assert made["driveId"] == team and "owners" not in made
    assert error_of(bob.files().get(fileId=made["id"]))[0] == 404
    listed = (
        bob.files()
        .list(corpora="drive", driveId=team, includeItemsFromAllDrives=True, supportsAllDrives=True)
        .execute()["files"]
    )
    assert [f["id"] for f in listed] == [made["id"]]
    assert error_of(carol.files().get(fileId=made["id"], supportsAllDrives=True))[0] == 404
    assert error_of(bob.files().delete(fileId=made["id"], supportsAllDrives=True))[0] == 403
    assert error_of(bob.drives().delete(driveId=team))[0] == 403
    assert error_of(alice.drives().delete(driveId=team)) == (
        403,
        "cannotDeleteResourceWithChildren",
    )
    alice.files().delete(fileId=made["id"], supportsAllDrives=True).execute()
    alice.drives().delete(driveId=team).execute()
    assert error_of(alice.drives().get(driveId=team))[0] == 404


def test_organizer_roles_only_in_shared_drives_and_last_organizer_stays(alice, team):
    members = alice.permissions().list(fileId=team, supportsAllDrives=True).execute()
    organizer = members["permissions"][0]
    assert organizer["role"] == "organizer"
    assert error_of(
        alice.permissions().delete(
            fileId=team, permissionId=organizer["id"], supportsAllDrives=True
        )
    ) == (403, "cannotRemoveLastOrganizer")


def test_listing_shared_drive_items_needs_supports_all_drives(alice, team):
    assert error_of(alice.files().list(includeItemsFromAllDrives=True))[0] == 403
    assert error_of(alice.files().list(corpora="drive", driveId=team))[0] == 403


def test_shared_drive_restrictions_limit_sharing(alice, bob, team):
    alice.drives().update(
        driveId=team, body={"restrictions": {"domainUsersOnly": True, "driveMembersOnly": True}}
    ).execute()
    assert error_of(
        alice.permissions().create(
            fileId=team,
            supportsAllDrives=True,
            body={"type": "user", "role": "reader", "emailAddress": "dave@partner.example"},
        )
    ) == (403, "teamDriveDomainUsersOnlyRestriction")
    item = (
        alice.files()
        .create(supportsAllDrives=True, body={"name": "plan", "parents": [team]})
        .execute()["id"]
    )
    assert error_of(
        alice.permissions().create(
            fileId=item,
            supportsAllDrives=True,
            body={"type": "user", "role": "reader", "emailAddress": BOB},
        )
    ) == (403, "teamDriveTeamMembersOnlyRestriction")
    alice.permissions().create(
        fileId=team,
        supportsAllDrives=True,
        body={"type": "user", "role": "reader", "emailAddress": BOB},
    ).execute()
    alice.permissions().create(
        fileId=item,
        supportsAllDrives=True,
        body={"type": "user", "role": "commenter", "emailAddress": BOB},
    ).execute()
    got = (
        bob.files()
        .get(fileId=item, supportsAllDrives=True, fields="capabilities/canComment")
        .execute()
    )
    assert got == {"capabilities": {"canComment": True}}
