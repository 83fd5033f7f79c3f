"""Drive v2 ``comments`` and ``replies`` through googleapiclient's v2 service: the same
discussions as v3's in v2's shapes, commenters alone commenting, authors alone editing, authors
or editors deleting."""

from __future__ import annotations

import pytest
from tests.twins.google.conftest import BOB, CAROL, assert_shaped, error_of


@pytest.fixture
def carol2(google_service_for):
    return google_service_for("drive", "v2", user=CAROL)


@pytest.fixture
def spec(alice) -> str:
    """A file of Alice's that Bob may comment on and Carol may only read."""
    file_id = alice.files().create(body={"name": "spec"}).execute()["id"]
    for email, role in ((BOB, "commenter"), (CAROL, "reader")):
        alice.permissions().create(
            fileId=file_id, body={"type": "user", "role": role, "emailAddress": email}
        ).execute()
    return file_id


def test_a_comment_made_in_v2_is_the_same_comment_in_v3(alice, bob2, spec):
    body = {"content": "a <typo>", "context": {"type": "text/plain", "value": "teh"}}
    made = bob2.comments().insert(fileId=spec, body=body).execute()
    assert_shaped(made, "Comment")
    assert (made["kind"], made["status"], made["fileId"], made["fileTitle"]) == (
        "drive#comment",
        "open",
        spec,
        "spec",
    )
    assert made["htmlContent"] == "a &lt;typo&gt;"
    assert made["context"] == {"type": "text/plain", "value": "teh"}
    assert made["author"]["isAuthenticatedUser"] is True
    assert made["author"]["displayName"] == "Bob Hopper"
    seen = alice.comments().get(
        fileId=spec, commentId=made["commentId"], fields="content,quotedFileContent,author/me"
    )
    assert seen.execute() == {
        "content": "a <typo>",
        "quotedFileContent": {"mimeType": "text/plain", "value": "teh"},
        "author": {"me": False},
    }


def test_a_v3_comment_lists_in_v2_and_readers_may_not_comment(alice, bob2, carol2, spec):
    alice.comments().create(fileId=spec, body={"content": "from v3"}, fields="id").execute()
    listed = carol2.comments().list(fileId=spec).execute()
    assert_shaped(listed, "CommentList")
    assert [c["content"] for c in listed["items"]] == ["from v3"]
    assert listed["items"][0]["author"]["isAuthenticatedUser"] is False
    refused = carol2.comments().insert(fileId=spec, body={"content": "me too"})
    assert error_of(refused) == (403, "insufficientFilePermissions")


def test_only_the_author_edits_with_patch_or_update(alice2, bob2, spec):
    made = bob2.comments().insert(fileId=spec, body={"content": "first"}).execute()
    cid = made["commentId"]
    patched = bob2.comments().patch(fileId=spec, commentId=cid, body={"content": "second"})
    assert patched.execute()["content"] == "second"
    updated = bob2.comments().update(fileId=spec, commentId=cid, body={"content": "third"})
    assert updated.execute()["content"] == "third"
    refused = alice2.comments().patch(fileId=spec, commentId=cid, body={"content": "mine"})
    assert error_of(refused) == (403, "insufficientPermissions")
    assert bob2.comments().get(fileId=spec, commentId=cid).execute()["content"] == "third"


def test_replies_resolve_and_reopen_their_comment(alice2, bob2, alice, spec):
    cid = bob2.comments().insert(fileId=spec, body={"content": "fix"}).execute()["commentId"]
    reply = alice2.replies().insert(
        fileId=spec, commentId=cid, body={"content": "done", "verb": "resolve"}
    )
    made = reply.execute()
    assert_shaped(made, "CommentReply")
    assert (made["kind"], made["verb"], made["content"]) == (
        "drive#commentReply",
        "resolve",
        "done",
    )
    assert bob2.comments().get(fileId=spec, commentId=cid).execute()["status"] == "resolved"
    assert alice.comments().get(fileId=spec, commentId=cid, fields="resolved").execute() == {
        "resolved": True
    }
    bob2.replies().insert(fileId=spec, commentId=cid, body={"verb": "reopen"}).execute()
    assert bob2.comments().get(fileId=spec, commentId=cid).execute()["status"] == "open"
    listed = bob2.replies().list(fileId=spec, commentId=cid).execute()
    assert_shaped(listed, "CommentReplyList")
    assert [r.get("verb") for r in listed["items"]] == ["resolve", "reopen"]
    rid = made["replyId"]
    assert (
        bob2.replies().get(fileId=spec, commentId=cid, replyId=rid).execute()["content"] == "done"
    )
    bad = bob2.replies().insert(fileId=spec, commentId=cid, body={"verb": "shout"})
    assert error_of(bad) == (400, "invalid")


def test_reply_edits_and_deletes_follow_authorship(alice2, bob2, carol2, spec):
    cid = bob2.comments().insert(fileId=spec, body={"content": "q"}).execute()["commentId"]
    rid = (
        bob2.replies()
        .insert(fileId=spec, commentId=cid, body={"content": "a"})
        .execute()["replyId"]
    )
    edit = {"fileId": spec, "commentId": cid, "replyId": rid}
    assert bob2.replies().patch(**edit, body={"content": "b"}).execute()["content"] == "b"
    assert bob2.replies().update(**edit, body={"content": "c"}).execute()["content"] == "c"
    assert error_of(alice2.replies().update(**edit, body={"content": "x"}))[0] == 403
    assert error_of(carol2.replies().delete(**edit))[0] == 403
    alice2.replies().delete(**edit).execute()  # an editor may delete anyone's reply
    assert error_of(bob2.replies().get(**edit)) == (404, "notFound")
    kept = bob2.replies().get(**edit, includeDeleted=True).execute()
    assert kept["deleted"] is True and "content" not in kept


def test_deleting_a_comment_is_for_its_author_or_an_editor(alice2, bob2, carol2, spec):
    cid = bob2.comments().insert(fileId=spec, body={"content": "gone"}).execute()["commentId"]
    assert error_of(carol2.comments().delete(fileId=spec, commentId=cid))[0] == 403
    bob2.comments().delete(fileId=spec, commentId=cid).execute()
    assert error_of(alice2.comments().get(fileId=spec, commentId=cid)) == (404, "notFound")
    assert alice2.comments().list(fileId=spec).execute()["items"] == []
    shown = alice2.comments().list(fileId=spec, includeDeleted=True).execute()["items"]
    assert [(c["commentId"], c["deleted"]) for c in shown] == [(cid, True)]


def test_strangers_and_bad_filters_get_google_errors(alice2, google_service_for, spec):
    dave = google_service_for("drive", "v2", user="dave@partner.example")
    assert error_of(dave.comments().list(fileId=spec)) == (404, "notFound")
    assert error_of(alice2.comments().list(fileId=spec, updatedMin="yesterday")) == (
        400,
        "invalid",
    )
    assert error_of(alice2.comments().get(fileId=spec, commentId="nope")) == (404, "notFound")
    cid = alice2.comments().insert(fileId=spec, body={"content": "x"}).execute()["commentId"]
    assert error_of(alice2.comments().insert(fileId=spec, body={}))[0] == 400
    missing = alice2.replies().get(fileId=spec, commentId=cid, replyId="nope")
    assert error_of(missing) == (404, "notFound")
