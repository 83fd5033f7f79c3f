"""comments.* and replies.* through googleapiclient: who may comment, edit, resolve, delete."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import BOB, CAROL, error_of

FIELDS = "id,content,author(displayName,me),resolved,deleted,replies(id,content,action)"


@pytest.fixture
def shared(alice) -> str:
    file_id = alice.files().create(body={"name": "spec"}).execute()["id"]
    for email, role in ((BOB, "commenter"), (CAROL, "reader")):
        alice.permissions().create(
            fileId=file_id, body={"type": "user", "role": role, "emailAddress": email}
        ).execute()
    return file_id


def test_commenters_comment_and_readers_do_not(bob, carol, shared):
    made = (
        bob.comments().create(fileId=shared, body={"content": "typo here"}, fields=FIELDS).execute()
    )
    assert made["content"] == "typo here" and made["author"] == {
        "displayName": "Bob Hopper",
        "me": True,
    }
    assert error_of(
        carol.comments().create(fileId=shared, body={"content": "me too"}, fields="id")
    ) == (403, "insufficientFilePermissions")
    seen = carol.comments().list(fileId=shared, fields="comments(content,author/me)").execute()
    assert seen == {"comments": [{"content": "typo here", "author": {"me": False}}]}


def test_fields_is_required(bob, shared):
    assert error_of(bob.comments().create(fileId=shared, body={"content": "x"}))[1] == "required"


def test_replies_resolve_and_reopen(alice, bob, shared):
    comment = bob.comments().create(fileId=shared, body={"content": "fix?"}, fields="id").execute()
    alice.replies().create(
        fileId=shared,
        commentId=comment["id"],
        body={"content": "done", "action": "resolve"},
        fields="id",
    ).execute()
    got = bob.comments().get(fileId=shared, commentId=comment["id"], fields=FIELDS).execute()
    assert got["resolved"] is True and got["replies"][0]["action"] == "resolve"
    bob.replies().create(
        fileId=shared, commentId=comment["id"], body={"action": "reopen"}, fields="id"
    ).execute()
    listed = (
        bob.replies()
        .list(fileId=shared, commentId=comment["id"], fields="replies(action)")
        .execute()
    )
    assert listed == {"replies": [{"action": "resolve"}, {"action": "reopen"}]}
    assert bob.comments().get(
        fileId=shared, commentId=comment["id"], fields="resolved"
    ).execute() == {"resolved": False}


def test_only_the_author_edits_and_editors_delete(alice, bob, shared):
    comment = bob.comments().create(fileId=shared, body={"content": "v1"}, fields="id").execute()
    assert (
        error_of(
            alice.comments().update(
                fileId=shared, commentId=comment["id"], body={"content": "hijack"}, fields="id"
            )
        )[0]
        == 403
    )
    bob.comments().update(
        fileId=shared, commentId=comment["id"], body={"content": "v2"}, fields="id"
    ).execute()
    alice.comments().delete(fileId=shared, commentId=comment["id"]).execute()
    assert bob.comments().list(fileId=shared, fields="comments(id)").execute() == {"comments": []}
    deleted = (
        bob.comments()
        .list(fileId=shared, includeDeleted=True, fields="comments(deleted,content)")
        .execute()
    )
    assert deleted == {"comments": [{"deleted": True}]}
    assert (
        error_of(bob.comments().get(fileId=shared, commentId=comment["id"], fields="id"))[0] == 404
    )


def test_comments_on_unshared_files_are_not_found(bob, alice):
    private = alice.files().create(body={"name": "private"}).execute()["id"]
    assert error_of(bob.comments().list(fileId=private, fields="comments(id)"))[0] == 404
