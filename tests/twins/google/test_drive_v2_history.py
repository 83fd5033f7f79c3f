"""Drive v2 ``revisions`` and ``changes`` through googleapiclient's v2 service: v3's history in
v2's shapes, and nothing of it for who may not read it."""

from __future__ import annotations

from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import BOB, assert_shaped, error_body, share


def test_revisions_list_get_pin_download_and_delete(alice2, doc):
    media = MediaInMemoryUpload(b"second draft", mimetype="text/plain")
    alice2.files().update(fileId=doc, body={}, media_body=media).execute()
    listed = alice2.revisions().list(fileId=doc).execute()
    assert_shaped(listed, "RevisionList")
    assert listed["kind"] == "drive#revisionList" and len(listed["items"]) == 2
    first, head = listed["items"]
    assert_shaped(first, "Revision")
    assert first["fileSize"] == str(len(b"secret plans"))
    assert alice2.revisions().get(fileId=doc, revisionId=first["id"]).execute()["id"] == first["id"]
    pinned = (
        alice2.revisions().patch(fileId=doc, revisionId=first["id"], body={"pinned": True})
    ).execute()
    assert pinned["pinned"] is True
    refused = error_body(alice2.revisions().delete(fileId=doc, revisionId=head["id"]))
    assert refused["code"] == 400
    alice2.revisions().delete(fileId=doc, revisionId=first["id"]).execute()
    assert [r["id"] for r in alice2.revisions().list(fileId=doc).execute()["items"]] == [head["id"]]


def test_revisions_need_a_writer(alice, bob2, doc):
    assert error_body(bob2.revisions().list(fileId=doc))["code"] == 404
    share(alice, doc, "reader", emailAddress=BOB)
    assert error_body(bob2.revisions().list(fileId=doc))["code"] == 403


def test_changes_in_v2_words(alice2, bob2):
    start = alice2.changes().getStartPageToken().execute()["startPageToken"]
    made = alice2.files().insert(body={"title": "new.txt"}).execute()
    listed = alice2.changes().list(startChangeId=start).execute()
    assert_shaped(listed, "ChangeList")
    assert listed["kind"] == "drive#changeList"
    change = listed["items"][-1]
    assert (change["fileId"], change["deleted"], change["file"]["title"]) == (
        made["id"],
        False,
        "new.txt",
    )
    assert int(change["id"]) >= int(start)
    assert bob2.changes().list(startChangeId=start).execute()["items"] == []
    alice2.files().delete(fileId=made["id"]).execute()
    after = alice2.changes().list(pageToken=listed["newStartPageToken"]).execute()
    assert [(c["fileId"], c["deleted"]) for c in after["items"]] == [(made["id"], True)]
