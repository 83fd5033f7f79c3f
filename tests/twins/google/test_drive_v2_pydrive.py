"""PyDrive2, unchanged, on the twin's Drive v2: create, upload, list, metadata, sharing, trash
and download, seen the same through Drive v3, and a stranger refused."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import ALICE, BOB, FOLDER

ApiRequestError = pytest.importorskip("pydrive2.files").ApiRequestError


@pytest.fixture
def alice_drive(pydrive_for):
    return pydrive_for(ALICE)


def test_pydrive_uploads_lists_and_downloads(alice_drive, alice, tmp_path):
    folder = alice_drive.CreateFile({"title": "Reports", "mimeType": FOLDER})
    folder.Upload()
    made = alice_drive.CreateFile({"title": "q1.txt", "parents": [{"id": folder["id"]}]})
    made.SetContentString("revenue up")
    made.Upload()
    assert made["fileSize"] == "10"
    listed = alice_drive.ListFile({"q": f"'{folder['id']}' in parents and trashed=false"}).GetList()
    assert [f["title"] for f in listed] == ["q1.txt"]
    again = alice_drive.CreateFile({"id": made["id"]})
    assert again.GetContentString() == "revenue up"
    again.GetContentFile(str(tmp_path / "q1.txt"))
    assert (tmp_path / "q1.txt").read_text() == "revenue up"
    seen = alice.files().get(fileId=made["id"], fields="name,parents").execute()
    assert seen == {"name": "q1.txt", "parents": [folder["id"]]}


def test_pydrive_renames_shares_and_trashes(alice_drive, pydrive_for):
    made = alice_drive.CreateFile({"title": "draft.txt"})
    made.SetContentString("v1")
    made.Upload()
    made["title"] = "final.txt"
    made.Upload()
    made.FetchMetadata()
    assert made["title"] == "final.txt"
    bob = pydrive_for(BOB)
    with pytest.raises(ApiRequestError) as caught:
        bob.CreateFile({"id": made["id"]}).FetchMetadata()
    assert (caught.value.error["code"], caught.value.GetField("reason")) == (404, "notFound")
    permission = made.InsertPermission({"type": "user", "role": "reader", "value": BOB})
    assert permission["role"] == "reader"
    shared = bob.CreateFile({"id": made["id"]})
    assert shared.GetContentString() == "v1"
    with pytest.raises(ApiRequestError) as refused:
        shared.Trash()
    assert refused.value.error["code"] == 403
    made.Trash()
    made.FetchMetadata()
    assert made["labels"]["trashed"] is True
    made.UnTrash()
    made.Delete()
    with pytest.raises(ApiRequestError):
        alice_drive.CreateFile({"id": made["id"]}).FetchMetadata()
