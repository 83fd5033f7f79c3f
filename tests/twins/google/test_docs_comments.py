"""Comments in a document through googleapiclient: threads inserted, replied to, resolved,
edited and deleted by batchUpdate, shared with Drive's comments of the same file, and shown by
``commentsViewMode`` under Google's rules."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.docs_requests import refused, update

BOB = "bob@example.com"
CAROL = "carol@example.com"
INCLUDED = {
    "includeTabsContent": True,
    "commentsViewMode": "COMMENTS_VIEW_MODE_INCLUDED",
    "suggestionsViewMode": "SUGGESTIONS_INLINE",
}


@pytest.fixture
def drive(google_service_for):
    return google_service_for("drive", "v3")


@pytest.fixture
def document(docs) -> str:
    made = docs.documents().create(body={"title": "Proposal"}).execute()["documentId"]
    update(docs, made, {"insertText": {"location": {"index": 1}, "text": "Budget is 10k"}})
    return made


def comment(docs, document_id: str, content: str = "Too low?") -> dict:
    wanted = {"range": {"startIndex": 11, "endIndex": 14}, "content": content}
    reply = update(docs, document_id, {"insertComment": wanted})
    return reply["replies"][0]["insertComment"]["commentThread"]


def share(drive, document_id: str, user: str, role: str) -> None:
    drive.permissions().create(
        fileId=document_id,
        body={"type": "user", "role": role, "emailAddress": user},
        sendNotificationEmail=False,
    ).execute()


def test_an_inserted_comment_is_a_drive_comment_on_its_range(docs, drive, document):
    thread = comment(docs, document)
    assert thread["status"] == "OPEN" and thread["plainTextQuote"] == "10k"
    assert thread["headPost"]["content"] == "Too low?"
    assert thread["headPost"]["author"]["me"] is True
    assert thread["anchorId"].startswith("kix.")
    got = docs.documents().get(documentId=document, **INCLUDED).execute()
    assert got["commentsViewMode"] == "COMMENTS_VIEW_MODE_INCLUDED"
    assert got["comments"] == [thread]
    anchors = got["tabs"][0]["documentTab"]["commentAnchors"]
    assert anchors[thread["anchorId"]]["ranges"] == [
        {"startIndex": 11, "endIndex": 14, "tabId": "t.0"}
    ]
    listed = drive.comments().list(fileId=document, fields="*").execute()["comments"]
    assert [(c["id"], c["content"]) for c in listed] == [(thread["commentId"], "Too low?")]
    assert listed[0]["quotedFileContent"]["value"] == "10k"


def test_replies_resolve_and_reopen_the_thread(docs, drive, document):
    thread = comment(docs, document)
    reply = update(
        docs,
        document,
        {
            "addCommentReply": {
                "commentId": thread["commentId"],
                "post": {"content": "Fixed", "commentAction": "RESOLVE"},
            }
        },
    )
    post = reply["replies"][0]["addCommentReply"]["post"]
    assert (post["content"], post["commentAction"]) == ("Fixed", "RESOLVE")
    got = docs.documents().get(documentId=document, **INCLUDED).execute()
    (shown,) = got["comments"]
    assert shown["status"] == "RESOLVED" and shown["replies"] == [post]
    in_drive = drive.comments().get(fileId=document, commentId=thread["commentId"], fields="*")
    assert in_drive.execute()["resolved"] is True
    update(
        docs,
        document,
        {
            "addCommentReply": {
                "commentId": thread["commentId"],
                "post": {"commentAction": "REOPEN"},
            }
        },
    )
    (shown,) = docs.documents().get(documentId=document, **INCLUDED).execute()["comments"]
    assert shown["status"] == "OPEN"


def test_a_drive_comment_shows_in_the_document(docs, drive, document):
    made = drive.comments().create(fileId=document, body={"content": "From Drive"}, fields="id")
    comment_id = made.execute()["id"]
    (shown,) = docs.documents().get(documentId=document, **INCLUDED).execute()["comments"]
    assert shown["commentId"] == comment_id and "anchorId" not in shown
    update(
        docs,
        document,
        {"updateCommentPost": {"commentId": comment_id, "postId": comment_id, "content": "Edited"}},
    )
    again = drive.comments().get(fileId=document, commentId=comment_id, fields="content")
    assert again.execute()["content"] == "Edited"


def test_only_the_author_changes_or_deletes_a_post(docs, drive, document, google_service_for):
    thread = comment(docs, document)
    share(drive, document, BOB, "writer")
    bob = google_service_for("docs", "v1", user=BOB)
    reply = update(
        bob,
        document,
        {"addCommentReply": {"commentId": thread["commentId"], "post": {"content": "Agreed"}}},
    )
    post_id = reply["replies"][0]["addCommentReply"]["post"]["postId"]
    edit = {"commentId": thread["commentId"], "postId": post_id, "content": "Mine now"}
    assert refused(docs, document, {"updateCommentPost": edit}) == (
        "Invalid requests[0].updateCommentPost: Only the author of a post may change or delete it."
    )
    assert refused(bob, document, {"deleteComment": {"commentId": thread["commentId"]}}) == (
        "Invalid requests[0].deleteComment: Only the author of a post may change or delete it."
    )
    update(
        bob,
        document,
        {"deleteCommentReply": {"commentId": thread["commentId"], "postId": post_id}},
    )
    update(docs, document, {"deleteComment": {"commentId": thread["commentId"]}})
    assert "comments" not in docs.documents().get(documentId=document, **INCLUDED).execute()
    deleted = drive.comments().list(fileId=document, includeDeleted=True, fields="*").execute()
    assert [c["deleted"] for c in deleted["comments"]] == [True]


def test_comment_requests_refused_as_google_refuses_them(docs, document):
    empty = {"range": {"startIndex": 1, "endIndex": 3}, "content": ""}
    assert refused(docs, document, {"insertComment": empty}) == (
        "Invalid requests[0].insertComment: The comment content must not be empty."
    )
    beyond = {"range": {"startIndex": 1, "endIndex": 30}, "content": "x"}
    assert refused(docs, document, {"insertComment": beyond}) == (
        "Invalid requests[0].insertComment: Index 30 must be less than the end index of the"
        " referenced segment, 15."
    )
    long = {"range": {"startIndex": 1, "endIndex": 3}, "content": "é" * 1025}
    assert refused(docs, document, {"insertComment": long}) == (
        "Invalid requests[0].insertComment: The comment content must not exceed 2048 UTF-8 code"
        " units."
    )
    missing = {"addCommentReply": {"commentId": "AAAAnope", "post": {"content": "x"}}}
    assert refused(docs, document, missing) == (
        "Invalid requests[0].addCommentReply: Comment AAAAnope not found."
    )
    suggestion = {"addCommentReply": {"suggestionId": "suggest.x", "post": {"content": "x"}}}
    assert refused(docs, document, suggestion) == (
        "Invalid requests[0].addCommentReply: Suggestion suggest.x not found."
    )


def get_error(request) -> tuple[int, str]:
    with pytest.raises(HttpError) as caught:
        request.execute()
    return caught.value.status_code, json.loads(caught.value.content)["error"]["status"]


def test_comments_view_mode_rules(docs, drive, document, google_service_for):
    comment(docs, document)
    get = docs.documents().get
    assert get_error(get(documentId=document, commentsViewMode="COMMENTS_VIEW_MODE_INCLUDED")) == (
        400,
        "INVALID_ARGUMENT",
    )
    inline_not_set = {**INCLUDED, "suggestionsViewMode": "PREVIEW_SUGGESTIONS_ACCEPTED"}
    assert get_error(get(documentId=document, **inline_not_set)) == (400, "INVALID_ARGUMENT")
    masked = get(
        documentId=document,
        fields="comments,commentsViewMode,tabs(tabProperties)",
        commentsViewMode="COMMENTS_VIEW_MODE_DEFAULT_FOR_CURRENT_ACCESS",
    ).execute()
    assert masked["commentsViewMode"] == "COMMENTS_VIEW_MODE_INCLUDED"
    assert len(masked["comments"]) == 1
    share(drive, document, CAROL, "reader")
    carol = google_service_for("docs", "v1", user=CAROL).documents().get
    assert get_error(carol(documentId=document, **INCLUDED)) == (403, "PERMISSION_DENIED")
    seen = carol(
        documentId=document,
        includeTabsContent=True,
        commentsViewMode="COMMENTS_VIEW_MODE_DEFAULT_FOR_CURRENT_ACCESS",
    ).execute()
    assert seen["commentsViewMode"] == "COMMENTS_VIEW_MODE_OMITTED" and "comments" not in seen
    assert "commentAnchors" not in seen["tabs"][0]["documentTab"]


def test_a_commenter_may_not_comment_through_batch_update(
    docs, drive, document, google_service_for
):
    share(drive, document, BOB, "commenter")
    bob = google_service_for("docs", "v1", user=BOB)
    with pytest.raises(HttpError) as caught:
        update(
            bob,
            document,
            {"insertComment": {"range": {"startIndex": 1, "endIndex": 2}, "content": "hi"}},
        )
    assert (caught.value.status_code, caught.value.reason) == (
        403,
        "The caller does not have permission",
    )
    assert drive.comments().list(fileId=document, fields="comments(id)").execute() == {
        "comments": []
    }


def test_a_comment_anchor_moves_with_the_text(docs, document):
    thread = comment(docs, document)
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "Q3 "}})
    got = docs.documents().get(documentId=document, **INCLUDED).execute()
    (anchor,) = got["tabs"][0]["documentTab"]["commentAnchors"].values()
    assert anchor["anchorId"] == thread["anchorId"]
    assert anchor["ranges"] == [{"startIndex": 14, "endIndex": 17, "tabId": "t.0"}]
    update(docs, document, {"deleteContentRange": {"range": {"startIndex": 13, "endIndex": 17}}})
    got = docs.documents().get(documentId=document, **INCLUDED).execute()
    assert "commentAnchors" not in got["tabs"][0]["documentTab"]
    assert [t["commentId"] for t in got["comments"]] == [thread["commentId"]]
