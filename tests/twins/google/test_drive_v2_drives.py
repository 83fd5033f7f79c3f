"""Drive v2 ``drives`` through googleapiclient's v2 service: v3's shared drives in v2's shapes,
their files reached with ``supportsAllDrives``, and organizers alone managing them."""

from __future__ import annotations

from tests.twins.google.conftest import BOB, assert_shaped, error_body


def test_insert_list_get_update_hide_and_delete(alice2, alice):
    made = alice2.drives().insert(requestId="req-1", body={"name": "Team"}).execute()
    assert_shaped(made, "Drive")
    assert (made["kind"], made["name"]) == ("drive#drive", "Team")
    assert "createdDate" in made and made["capabilities"]["canDeleteDrive"] is True
    assert alice.drives().get(driveId=made["id"], fields="name").execute() == {"name": "Team"}
    listed = alice2.drives().list(maxResults=10).execute()
    assert_shaped(listed, "DriveList")
    assert [d["id"] for d in listed["items"]] == [made["id"]]
    renamed = alice2.drives().update(driveId=made["id"], body={"name": "Core"}).execute()
    assert renamed["name"] == "Core"
    assert alice2.drives().hide(driveId=made["id"]).execute()["hidden"] is True
    assert alice2.drives().unhide(driveId=made["id"]).execute()["hidden"] is False
    inside = (
        alice2.files()
        .insert(body={"title": "in.txt", "parents": [{"id": made["id"]}]}, supportsAllDrives=True)
        .execute()
    )
    assert inside["driveId"] == made["id"]
    refused = error_body(alice2.drives().delete(driveId=made["id"]))
    assert (refused["code"], refused["errors"][0]["reason"]) == (
        403,
        "cannotDeleteResourceWithChildren",
    )
    alice2.files().delete(fileId=inside["id"], supportsAllDrives=True).execute()
    alice2.drives().delete(driveId=made["id"]).execute()
    assert error_body(alice2.drives().get(driveId=made["id"]))["code"] == 404


def test_members_see_a_drive_and_only_organizers_change_it(alice2, bob2, alice):
    made = alice2.drives().insert(requestId="req-2", body={"name": "Team"}).execute()
    assert error_body(bob2.drives().get(driveId=made["id"]))["code"] == 404
    assert bob2.drives().list().execute()["items"] == []
    alice.permissions().create(
        fileId=made["id"],
        body={"type": "user", "role": "reader", "emailAddress": BOB},
        supportsAllDrives=True,
    ).execute()
    assert bob2.drives().get(driveId=made["id"]).execute()["name"] == "Team"
    refused = error_body(bob2.drives().update(driveId=made["id"], body={"name": "Mine"}))
    assert refused["code"] == 403
    assert error_body(bob2.drives().delete(driveId=made["id"]))["code"] == 403


def test_team_drives_are_the_same_shared_drives(alice2, bob2):
    made = alice2.teamdrives().insert(requestId="req-3", body={"name": "Old"}).execute()
    assert_shaped(made, "TeamDrive")
    assert made["kind"] == "drive#teamDrive"
    assert made["capabilities"]["canDeleteTeamDrive"] is True
    assert alice2.drives().get(driveId=made["id"]).execute()["name"] == "Old"
    listed = alice2.teamdrives().list().execute()
    assert_shaped(listed, "TeamDriveList")
    assert [d["id"] for d in listed["items"]] == [made["id"]]
    renamed = alice2.teamdrives().update(teamDriveId=made["id"], body={"name": "New"}).execute()
    assert renamed["name"] == "New"
    assert error_body(bob2.teamdrives().get(teamDriveId=made["id"]))["code"] == 404
    assert error_body(bob2.teamdrives().delete(teamDriveId=made["id"]))["code"] == 404
    alice2.teamdrives().delete(teamDriveId=made["id"]).execute()
    assert error_body(alice2.teamdrives().get(teamDriveId=made["id"]))["code"] == 404
