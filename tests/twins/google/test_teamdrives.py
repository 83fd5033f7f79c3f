"""Drive v3 ``teamdrives`` through googleapiclient: the older name of shared drives, the same
drives as ``drives.*`` in the ``TeamDrive`` shape, organizers alone changing them."""

from __future__ import annotations

from tests.twins.google.conftest import BOB, error_of


def test_create_list_get_update_and_delete_a_team_drive(alice):
    made = alice.teamdrives().create(requestId="td-1", body={"name": "Old"}).execute()
    assert (made["kind"], made["name"]) == ("drive#teamDrive", "Old")
    full = alice.teamdrives().get(teamDriveId=made["id"], fields="*").execute()
    assert full["capabilities"]["canDeleteTeamDrive"] is True
    assert "canDeleteDrive" not in full["capabilities"] and "createdTime" in full
    assert alice.drives().get(driveId=made["id"]).execute()["name"] == "Old"
    listed = alice.teamdrives().list().execute()
    assert listed["kind"] == "drive#teamDriveList"
    assert [d["id"] for d in listed["teamDrives"]] == [made["id"]]
    renamed = alice.teamdrives().update(teamDriveId=made["id"], body={"name": "New"}).execute()
    assert renamed["name"] == "New"
    assert alice.drives().get(driveId=made["id"]).execute()["name"] == "New"
    alice.teamdrives().delete(teamDriveId=made["id"]).execute()
    assert error_of(alice.teamdrives().get(teamDriveId=made["id"])) == (404, "notFound")


def test_a_duplicate_request_id_is_refused(alice):
    alice.teamdrives().create(requestId="td-2", body={"name": "One"}).execute()
    refused = alice.teamdrives().create(requestId="td-2", body={"name": "Two"})
    assert error_of(refused) == (409, "duplicate")


def test_only_members_see_and_only_organizers_change_a_team_drive(alice, bob):
    made = alice.teamdrives().create(requestId="td-3", body={"name": "Team"}).execute()
    assert error_of(bob.teamdrives().get(teamDriveId=made["id"])) == (404, "notFound")
    assert bob.teamdrives().list().execute()["teamDrives"] == []
    alice.permissions().create(
        fileId=made["id"],
        body={"type": "user", "role": "writer", "emailAddress": BOB},
        supportsAllDrives=True,
    ).execute()
    seen = bob.teamdrives().get(teamDriveId=made["id"], fields="capabilities").execute()
    assert seen["capabilities"]["canDeleteTeamDrive"] is False
    assert seen["capabilities"]["canAddChildren"] is True
    refused = bob.teamdrives().update(teamDriveId=made["id"], body={"name": "Mine"})
    assert error_of(refused) == (403, "insufficientFilePermissions")
    assert error_of(bob.teamdrives().delete(teamDriveId=made["id"]))[0] == 403


def test_a_reader_scope_may_not_create_a_team_drive(google_service_for):
    reader = google_service_for(
        "drive",
        "v3",
        user="alice@example.com",
        scopes=["https://www.googleapis.com/auth/drive.readonly"],
    )
    assert reader.teamdrives().list().execute()["teamDrives"] == []
    assert error_of(reader.teamdrives().create(requestId="td-4", body={"name": "X"}))[0] == 403
