"""changes.getStartPageToken / changes.list, about.get and revisions.* through googleapiclient."""

from __future__ import annotations

from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import BOB, error_of


def changes_since(service, token: str) -> list[dict]:
    fields = "newStartPageToken,changes(fileId,removed,file(name))"
    return service.changes().list(pageToken=token, fields=fields).execute()["changes"]


def test_changes_since_a_token(alice):
    token = alice.changes().getStartPageToken().execute()["startPageToken"]
    made = alice.files().create(body={"name": "a"}).execute()["id"]
    alice.files().update(fileId=made, body={"name": "b"}).execute()
    assert changes_since(alice, token) == [
        {"fileId": made, "removed": False, "file": {"name": "b"}}
    ]
    after = alice.changes().getStartPageToken().execute()["startPageToken"]
    alice.files().delete(fileId=made).execute()
    assert changes_since(alice, after) == [{"fileId": made, "removed": True}]


def test_changes_are_per_viewer_and_unsharing_is_a_removal(alice, bob):
    token = bob.changes().getStartPageToken().execute()["startPageToken"]
    made = alice.files().create(body={"name": "private"}).execute()["id"]
    assert changes_since(bob, token) == []
    granted = (
        alice.permissions()
        .create(fileId=made, body={"type": "user", "role": "reader", "emailAddress": BOB})
        .execute()
    )
    assert changes_since(bob, token) == [
        {"fileId": made, "removed": False, "file": {"name": "private"}}
    ]
    after = bob.changes().getStartPageToken().execute()["startPageToken"]
    alice.permissions().delete(fileId=made, permissionId=granted["id"]).execute()
    assert changes_since(bob, after) == [{"fileId": made, "removed": True}]


def test_changes_page_size_and_tokens(alice):
    token = alice.changes().getStartPageToken().execute()["startPageToken"]
    for name in "abc":
        alice.files().create(body={"name": name}).execute()
    first = alice.changes().list(pageToken=token, pageSize=2).execute()
    assert len(first["changes"]) == 2 and "newStartPageToken" not in first
    second = alice.changes().list(pageToken=first["nextPageToken"], pageSize=2).execute()
    assert len(second["changes"]) == 1 and second["newStartPageToken"]
    assert error_of(alice.changes().list(pageToken="abc"))[0] == 400


def test_about_reports_the_caller_and_their_usage(alice, natives):
    alice.files().create(
        body={"name": "k"}, media_body=MediaInMemoryUpload(b"x" * 1000, mimetype="text/plain")
    ).execute()
    about = (
        alice.about()
        .get(
            fields="user(displayName,emailAddress,me),storageQuota(usage),"
            "exportFormats,canCreateDrives"
        )
        .execute()
    )
    assert about["user"] == {
        "displayName": "Alice Lovelace",
        "emailAddress": "alice@example.com",
        "me": True,
    }
    assert about["storageQuota"] == {"usage": "1000"} and about["canCreateDrives"] is True
    assert "text/csv" in about["exportFormats"]["application/vnd.google-apps.spreadsheet"]


def test_revisions_list_get_update_delete(alice, bob):
    made = (
        alice.files()
        .create(
            body={"name": "r.txt"}, media_body=MediaInMemoryUpload(b"v1", mimetype="text/plain")
        )
        .execute()["id"]
    )
    alice.files().update(
        fileId=made, media_body=MediaInMemoryUpload(b"v2!", mimetype="text/plain")
    ).execute()
    revisions = alice.revisions().list(fileId=made, fields="revisions(id,size)").execute()
    first, head = revisions["revisions"]
    assert (first["size"], head["size"]) == ("2", "3")
    kept = (
        alice.revisions()
        .update(
            fileId=made, revisionId=first["id"], body={"keepForever": True}, fields="keepForever"
        )
        .execute()
    )
    assert kept == {"keepForever": True}
    assert error_of(alice.revisions().delete(fileId=made, revisionId=head["id"]))[0] == 400
    alice.revisions().delete(fileId=made, revisionId=first["id"]).execute()
    assert error_of(alice.revisions().get(fileId=made, revisionId=first["id"])) == (404, "notFound")
    alice.permissions().create(
        fileId=made, body={"type": "user", "role": "reader", "emailAddress": BOB}
    ).execute()
    assert error_of(bob.revisions().list(fileId=made))[0] == 403
