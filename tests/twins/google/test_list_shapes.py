"""files.list answers files whose mask names only row fields from their rows' columns: each file,
key order included, as ``files.get`` gives it and as a listing that reads whole files does."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import FOLDER

from darkfactory.twins.google.drive.formats import DOCUMENT

ROW_MASKS = [
    "kind,id,name,mimeType",
    "webViewLink,id,trashed,spaces,version",
    "modifiedTime,createdTime,iconLink,hasThumbnail,thumbnailVersion,explicitlyTrashed,mimeType",
]


@pytest.fixture
def drive(alice) -> list[str]:
    """Alice's folder with a PDF in it, a Google Doc and a trashed file."""
    folder = alice.files().create(body={"name": "Reports", "mimeType": FOLDER}).execute()["id"]
    alice.files().create(
        body={"name": "Report", "parents": [folder], "mimeType": "application/pdf"}
    ).execute()
    alice.files().create(body={"name": "Plan", "mimeType": DOCUMENT}).execute()
    trashed = alice.files().create(body={"name": "old draft"}).execute()["id"]
    alice.files().update(fileId=trashed, body={"trashed": True}).execute()
    return folder


def listed(service, mask: str, **params) -> list[list[tuple]]:
    found = service.files().list(fields=f"files({mask})", **params).execute()["files"]
    return [list(file.items()) for file in found]


@pytest.mark.parametrize("mask", ROW_MASKS)
@pytest.mark.parametrize("q", ["", "name contains 'r' or trashed = true"])
def test_row_fields_are_what_get_and_whole_files_give(alice, drive, mask, q):
    params = {"q": q} if q else {}
    shaped = listed(alice, mask, **params)
    assert len(shaped) == (4 if not q else 3)  # trashed and non-trashed alike
    whole = [
        [item for item in file if item[0] != "starred"]
        for file in listed(alice, f"{mask},starred", **params)
    ]
    assert shaped == whole
    ids = [dict(file)["id"] for file in listed(alice, "id", **params)]
    for file_id, file in zip(ids, shaped, strict=True):
        assert file == list(alice.files().get(fileId=file_id, fields=mask).execute().items())


def test_the_default_answer_carries_drives_default_fields_in_order(alice, drive):
    page = alice.files().list(pageSize=2).execute()
    assert list(page) == ["kind", "nextPageToken", "incompleteSearch", "files"]
    assert [list(file) for file in page["files"]] == [["kind", "id", "name", "mimeType"]] * 2


def test_row_fields_list_only_what_the_caller_finds(alice, bob, drive):
    assert listed(bob, "id,name") == []
    alice.permissions().create(
        fileId=drive, body={"type": "user", "role": "reader", "emailAddress": "bob@example.com"}
    ).execute()
    assert sorted(dict(file)["name"] for file in listed(bob, "id,name")) == ["Report", "Reports"]
