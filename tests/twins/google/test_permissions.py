"""Sharing between users through googleapiclient: roles, grantee types, inheritance from
folders, ownership transfer, and enforcement on every read and write."""

from __future__ import annotations

import pytest
from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import ALICE, BOB, CAROL, DAVE, FOLDER, error_of, share


def test_unshared_files_are_invisible_to_others(bob, doc):
    assert error_of(bob.files().get(fileId=doc)) == (404, "notFound")
    assert error_of(bob.files().update(fileId=doc, body={"name": "mine"}))[0] == 404
    assert error_of(bob.files().delete(fileId=doc))[0] == 404


def test_a_reader_reads_but_cannot_write_share_or_delete(alice, bob, doc):
    granted = share(alice, doc, "reader", emailAddress=BOB)
    assert granted["role"] == "reader" and granted["emailAddress"] == BOB
    assert bob.files().get_media(fileId=doc).execute() == b"secret plans"
    caps = bob.files().get(fileId=doc, fields="capabilities(canEdit,canShare)").execute()
    assert caps["capabilities"] == {"canEdit": False, "canShare": False}
    assert error_of(bob.files().update(fileId=doc, body={"name": "x"})) == (
        403,
        "insufficientFilePermissions",
    )
    media = MediaInMemoryUpload(b"overwritten", mimetype="text/plain")
    assert error_of(bob.files().update(fileId=doc, media_body=media))[0] == 403
    assert (
        error_of(
            bob.permissions().create(
                fileId=doc, body={"type": "user", "role": "reader", "emailAddress": CAROL}
            )
        )[0]
        == 403
    )
    assert error_of(bob.files().delete(fileId=doc))[0] == 403


def test_a_writer_edits_and_shares_unless_writers_cannot_share(alice, bob, carol, doc):
    share(alice, doc, "writer", emailAddress=BOB)
    bob.files().update(fileId=doc, body={"name": "plans v2.txt"}).execute()
    assert alice.files().get(fileId=doc, fields="name").execute()["name"] == "plans v2.txt"
    share(bob, doc, "reader", emailAddress=CAROL)
    assert carol.files().get(fileId=doc, fields="id").execute() == {"id": doc}
    assert error_of(bob.files().update(fileId=doc, body={"writersCanShare": False}))[0] == 403
    alice.files().update(fileId=doc, body={"writersCanShare": False}).execute()
    assert (
        error_of(bob.permissions().create(fileId=doc, body={"type": "anyone", "role": "reader"}))[0]
        == 403
    )


def test_commenters_comment_but_do_not_edit(alice, bob, doc):
    share(alice, doc, "commenter", emailAddress=BOB)
    caps = bob.files().get(fileId=doc, fields="capabilities(canComment,canEdit)").execute()
    assert caps["capabilities"] == {"canComment": True, "canEdit": False}


def test_group_grants_reach_members_only(alice, bob, carol, doc):
    share(alice, doc, "reader", type="group", emailAddress="engineering@example.com")
    assert bob.files().get(fileId=doc, fields="id").execute() == {"id": doc}
    assert error_of(carol.files().get(fileId=doc))[0] == 404


def test_domain_grants_reach_the_domain_not_outsiders(alice, google_service_for, doc):
    share(alice, doc, "reader", type="domain", domain="example.com", allowFileDiscovery=True)
    carol = google_service_for("drive", "v3", user=CAROL)
    dave = google_service_for("drive", "v3", user=DAVE)
    assert carol.files().get(fileId=doc, fields="id").execute() == {"id": doc}
    assert [f["id"] for f in carol.files().list(q="name contains 'plans'").execute()["files"]] == [
        doc
    ]
    assert error_of(dave.files().get(fileId=doc))[0] == 404


def test_anyone_with_the_link_opens_but_does_not_find(alice, google_service_for, doc):
    granted = share(alice, doc, "reader", type="anyone")
    assert granted["id"] == "anyoneWithLink"
    dave = google_service_for("drive", "v3", user=DAVE)
    assert dave.files().get(fileId=doc, fields="id").execute() == {"id": doc}
    assert dave.files().list(q="name contains 'plans'").execute()["files"] == []


def test_folder_permissions_are_inherited_and_shown_as_such(alice, bob):
    folder = alice.files().create(body={"name": "Team", "mimeType": FOLDER}).execute()["id"]
    inner = alice.files().create(body={"name": "inner", "parents": [folder]}).execute()["id"]
    share(alice, folder, "writer", emailAddress=BOB)
    bob.files().update(fileId=inner, body={"description": "edited by bob"}).execute()
    listed = (
        alice.permissions()
        .list(fileId=inner, fields="permissions(emailAddress,role,permissionDetails)")
        .execute()["permissions"]
    )
    bobs = next(p for p in listed if p["emailAddress"] == BOB)
    assert bobs["role"] == "writer"
    assert bobs["permissionDetails"] == [
        {"permissionType": "file", "role": "writer", "inherited": True, "inheritedFrom": folder}
    ]
    bob_id = alice.permissions().list(fileId=folder).execute()["permissions"]
    inherited_id = next(p["id"] for p in bob_id if p["role"] == "writer")
    assert error_of(alice.permissions().delete(fileId=inner, permissionId=inherited_id)) == (
        403,
        "cannotModifyInheritedPermission",
    )
    bob.files().create(body={"name": "bob's", "parents": [folder]}).execute()
    assert sorted(
        f["name"] for f in alice.files().list(q=f"'{folder}' in parents").execute()["files"]
    ) == ["bob's", "inner"]


def test_update_and_delete_permissions(alice, bob, doc):
    granted = share(alice, doc, "reader", emailAddress=BOB)
    changed = (
        alice.permissions()
        .update(fileId=doc, permissionId=granted["id"], body={"role": "writer"}, fields="role")
        .execute()
    )
    assert changed == {"role": "writer"}
    got = alice.permissions().get(fileId=doc, permissionId=granted["id"], fields="role").execute()
    assert got == {"role": "writer"}
    alice.permissions().delete(fileId=doc, permissionId=granted["id"]).execute()
    assert error_of(bob.files().get(fileId=doc))[0] == 404
    assert error_of(alice.permissions().get(fileId=doc, permissionId=granted["id"])) == (
        404,
        "notFound",
    )


def test_a_grantee_may_remove_themselves(alice, bob, doc):
    granted = share(alice, doc, "reader", emailAddress=BOB)
    bob.permissions().delete(fileId=doc, permissionId=granted["id"]).execute()
    assert error_of(bob.files().get(fileId=doc))[0] == 404


def test_the_owner_cannot_be_removed(alice, doc):
    owner = alice.permissions().list(fileId=doc).execute()["permissions"][0]
    assert owner["role"] == "owner"
    assert error_of(alice.permissions().delete(fileId=doc, permissionId=owner["id"])) == (
        403,
        "cannotRemoveOwner",
    )


def test_ownership_transfer(alice, bob, doc):
    assert error_of(
        alice.permissions().create(
            fileId=doc, body={"type": "user", "role": "owner", "emailAddress": BOB}
        )
    ) == (403, "forbidden")
    alice.permissions().create(
        fileId=doc,
        transferOwnership=True,
        body={"type": "user", "role": "owner", "emailAddress": BOB},
    ).execute()
    got = bob.files().get(fileId=doc, fields="owners(emailAddress),ownedByMe").execute()
    assert got == {"owners": [{"emailAddress": BOB}], "ownedByMe": True}
    roles = {
        p["emailAddress"]: p["role"]
        for p in bob.permissions()
        .list(fileId=doc, fields="permissions(emailAddress,role)")
        .execute()["permissions"]
    }
    assert roles == {ALICE: "writer", BOB: "owner"}
    assert error_of(alice.files().delete(fileId=doc))[0] == 403
    bob.files().delete(fileId=doc).execute()


def test_ownership_cannot_leave_the_organisation(alice, doc):
    status, _ = error_of(
        alice.permissions().create(
            fileId=doc,
            transferOwnership=True,
            body={"type": "user", "role": "owner", "emailAddress": DAVE},
        )
    )
    assert status == 403


def test_expired_permissions_grant_nothing(alice, bob, doc, universe):
    alice.permissions().create(
        fileId=doc,
        body={
            "type": "user",
            "role": "reader",
            "emailAddress": BOB,
            "expirationTime": "2100-01-01T00:00:00Z",
        },
    ).execute()
    assert bob.files().get(fileId=doc, fields="id").execute() == {"id": doc}
    universe.call(universe.universe.clock.advance, 100 * 365 * 86400)
    assert error_of(bob.files().get(fileId=doc))[0] == 404


def test_copy_requires_writer_blocks_readers_download(alice, bob, doc):
    alice.files().update(fileId=doc, body={"copyRequiresWriterPermission": True}).execute()
    share(alice, doc, "reader", emailAddress=BOB)
    assert error_of(bob.files().get_media(fileId=doc)) == (403, "cannotDownloadFile")
    assert error_of(bob.files().copy(fileId=doc, body={})) == (403, "cannotCopyFile")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"role": "reader"}, 400),
        ({"type": "user"}, 400),
        ({"type": "user", "role": "reader"}, 400),
        ({"type": "robot", "role": "reader", "emailAddress": BOB}, 400),
        ({"type": "user", "role": "boss", "emailAddress": BOB}, 400),
        ({"type": "user", "role": "organizer", "emailAddress": BOB}, 400),
        ({"type": "anyone", "role": "owner"}, 400),
    ],
)
def test_invalid_permissions_are_refused(alice, doc, body, status):
    assert error_of(alice.permissions().create(fileId=doc, body=body))[0] == status


def test_deleting_a_shared_folder_keeps_what_others_put_in_it(alice, bob):
    folder = alice.files().create(body={"name": "Shared", "mimeType": FOLDER}).execute()["id"]
    share(alice, folder, "writer", emailAddress=BOB)
    mine = alice.files().create(body={"name": "hers", "parents": [folder]}).execute()["id"]
    bobs = bob.files().create(body={"name": "his", "parents": [folder]}).execute()["id"]
    alice.files().delete(fileId=folder).execute()
    assert error_of(alice.files().get(fileId=mine))[0] == 404
    assert bob.files().get(fileId=bobs, fields="name,parents").execute() == {"name": "his"}


def test_fields_drive_does_not_know_are_ignored_but_known_ones_are_typed(alice, bob, doc):
    made = share(alice, doc, "reader", emailAddress=BOB, withLink=True, frobnicate={"a": 1})
    assert made == {"id": made["id"], "type": "user", "role": "reader", "emailAddress": BOB}
    stored = alice.permissions().get(fileId=doc, permissionId=made["id"], fields="*").execute()
    assert "withLink" not in stored and "frobnicate" not in stored
    assert bob.files().get(fileId=doc).execute()["id"] == doc
    wrong = {"type": "user", "role": "reader", "emailAddress": BOB, "allowFileDiscovery": "yes"}
    assert error_of(alice.permissions().create(fileId=doc, body=wrong)) == (400, "invalid")
    renamed = alice.files().update(fileId=doc, body={"name": "new.txt", "title": "old"}).execute()
    assert renamed["name"] == "new.txt" and "title" not in renamed
    assert error_of(alice.files().update(fileId=doc, body={"starred": "yes"})) == (400, "invalid")
