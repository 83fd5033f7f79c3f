"""Drive files through googleapiclient: create, get, update, copy, delete, trash, folders,
generateIds, and the parent rules."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import FOLDER, error_of


def make_folder(service, name: str, parent: str | None = None) -> str:
    body = {"name": name, "mimeType": FOLDER}
    if parent:
        body["parents"] = [parent]
    return service.files().create(body=body, fields="id").execute()["id"]


def test_metadata_create_and_get_with_default_and_chosen_fields(alice):
    made = alice.files().create(body={"name": "notes.txt", "mimeType": "text/plain"}).execute()
    assert set(made) == {"kind", "id", "name", "mimeType"}
    assert made["kind"] == "drive#file" and len(made["id"]) == 44
    got = (
        alice.files()
        .get(
            fileId=made["id"], fields="id,name,owners(emailAddress),ownedByMe,parents,size,version"
        )
        .execute()
    )
    root = alice.files().get(fileId="root", fields="id,name").execute()
    assert got["owners"] == [{"emailAddress": "alice@example.com"}]
    assert got["ownedByMe"] is True and got["parents"] == [root["id"]]
    assert root["name"] == "My Drive" and got["size"] == "0"


def test_unknown_file_is_a_404_on_file_id(alice):
    status, reason = error_of(alice.files().get(fileId="1nope"))
    assert (status, reason) == (404, "notFound")


def test_rename_star_and_properties(alice):
    file_id = alice.files().create(body={"name": "a", "properties": {"k": "v"}}).execute()["id"]
    updated = (
        alice.files()
        .update(
            fileId=file_id,
            body={"name": "b", "starred": True, "properties": {"k": None, "x": "1"}},
            fields="name,starred,properties,version",
        )
        .execute()
    )
    assert updated == {"name": "b", "starred": True, "properties": {"x": "1"}, "version": "2"}


def test_fields_not_writable_are_refused(alice):
    file_id = alice.files().create(body={"name": "a"}).execute()["id"]
    assert error_of(alice.files().update(fileId=file_id, body={"size": "3"})) == (
        403,
        "fieldNotWritable",
    )


def test_move_between_folders_and_single_parent_rule(alice):
    first, second = make_folder(alice, "first"), make_folder(alice, "second")
    file_id = alice.files().create(body={"name": "f", "parents": [first]}).execute()["id"]
    moved = (
        alice.files()
        .update(fileId=file_id, addParents=second, removeParents=first, fields="parents")
        .execute()
    )
    assert moved["parents"] == [second]
    assert error_of(alice.files().update(fileId=file_id, addParents=first)) == (
        403,
        "cannotAddParent",
    )
    assert (
        error_of(alice.files().create(body={"name": "two", "parents": [first, second]}))[1]
        == "cannotAddParent"
    )


def test_a_folder_cannot_move_into_its_own_subfolder(alice):
    outer = make_folder(alice, "outer")
    inner = make_folder(alice, "inner", outer)
    status, _ = error_of(alice.files().update(fileId=outer, addParents=inner))
    assert status == 400


def test_parent_must_be_a_folder(alice):
    plain = alice.files().create(body={"name": "plain"}).execute()["id"]
    status, _ = error_of(alice.files().create(body={"name": "x", "parents": [plain]}))
    assert status == 400


def test_trashing_a_folder_trashes_its_contents_and_untrash_restores(alice):
    folder = make_folder(alice, "box")
    inside = alice.files().create(body={"name": "in", "parents": [folder]}).execute()["id"]
    alice.files().update(fileId=folder, body={"trashed": True}).execute()
    got = alice.files().get(fileId=inside, fields="trashed,explicitlyTrashed").execute()
    assert got == {"trashed": True, "explicitlyTrashed": False}
    alice.files().update(fileId=folder, body={"trashed": False}).execute()
    assert alice.files().get(fileId=inside, fields="trashed").execute() == {"trashed": False}


def test_delete_removes_a_folder_and_what_only_it_held(alice):
    folder = make_folder(alice, "gone")
    inside = alice.files().create(body={"name": "in", "parents": [folder]}).execute()["id"]
    assert alice.files().delete(fileId=folder).execute() == ""
    assert error_of(alice.files().get(fileId=inside))[0] == 404


def test_empty_trash_deletes_only_trashed_files(alice):
    keep = alice.files().create(body={"name": "keep"}).execute()["id"]
    binned = alice.files().create(body={"name": "bin"}).execute()["id"]
    alice.files().update(fileId=binned, body={"trashed": True}).execute()
    alice.files().emptyTrash().execute()
    assert alice.files().get(fileId=keep, fields="id").execute() == {"id": keep}
    assert error_of(alice.files().get(fileId=binned))[0] == 404


def test_copy_names_it_copy_of_and_copies_content(alice):
    from googleapiclient.http import MediaInMemoryUpload

    media = MediaInMemoryUpload(b"hello", mimetype="text/plain")
    source = alice.files().create(body={"name": "greeting.txt"}, media_body=media).execute()
    copied = alice.files().copy(fileId=source["id"], fields="id,name,md5Checksum").execute()
    assert copied["name"] == "Copy of greeting.txt" and copied["id"] != source["id"]
    assert alice.files().get_media(fileId=copied["id"]).execute() == b"hello"


def test_folders_cannot_be_copied(alice):
    folder = make_folder(alice, "f")
    assert error_of(alice.files().copy(fileId=folder, body={})) == (403, "cannotCopyFile")


def test_generated_ids_are_the_only_ids_a_create_may_choose(alice, bob):
    ids = alice.files().generateIds(count=3).execute()
    assert ids["kind"] == "drive#generatedIds" and len(set(ids["ids"])) == 3
    made = alice.files().create(body={"id": ids["ids"][0], "name": "chosen"}).execute()
    assert made["id"] == ids["ids"][0]
    assert error_of(alice.files().create(body={"id": ids["ids"][0], "name": "again"}))[0] == 409
    assert error_of(bob.files().create(body={"id": ids["ids"][1], "name": "stolen"})) == (
        400,
        "fileIdNotUsable",
    )


@pytest.mark.parametrize("count", [0, 1001])
def test_generate_ids_count_bounds(alice, count):
    assert error_of(alice.files().generateIds(count=count)) == (400, "invalid")


def test_seeded_files_option_populates_every_drive():
    from darkfactory.twins.google import client
    from darkfactory.twins.kit.server import UniverseServer
    from darkfactory.twins.kit.universe import Universe

    universe = Universe(seed=3, twins=["google"], fixtures={"google": {"files": 4}})
    with UniverseServer(universe) as server:
        creds = universe.credentials()["google"]
        bob = client.build_service(
            "drive", "v3", client.user(creds, "bob@example.com"), creds["root_url"]
        )
        own = bob.files().list(q="'me' in owners and mimeType = 'text/plain'").execute()
        shared = bob.files().list(q="sharedWithMe").execute()["files"]
        assert len(own["files"]) == 4 and server.url
        others = len(universe.twins["google"].state.accounts("user")) - 1
        assert len(shared) == 2 * others  # two of each other user's four files, via the group
