"""Sheets comment threads through googleapiclient: insertComment, addCommentReply,
updateCommentPost, deleteComment, deleteCommentReply, and ``spreadsheets.get`` with
``commentsViewMode``; a thread is the file's Drive comment."""

from __future__ import annotations

import gspread
import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.conftest import ALICE, BOB, CAROL, share

INCLUDED = "COMMENTS_VIEW_MODE_INCLUDED"


@pytest.fixture
def alice_sheets(google_service_for):
    return google_service_for("sheets", "v4", user=ALICE)


@pytest.fixture
def bob_sheets(google_service_for):
    return google_service_for("sheets", "v4", user=BOB)


@pytest.fixture
def book(alice_sheets, alice) -> str:
    """Alice's spreadsheet with a value in B2, Bob an editor of it."""
    made = alice_sheets.spreadsheets().create(body={"properties": {"title": "Review"}}).execute()
    alice_sheets.spreadsheets().values().update(
        spreadsheetId=made["spreadsheetId"],
        range="B2",
        valueInputOption="RAW",
        body={"values": [["total"]]},
    ).execute()
    share(alice, made["spreadsheetId"], "writer", emailAddress=BOB)
    return made["spreadsheetId"]


def batch(service, spreadsheet, *requests) -> dict:
    body = {"requests": list(requests)}
    return service.spreadsheets().batchUpdate(spreadsheetId=spreadsheet, body=body).execute()


def refused(service, spreadsheet, *requests) -> str:
    with pytest.raises(HttpError) as caught:
        batch(service, spreadsheet, *requests)
    assert caught.value.status_code == 400
    return caught.value.reason


def comment(service, spreadsheet, content="Check this", **extra) -> dict:
    coordinate = {"sheetId": 0, "rowIndex": 1, "columnIndex": 1}
    wanted = {"content": content, "coordinate": coordinate, **extra}
    reply = batch(service, spreadsheet, {"insertComment": wanted})
    return reply["replies"][0]["insertComment"]["commentThread"]


def with_comments(service, spreadsheet, **params) -> dict:
    return service.spreadsheets().get(spreadsheetId=spreadsheet, **params).execute()


def test_a_comment_is_a_thread_on_its_cell_and_a_drive_comment(alice_sheets, alice, book):
    thread = comment(alice_sheets, book, assigneeEmailAddress=BOB)
    head = thread["headPost"]
    assert thread["status"] == "OPEN"
    assert thread["plainTextQuote"] == "total"
    assert head["content"] == "Check this"
    assert head["assigneeEmail"] == BOB
    assert head["author"]["me"] is True
    assert head["author"]["user"].startswith("users/")
    assert head["createTime"].endswith("Z")
    got = with_comments(alice_sheets, book, commentsViewMode=INCLUDED)
    assert got["comments"] == [thread]
    assert got["sheets"][0]["commentAnchors"] == [
        {
            "anchorId": thread["anchorId"],
            "range": {
                "startRowIndex": 1,
                "endRowIndex": 2,
                "startColumnIndex": 1,
                "endColumnIndex": 2,
            },
        }
    ]
    assert "comments" not in with_comments(alice_sheets, book)  # omitted unless asked for
    assert "comments" not in with_comments(
        alice_sheets, book, commentsViewMode=INCLUDED, ranges=["A1"]
    )
    assert with_comments(alice_sheets, book, commentsViewMode=INCLUDED, ranges=["B2"])[
        "comments"
    ] == [thread]
    listed = alice.comments().list(fileId=book, fields="comments(id,content)").execute()
    assert listed["comments"] == [{"id": thread["commentId"], "content": "Check this"}]


def test_replies_resolve_and_only_authors_change_their_posts(alice_sheets, bob_sheets, book):
    thread = comment(alice_sheets, book)
    comment_id = thread["commentId"]
    reply = batch(
        bob_sheets,
        book,
        {"addCommentReply": {"commentId": comment_id, "post": {"content": "On it"}}},
    )["replies"][0]["addCommentReply"]["post"]
    assert reply["content"] == "On it"
    resolved = {"commentId": comment_id, "post": {"commentAction": "RESOLVE"}}
    action = batch(bob_sheets, book, {"addCommentReply": resolved})["replies"][0]
    action_id = action["addCommentReply"]["post"]["postId"]
    (got,) = with_comments(alice_sheets, book, commentsViewMode=INCLUDED)["comments"]
    assert got["status"] == "RESOLVED"
    assert "me" not in got["replies"][0]["author"]  # Bob's post, read by Alice
    assert [p["content"] for p in got["replies"]] == ["On it", ""]
    assert got["replies"][1]["commentAction"] == "RESOLVE"
    mine = {"commentId": comment_id, "postId": reply["postId"], "content": "Done"}
    assert refused(alice_sheets, book, {"updateCommentPost": mine}).endswith(
        "Invalid requests[0].updateCommentPost: Only the author of a post can update it."
    )
    batch(bob_sheets, book, {"updateCommentPost": mine})
    assert "Only the author of a post can delete it." in refused(
        bob_sheets, book, {"deleteComment": {"commentId": comment_id}}
    )
    kept = {"commentId": comment_id, "postId": action_id}
    assert "resolved or reopened" in refused(bob_sheets, book, {"deleteCommentReply": kept})
    gone = {"commentId": comment_id, "postId": reply["postId"]}
    batch(bob_sheets, book, {"deleteCommentReply": gone})
    (got,) = with_comments(alice_sheets, book, commentsViewMode=INCLUDED)["comments"]
    assert [p.get("commentAction") for p in got["replies"]] == ["RESOLVE"]
    batch(alice_sheets, book, {"deleteComment": {"commentId": comment_id}})
    got = with_comments(alice_sheets, book, commentsViewMode=INCLUDED)
    assert "comments" not in got and "commentAnchors" not in got["sheets"][0]
    assert f"No comment with id: {comment_id}" in refused(
        alice_sheets, book, {"deleteComment": {"commentId": comment_id}}
    )


def test_an_assigning_reply_stays_and_bad_comments_are_refused(alice_sheets, bob_sheets, book):
    thread = comment(alice_sheets, book)
    assign = {"content": "yours", "assigneeEmail": CAROL}
    post = batch(
        alice_sheets,
        book,
        {"addCommentReply": {"commentId": thread["commentId"], "post": assign}},
    )["replies"][0]["addCommentReply"]["post"]
    assert post["assigneeEmail"] == CAROL
    kept = {"commentId": thread["commentId"], "postId": post["postId"]}
    assert "assigned its thread" in refused(alice_sheets, book, {"deleteCommentReply": kept})
    assert "The comment content cannot be empty." in refused(
        alice_sheets, book, {"insertComment": {"content": " ", "coordinate": {}}}
    )
    assert "2048 UTF-8 code units" in refused(
        alice_sheets, book, {"insertComment": {"content": "é" * 1025, "coordinate": {}}}
    )
    far = {"content": "x", "coordinate": {"rowIndex": 5000}}
    assert "outside the grid" in refused(alice_sheets, book, {"insertComment": far})
    lost = {"content": "x", "coordinate": {"sheetId": 9}}
    assert "No grid with id: 9" in refused(alice_sheets, book, {"insertComment": lost})


def test_reading_comments_needs_the_right_to_comment(alice_sheets, alice, google_service_for, book):
    comment(alice_sheets, book)
    share(alice, book, "reader", emailAddress=CAROL)
    carol = google_service_for("sheets", "v4", user=CAROL)
    with pytest.raises(HttpError) as caught:
        with_comments(carol, book, commentsViewMode=INCLUDED)
    assert (caught.value.status_code, caught.value.reason) == (
        403,
        "The caller does not have permission",
    )
    default = "COMMENTS_VIEW_MODE_DEFAULT_FOR_CURRENT_ACCESS"
    assert "comments" not in with_comments(carol, book, commentsViewMode=default)
    assert len(with_comments(alice_sheets, book, commentsViewMode=default)["comments"]) == 1


def test_an_unknown_comments_view_mode_is_refused(gspread_for, book):
    opened = gspread_for(ALICE).open_by_key(book)
    with pytest.raises(gspread.exceptions.APIError) as caught:
        opened.fetch_sheet_metadata(params={"commentsViewMode": "LOUD"})
    assert caught.value.code == 400
    assert caught.value.error["message"] == (
        "Invalid value at 'comments_view_mode'"
        ' (type.googleapis.com/google.apps.sheets.v4.CommentsViewMode), "LOUD"'
    )


def test_an_anchor_follows_its_cell_and_goes_with_it(alice_sheets, book):
    thread = comment(alice_sheets, book)  # on B2
    insert = {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 2}}
    batch(alice_sheets, book, {"insertDimension": insert})
    got = with_comments(alice_sheets, book, commentsViewMode=INCLUDED, ranges=["B4"])
    (anchor,) = got["sheets"][0]["commentAnchors"]
    assert anchor["range"]["startRowIndex"] == 3
    assert got["comments"][0]["anchorId"] == thread["anchorId"]
    batch(
        alice_sheets,
        book,
        {
            "deleteDimension": insert
            | {"range": {**insert["range"], "startIndex": 3, "endIndex": 4}}
        },
    )
    got = with_comments(alice_sheets, book, commentsViewMode=INCLUDED)
    (left,) = got["comments"]  # still a thread, no longer on a cell
    assert "anchorId" not in left and "commentAnchors" not in got["sheets"][0]
    assert "comments" not in with_comments(
        alice_sheets, book, commentsViewMode=INCLUDED, ranges=["A1:Z100"]
    )


def test_get_by_data_filter_shows_the_threads_inside_its_ranges(alice_sheets, book):
    thread = comment(alice_sheets, book)  # on B2

    def found(a1: str) -> list:
        wanted = {"dataFilters": [{"a1Range": a1}], "commentsViewMode": INCLUDED}
        got = alice_sheets.spreadsheets().getByDataFilter(spreadsheetId=book, body=wanted)
        return got.execute().get("comments", [])

    assert [t["commentId"] for t in found("A1:B2")] == [thread["commentId"]]
    assert found("C1:C9") == []
