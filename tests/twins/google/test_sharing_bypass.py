"""Attempts to get past Drive's sharing roles, each beside the grant that does allow the act: My
Drive and shared drives, link grants, a service account, and Sheets and Docs through
googleapiclient and gspread."""

from __future__ import annotations

import uuid

import gspread
import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import ALICE, BOB, CAROL, DAVE, FOLDER, error_of, share

from darkfactory.twins.google.fixtures import SERVICE_ACCOUNT

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
DENIED = (403, "insufficientFilePermissions")


def rename(service, file_id: str, name: str, **params):
    return service.files().update(fileId=file_id, body={"name": name}, **params)


def test_a_commenter_comments_but_cannot_edit_upload_share_trash_or_delete(alice, bob, doc):
    share(alice, doc, "commenter", emailAddress=BOB)
    made = bob.comments().create(fileId=doc, body={"content": "looks good"}, fields="id")
    assert made.execute()["id"]
    assert error_of(rename(bob, doc, "mine")) == DENIED
    media = MediaInMemoryUpload(b"overwritten", mimetype="text/plain")
    assert error_of(bob.files().update(fileId=doc, media_body=media)) == DENIED
    assert alice.files().get_media(fileId=doc).execute() == b"secret plans"
    grant = {"type": "user", "role": "reader", "emailAddress": CAROL}
    assert error_of(bob.permissions().create(fileId=doc, body=grant)) == DENIED
    assert error_of(bob.files().update(fileId=doc, body={"trashed": True})) == DENIED
    assert error_of(bob.files().delete(fileId=doc)) == DENIED
    rename(alice, doc, "plans v2.txt").execute()
    assert alice.files().get(fileId=doc, fields="name,trashed").execute() == {
        "name": "plans v2.txt",
        "trashed": False,
    }


def test_a_writer_can_neither_take_nor_strip_ownership(alice, bob, carol, doc):
    mine = share(alice, doc, "writer", emailAddress=BOB)
    owner = {"type": "user", "role": "owner", "emailAddress": BOB}
    assert error_of(bob.permissions().create(fileId=doc, body=owner, transferOwnership=True)) == (
        DENIED
    )
    promote = bob.permissions().update(
        fileId=doc, permissionId=mine["id"], body={"role": "owner"}, transferOwnership=True
    )
    assert error_of(promote) == DENIED
    owners = alice.permissions().list(fileId=doc).execute()["permissions"]
    alices = next(p["id"] for p in owners if p["role"] == "owner")
    demote = bob.permissions().update(fileId=doc, permissionId=alices, body={"role": "reader"})
    assert error_of(demote)[0] == 403
    assert error_of(bob.permissions().delete(fileId=doc, permissionId=alices))[0] == 403
    assert alice.files().get(fileId=doc, fields="ownedByMe").execute() == {"ownedByMe": True}
    carols = {**owner, "emailAddress": CAROL}
    alice.permissions().create(fileId=doc, body=carols, transferOwnership=True).execute()
    assert carol.files().get(fileId=doc, fields="ownedByMe").execute() == {"ownedByMe": True}


def test_in_my_drive_only_the_owner_trashes_or_deletes(alice, bob, doc):
    share(alice, doc, "writer", emailAddress=BOB)
    rename(bob, doc, "edited").execute()
    assert error_of(bob.files().update(fileId=doc, body={"trashed": True})) == DENIED
    assert error_of(bob.files().delete(fileId=doc)) == DENIED
    alice.files().update(fileId=doc, body={"trashed": True}).execute()
    assert alice.files().get(fileId=doc, fields="trashed").execute() == {"trashed": True}
    alice.files().delete(fileId=doc).execute()
    assert error_of(alice.files().get(fileId=doc)) == (404, "notFound")


def test_when_writers_cannot_share_they_cannot_change_or_remove_grants(alice, bob, carol, doc):
    share(alice, doc, "writer", emailAddress=BOB)
    carols = share(bob, doc, "reader", emailAddress=CAROL)
    alice.files().update(fileId=doc, body={"writersCanShare": False}).execute()
    raise_carol = bob.permissions().update(
        fileId=doc, permissionId=carols["id"], body={"role": "writer"}
    )
    assert error_of(raise_carol) == DENIED
    assert error_of(bob.permissions().delete(fileId=doc, permissionId=carols["id"])) == DENIED
    assert error_of(bob.files().update(fileId=doc, body={"writersCanShare": True})) == DENIED
    assert carol.files().get(fileId=doc, fields="capabilities/canEdit").execute() == {
        "capabilities": {"canEdit": False}
    }
    alice.permissions().update(
        fileId=doc, permissionId=carols["id"], body={"role": "writer"}
    ).execute()
    assert carol.files().get(fileId=doc, fields="capabilities/canEdit").execute() == {
        "capabilities": {"canEdit": True}
    }


def test_only_who_may_download_may_export(alice, bob, carol):
    sheet = alice.files().create(body={"name": "Pay", "mimeType": SPREADSHEET}).execute()["id"]
    share(alice, sheet, "reader", emailAddress=BOB)
    share(alice, sheet, "writer", emailAddress=CAROL)
    assert bob.files().export(fileId=sheet, mimeType="text/csv").execute() == b""
    lock = {"copyRequiresWriterPermission": True}
    assert error_of(bob.files().update(fileId=sheet, body=lock)) == DENIED
    assert error_of(carol.files().update(fileId=sheet, body=lock)) == DENIED
    alice.files().update(fileId=sheet, body=lock).execute()
    assert error_of(bob.files().export(fileId=sheet, mimeType="text/csv")) == (
        403,
        "cannotExportFile",
    )
    assert carol.files().export(fileId=sheet, mimeType="text/csv").execute() == b""


def move(service, file_id: str, into: str, out_of: str):
    return service.files().update(fileId=file_id, body={}, addParents=into, removeParents=out_of)


def test_folders_take_only_what_their_writers_put_in(alice, bob, doc):
    folder = alice.files().create(body={"name": "Team", "mimeType": FOLDER}).execute()["id"]
    share(alice, folder, "reader", emailAddress=BOB)
    into = {"name": "bob's", "parents": [folder]}
    assert error_of(bob.files().create(body=into)) == DENIED
    assert error_of(bob.files().copy(fileId=doc, body=into))[0] == 404
    own = bob.files().create(body={"name": "loose"}).execute()["id"]
    bobs_root = bob.files().get(fileId="root", fields="id").execute()["id"]
    assert error_of(move(bob, own, folder, bobs_root)) == DENIED
    share(alice, doc, "reader", emailAddress=BOB)
    assert error_of(bob.files().copy(fileId=doc, body=into)) == DENIED
    share(alice, folder, "writer", emailAddress=BOB)
    move(bob, own, folder, bobs_root).execute()
    bob.files().copy(fileId=doc, body=into).execute()
    listed = alice.files().list(q=f"'{folder}' in parents", fields="files(name)").execute()
    assert sorted(f["name"] for f in listed["files"]) == ["bob's", "loose"]


def test_only_writers_move_a_file(alice, bob, doc):
    alices_root = alice.files().get(fileId="root", fields="id").execute()["id"]
    bobs = bob.files().create(body={"name": "Bob's", "mimeType": FOLDER}).execute()["id"]
    share(alice, doc, "reader", emailAddress=BOB)
    assert error_of(move(bob, doc, bobs, alices_root)) == DENIED
    assert error_of(bob.files().update(fileId=doc, body={}, removeParents=alices_root)) == DENIED
    got = alice.files().get(fileId=doc, fields="parents").execute()
    assert got == {"parents": [alices_root]}
    share(alice, doc, "writer", emailAddress=BOB)
    move(bob, doc, bobs, alices_root).execute()
    assert bob.files().get(fileId=doc, fields="parents").execute() == {"parents": [bobs]}


def test_link_grants_give_their_role_by_id_and_nothing_more(alice, google_service_for, doc):
    carol = google_service_for("drive", "v3", user=CAROL)
    dave = google_service_for("drive", "v3", user=DAVE)
    share(alice, doc, "writer", type="domain", domain="example.com")
    rename(carol, doc, "by carol").execute()
    assert carol.files().list(q="name = 'by carol'").execute()["files"] == []
    assert error_of(rename(dave, doc, "by dave")) == (404, "notFound")
    share(alice, doc, "reader", type="anyone")
    assert dave.files().get(fileId=doc, fields="name").execute() == {"name": "by carol"}
    assert error_of(rename(dave, doc, "by dave")) == DENIED
    assert error_of(dave.files().delete(fileId=doc)) == DENIED


def test_a_service_account_sees_only_what_is_shared_with_it(alice, google_service_for, doc):
    robot = google_service_for("drive", "v3", user=None)
    assert error_of(robot.files().get(fileId=doc)) == (404, "notFound")
    assert error_of(rename(robot, doc, "robot's")) == (404, "notFound")
    assert error_of(robot.permissions().list(fileId=doc)) == (404, "notFound")
    assert error_of(robot.files().delete(fileId=doc)) == (404, "notFound")
    assert robot.files().list(q="name = 'plans.txt'").execute()["files"] == []
    share(alice, doc, "reader", emailAddress=SERVICE_ACCOUNT)
    assert robot.files().get(fileId=doc, fields="name").execute() == {"name": "plans.txt"}
    assert error_of(rename(robot, doc, "robot's")) == DENIED
    share(alice, doc, "writer", emailAddress=SERVICE_ACCOUNT)
    assert rename(robot, doc, "robot's", fields="name").execute() == {"name": "robot's"}


@pytest.fixture
def team(alice) -> str:
    made = alice.drives().create(requestId=str(uuid.uuid4()), body={"name": "Team"}).execute()
    return made["id"]


def member(service, drive_id: str, email: str, role: str):
    body = {"type": "user", "role": role, "emailAddress": email}
    return service.permissions().create(fileId=drive_id, body=body, supportsAllDrives=True)


def test_shared_drive_roles_hold_for_members(alice, bob, carol, team):
    item = (
        alice.files()
        .create(body={"name": "plan", "parents": [team]}, supportsAllDrives=True)
        .execute()["id"]
    )
    member(alice, team, BOB, "commenter").execute()
    into = {"name": "bob's", "parents": [team]}
    assert error_of(bob.files().create(body=into, supportsAllDrives=True)) == DENIED
    assert error_of(rename(bob, item, "x", supportsAllDrives=True)) == DENIED
    member(alice, team, BOB, "writer").execute()
    rename(bob, item, "plan v2", supportsAllDrives=True).execute()
    bob.files().create(body=into, supportsAllDrives=True).execute()
    assert error_of(member(bob, team, CAROL, "reader"))[0] == 403
    trash = {"trashed": True}
    assert error_of(bob.files().update(fileId=item, body=trash, supportsAllDrives=True)) == DENIED
    restrict = {"restrictions": {"driveMembersOnly": True}}
    assert error_of(bob.drives().update(driveId=team, body=restrict))[0] == 403
    assert error_of(carol.files().get(fileId=item, supportsAllDrives=True)) == (404, "notFound")
    member(alice, team, BOB, "fileOrganizer").execute()
    bob.files().update(fileId=item, body=trash, supportsAllDrives=True).execute()
    member(alice, team, BOB, "organizer").execute()
    member(bob, team, CAROL, "reader").execute()
    assert carol.files().get(fileId=item, supportsAllDrives=True, fields="name").execute() == {
        "name": "plan v2"
    }


def test_a_grant_on_one_shared_drive_item_reaches_that_item_only(alice, bob, team):
    made = [
        alice.files()
        .create(body={"name": name, "parents": [team]}, supportsAllDrives=True)
        .execute()["id"]
        for name in ("open", "closed")
    ]
    alice.permissions().create(
        fileId=made[0],
        body={"type": "user", "role": "reader", "emailAddress": BOB},
        supportsAllDrives=True,
    ).execute()
    got = bob.files().get(fileId=made[0], supportsAllDrives=True, fields="name").execute()
    assert got == {"name": "open"}
    assert error_of(bob.files().get(fileId=made[1], supportsAllDrives=True)) == (404, "notFound")
    assert error_of(bob.drives().get(driveId=team)) == (404, "notFound")


@pytest.fixture
def ledger(google_service_for) -> str:
    sheets = google_service_for("sheets", "v4", user=ALICE)
    made = sheets.spreadsheets().create(body={"properties": {"title": "Ledger"}}).execute()
    sheets.spreadsheets().values().update(
        spreadsheetId=made["spreadsheetId"],
        range="A1",
        valueInputOption="RAW",
        body={"values": [["total", 10]]},
    ).execute()
    return made["spreadsheetId"]


def test_sheets_follow_drive_roles_through_gspread(alice, gspread_for, ledger):
    bob = gspread_for(BOB)
    with pytest.raises(PermissionError):
        bob.open_by_key(ledger)
    share(alice, ledger, "reader", emailAddress=BOB)
    seen = bob.open_by_key(ledger)
    assert seen.sheet1.get_all_values() == [["total", "10"]]
    for attempt in (
        lambda: seen.sheet1.update([["stolen"]], "A1"),
        lambda: seen.add_worksheet("Mine", rows=2, cols=2),
        lambda: seen.update_title("Mine"),
        lambda: seen.share(CAROL, perm_type="user", role="writer", notify=False),
    ):
        with pytest.raises(gspread.exceptions.APIError) as denied:
            attempt()
        assert denied.value.response.status_code == 403
    share(alice, ledger, "writer", emailAddress=BOB)
    seen.sheet1.update([["edited"]], "A1")
    seen.share(CAROL, perm_type="user", role="reader", notify=False)
    assert gspread_for(CAROL).open_by_key(ledger).sheet1.acell("A1").value == "edited"


def test_a_service_account_opens_a_spreadsheet_only_once_shared(alice, google_service_for, ledger):
    robot = google_service_for("sheets", "v4", user=None)
    with pytest.raises(HttpError) as denied:
        robot.spreadsheets().get(spreadsheetId=ledger).execute()
    assert (denied.value.status_code, denied.value.reason) == (
        403,
        "The caller does not have permission",
    )
    share(alice, ledger, "reader", emailAddress=SERVICE_ACCOUNT)
    got = robot.spreadsheets().values().get(spreadsheetId=ledger, range="A1:B1").execute()
    assert got["values"] == [["total", "10"]]


def test_documents_follow_drive_roles(alice, google_service_for):
    docs = google_service_for("docs", "v1", user=ALICE)
    made = docs.documents().create(body={"title": "Memo"}).execute()["documentId"]
    insert = {"requests": [{"insertText": {"location": {"index": 1}, "text": "hi"}}]}
    bob = google_service_for("docs", "v1", user=BOB)
    with pytest.raises(HttpError) as hidden:
        bob.documents().get(documentId=made).execute()
    assert hidden.value.status_code == 403
    for role in ("reader", "commenter"):
        share(alice, made, role, emailAddress=BOB)
        assert bob.documents().get(documentId=made).execute()["title"] == "Memo"
        with pytest.raises(HttpError) as denied:
            bob.documents().batchUpdate(documentId=made, body=insert).execute()
        assert denied.value.status_code == 403
    share(alice, made, "writer", emailAddress=BOB)
    bob.documents().batchUpdate(documentId=made, body=insert).execute()
