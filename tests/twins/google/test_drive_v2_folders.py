"""Drive v2 ``children``, ``parents`` and ``about`` through googleapiclient's v2 service, on the
same folders as v3, with the deny paths beside the allowed ones."""

from __future__ import annotations

from tests.twins.google.conftest import ALICE, BOB, FOLDER, assert_shaped, error_body, share


def test_children_list_insert_get_and_delete(alice2, alice, doc):
    folder = alice2.files().insert(body={"title": "Box", "mimeType": FOLDER}).execute()
    made = (
        alice2.children().insert(folderId=folder["id"], body={"id": doc}, enforceSingleParent=True)
    ).execute()
    assert_shaped(made, "ChildReference")
    assert made["kind"] == "drive#childReference" and made["id"] == doc
    listed = alice2.children().list(folderId=folder["id"]).execute()
    assert_shaped(listed, "ChildList")
    assert [c["id"] for c in listed["items"]] == [doc]
    assert alice.files().get(fileId=doc, fields="parents").execute() == {"parents": [folder["id"]]}
    assert (
        alice2.children().list(folderId=folder["id"], q="title = 'other'").execute()["items"] == []
    )
    assert alice2.children().get(folderId=folder["id"], childId=doc).execute()["id"] == doc
    alice2.children().delete(folderId=folder["id"], childId=doc).execute()
    assert alice2.children().list(folderId=folder["id"]).execute()["items"] == []
    assert error_body(alice2.children().get(folderId=folder["id"], childId=doc))["code"] == 404


def test_a_second_parent_is_refused_without_enforce_single_parent(alice2, doc):
    folder = alice2.files().insert(body={"title": "Box", "mimeType": FOLDER}).execute()
    refused = error_body(alice2.parents().insert(fileId=doc, body={"id": folder["id"]}))
    assert (refused["code"], refused["errors"][0]["reason"]) == (403, "cannotAddParent")


def test_parents_list_get_insert_and_delete(alice2, doc):
    root = alice2.about().get().execute()["rootFolderId"]
    listed = alice2.parents().list(fileId=doc).execute()
    assert_shaped(listed, "ParentList")
    assert listed["items"][0]["id"] == root and listed["items"][0]["isRoot"] is True
    folder = alice2.files().insert(body={"title": "Box", "mimeType": FOLDER}).execute()
    alice2.parents().delete(fileId=doc, parentId=root).execute()
    added = alice2.parents().insert(fileId=doc, body={"id": folder["id"]}).execute()
    assert_shaped(added, "ParentReference")
    assert added["id"] == folder["id"] and added["isRoot"] is False
    got = alice2.parents().get(fileId=doc, parentId=folder["id"]).execute()
    assert got["parentLink"].endswith(f"drive/v2/files/{folder['id']}")
    assert error_body(alice2.parents().get(fileId=doc, parentId=root))["code"] == 404


def test_only_writers_file_into_a_folder_and_strangers_see_nothing(alice2, bob2, alice, doc):
    folder = alice2.files().insert(body={"title": "Shared", "mimeType": FOLDER}).execute()
    assert error_body(bob2.children().list(folderId=folder["id"]))["code"] == 404
    assert error_body(bob2.parents().list(fileId=doc))["code"] == 404
    share(alice, folder["id"], "reader", emailAddress=BOB)
    assert bob2.children().list(folderId=folder["id"]).execute()["items"] == []
    mine = bob2.files().insert(body={"title": "bob.txt"}).execute()
    refused = error_body(
        bob2.children().insert(
            folderId=folder["id"], body={"id": mine["id"]}, enforceSingleParent=True
        )
    )
    assert (refused["code"], refused["errors"][0]["reason"]) == (
        403,
        "insufficientFilePermissions",
    )


def test_about_in_v2_words(alice2):
    about = alice2.about().get().execute()
    assert_shaped(about, "About")
    assert about["kind"] == "drive#about"
    assert about["user"]["emailAddress"] == ALICE
    assert about["user"]["isAuthenticatedUser"] is True
    assert int(about["quotaBytesTotal"]) > 0
    assert alice2.about().get(fields="user/emailAddress").execute() == {
        "user": {"emailAddress": ALICE}
    }
