"""Drive v2 ``files`` through googleapiclient's v2 service: the same files as v3, in v2's shapes
(checked against the v2 discovery schema), with v3's permission rules and v2's errors."""

from __future__ import annotations

from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import (
    ALICE,
    BOB,
    FOLDER,
    assert_shaped,
    error_body,
    error_of,
    share,
)


def test_a_file_inserted_through_v2_is_the_same_file_in_v3(alice2, alice):
    folder = alice2.files().insert(body={"title": "Plans", "mimeType": FOLDER}).execute()
    media = MediaInMemoryUpload(b"ship it", mimetype="text/plain")
    made = (
        alice2.files()
        .insert(
            body={
                "title": "notes.txt",
                "parents": [{"id": folder["id"]}],
                "labels": {"starred": True},
                "properties": [{"key": "team", "value": "twins", "visibility": "PUBLIC"}],
            },
            media_body=media,
        )
        .execute()
    )
    assert_shaped(made, "File")
    assert made["kind"] == "drive#file"
    assert made["title"] == "notes.txt"
    assert made["mimeType"] == "text/plain"
    assert made["labels"]["starred"] is True
    assert made["fileSize"] == "7"
    assert made["parents"][0]["id"] == folder["id"]
    assert made["parents"][0]["kind"] == "drive#parentReference"
    assert made["selfLink"].endswith(f"drive/v2/files/{made['id']}")
    assert made["properties"][0]["key"] == "team"
    seen = (
        alice.files()
        .get(fileId=made["id"], fields="name,parents,starred,properties,size")
        .execute()
    )
    assert seen == {
        "name": "notes.txt",
        "parents": [folder["id"]],
        "starred": True,
        "properties": {"team": "twins"},
        "size": "7",
    }
    assert alice2.files().get_media(fileId=made["id"]).execute() == b"ship it"


def test_v2_reads_what_v3_made_and_masks_fields(alice2, alice, doc):
    got = alice2.files().get(fileId=doc).execute()
    assert_shaped(got, "File")
    assert got["title"] == "plans.txt"
    assert got["owners"][0]["emailAddress"] == ALICE
    assert got["userPermission"]["role"] == "owner"
    assert got["editable"] is True
    assert alice2.files().get(fileId=doc, fields="title,labels/trashed").execute() == {
        "title": "plans.txt",
        "labels": {"trashed": False},
    }
    assert error_body(alice2.files().get(fileId=doc, fields="name"))["code"] == 400


def test_list_uses_v2_query_words_and_pages_by_max_results(alice2):
    for name in ("alpha report", "beta report", "gamma notes"):
        alice2.files().insert(body={"title": name}).execute()
    first = (
        alice2.files().list(q="title contains 'report'", maxResults=1, orderBy="title").execute()
    )
    assert_shaped(first, "FileList")
    assert first["kind"] == "drive#fileList"
    assert [f["title"] for f in first["items"]] == ["alpha report"]
    second = (
        alice2.files()
        .list(
            q="title contains 'report'",
            maxResults=1,
            orderBy="title",
            pageToken=first["nextPageToken"],
        )
        .execute()
    )
    assert [f["title"] for f in second["items"]] == ["beta report"]
    assert "nextPageToken" not in second


def test_someone_who_cannot_see_a_file_gets_v2s_not_found(alice2, bob2, alice, doc):
    error = error_body(bob2.files().get(fileId=doc))
    assert error["code"] == 404
    assert error["message"] == f"File not found: {doc}"
    assert error["errors"] == [
        {
            "domain": "global",
            "reason": "notFound",
            "message": f"File not found: {doc}",
            "location": "file",
            "locationType": "parameter",
        }
    ]
    assert error_body(bob2.files().patch(fileId=doc, body={"title": "mine"}))["code"] == 404
    share(alice, doc, "reader", emailAddress=BOB)
    assert bob2.files().get(fileId=doc).execute()["title"] == "plans.txt"
    refused = error_body(bob2.files().patch(fileId=doc, body={"title": "mine"}))
    assert (refused["code"], refused["errors"][0]["reason"]) == (
        403,
        "insufficientFilePermissions",
    )
    assert error_body(bob2.files().delete(fileId=doc))["code"] == 403
    assert error_body(bob2.files().trash(fileId=doc))["code"] == 403


def test_patch_update_trash_untrash_and_touch(alice2, alice, doc):
    patched = alice2.files().patch(fileId=doc, body={"title": "renamed.txt"}).execute()
    assert patched["title"] == "renamed.txt"
    updated = alice2.files().update(fileId=doc, body={"description": "the plan"}).execute()
    assert updated["description"] == "the plan"
    trashed = alice2.files().trash(fileId=doc).execute()
    assert trashed["labels"]["trashed"] is True
    assert alice.files().get(fileId=doc, fields="trashed").execute() == {"trashed": True}
    assert alice2.files().untrash(fileId=doc).execute()["labels"]["trashed"] is False
    before = alice2.files().get(fileId=doc).execute()["version"]
    touched = alice2.files().touch(fileId=doc).execute()
    assert int(touched["version"]) > int(before)


def test_update_with_media_and_resumable_insert(alice2):
    made = alice2.files().insert(body={"title": "log.txt", "mimeType": "text/plain"}).execute()
    media = MediaInMemoryUpload(b"second", mimetype="text/plain")
    alice2.files().update(fileId=made["id"], body={}, media_body=media).execute()
    assert alice2.files().get_media(fileId=made["id"]).execute() == b"second"
    big = MediaInMemoryUpload(b"x" * (512 * 1024), mimetype="text/plain", resumable=True)
    big.chunksize = lambda: 256 * 1024
    request = alice2.files().insert(body={"title": "big.txt"}, media_body=big)
    response = None
    while response is None:
        _, response = request.next_chunk()
    assert response["fileSize"] == str(512 * 1024)


def test_copy_delete_empty_trash_and_generated_ids(alice2, bob2, doc):
    copied = alice2.files().copy(fileId=doc, body={"title": "copy.txt"}).execute()
    assert copied["title"] == "copy.txt"
    assert alice2.files().get_media(fileId=copied["id"]).execute() == b"secret plans"
    assert error_body(bob2.files().copy(fileId=doc, body={}))["code"] == 404
    alice2.files().delete(fileId=copied["id"]).execute()
    assert error_body(alice2.files().get(fileId=copied["id"]))["code"] == 404
    alice2.files().trash(fileId=doc).execute()
    alice2.files().emptyTrash().execute()
    assert error_body(alice2.files().get(fileId=doc))["code"] == 404
    ids = alice2.files().generateIds(maxResults=2).execute()
    assert ids["kind"] == "drive#generatedIds" and len(ids["ids"]) == 2
    chosen = alice2.files().insert(body={"id": ids["ids"][0], "title": "mine"}).execute()
    assert chosen["id"] == ids["ids"][0]
    assert error_of(bob2.files().insert(body={"id": ids["ids"][1], "title": "x"})) == (
        400,
        "fileIdNotUsable",
    )


def test_bad_bodies_and_parameters_get_drives_errors(alice2):
    wrong_type = error_body(alice2.files().insert(body={"title": 5}))
    assert (wrong_type["code"], wrong_type["errors"][0]["reason"]) == (400, "invalid")
    assert wrong_type["errors"][0]["location"] == "file.title"
    too_many = error_body(alice2.files().list(maxResults=5000))
    assert (too_many["code"], too_many["errors"][0]["location"]) == (400, "maxResults")
    bad_query = error_body(alice2.files().list(q="title = "))
    assert bad_query["code"] == 400
    bad_token = error_body(alice2.files().list(pageToken="nope"))
    assert (bad_token["code"], bad_token["errors"][0]["location"]) == (400, "pageToken")


def test_a_read_only_token_reads_but_cannot_write(google_service_for, doc):
    reader = google_service_for(
        "drive", "v2", user=ALICE, scopes=["https://www.googleapis.com/auth/drive.readonly"]
    )
    assert reader.files().get(fileId=doc).execute()["title"] == "plans.txt"
    refused = error_body(reader.files().insert(body={"title": "x"}))
    assert (refused["code"], refused["errors"][0]["reason"]) == (403, "insufficientPermissions")
    assert error_body(reader.files().trash(fileId=doc))["code"] == 403
