"""Drive v2 ``changes.get`` through googleapiclient: one logged change by its number, shown only
to those who see (or saw) its file."""

from __future__ import annotations

from tests.twins.google.conftest import BOB, assert_shaped, error_of


def test_a_change_is_read_by_its_number(alice2):
    start = alice2.changes().getStartPageToken().execute()["startPageToken"]
    made = alice2.files().insert(body={"title": "new.txt"}).execute()
    number = alice2.changes().list(startChangeId=start).execute()["items"][-1]["id"]
    change = alice2.changes().get(changeId=number).execute()
    assert_shaped(change, "Change")
    assert (change["kind"], change["id"], change["fileId"], change["deleted"]) == (
        "drive#change",
        number,
        made["id"],
        False,
    )
    assert change["file"]["title"] == "new.txt"
    alice2.files().delete(fileId=made["id"]).execute()
    gone = alice2.changes().list(startChangeId=start).execute()["items"][-1]["id"]
    assert alice2.changes().get(changeId=gone).execute()["deleted"] is True


def test_a_change_to_someone_elses_file_is_not_found(alice2, bob2, alice):
    start = alice2.changes().getStartPageToken().execute()["startPageToken"]
    made = alice2.files().insert(body={"title": "private.txt"}).execute()
    number = alice2.changes().list(startChangeId=start).execute()["items"][-1]["id"]
    assert error_of(bob2.changes().get(changeId=number)) == (404, "notFound")
    alice.permissions().create(
        fileId=made["id"], body={"type": "user", "role": "reader", "emailAddress": BOB}
    ).execute()
    assert bob2.changes().get(changeId=number).execute()["fileId"] == made["id"]
    assert error_of(alice2.changes().get(changeId="999999")) == (404, "notFound")
    assert error_of(alice2.changes().get(changeId="abc")) == (404, "notFound")
