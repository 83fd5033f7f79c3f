"""Requests on the discussion of a document: comment threads and suggested changes."""

from __future__ import annotations

from darkfactory.twins.google.docs import comments, suggestions, tabs
from darkfactory.twins.google.docs.edits import Document, EditError
from darkfactory.twins.google.docs.requests.batch import Batch, range_of, request
from darkfactory.twins.google.editors import denied


@request("insertComment")
def insert_comment(batch: Batch, body: dict) -> dict:
    place = body.get("range") or {}
    segment, start, end = range_of(batch, body)
    if segment.first != 1:
        raise EditError("Comments can only be anchored in the document body.")
    tab = tabs.find(batch.tabs, place.get("tabId")).tab
    thread = comments.insert_comment(
        batch.call,
        batch.principal,
        batch.document_id,
        (tab.doc, tab.properties["tabId"]),
        (start, end),
        body.get("content") or "",
        batch.new_id(),
    )
    return {"commentThread": thread}


@request("addCommentReply")
def add_comment_reply(batch: Batch, body: dict) -> dict:
    post = comments.add_reply(
        batch.call, batch.principal, batch.document_id, body, body.get("commentId")
    )
    return {"post": post}


@request("deleteComment")
def delete_comment(batch: Batch, body: dict) -> None:
    comments.delete_comment(
        batch.call, batch.principal, batch.document_id, body.get("commentId") or ""
    )


@request("deleteCommentReply")
def delete_comment_reply(batch: Batch, body: dict) -> None:
    comments.delete_reply(batch.call, batch.principal, batch.document_id, body)


@request("updateCommentPost")
def update_comment_post(batch: Batch, body: dict) -> None:
    comments.update_post(batch.call, batch.principal, batch.document_id, body)


def _suggested(batch: Batch, suggestion_id: str | None) -> Document:
    """The tab content holding suggestion ``suggestion_id``."""
    for placed in tabs.walk(batch.tabs):
        if suggestion_id in placed.tab.doc.suggestions:
            return placed.tab.doc
    raise EditError(f"Suggestion {suggestion_id} not found.")


@request("acceptSuggestion")
def accept_suggestion(batch: Batch, body: dict) -> None:
    suggestion_id = body.get("suggestionId")
    suggestions.settle(_suggested(batch, suggestion_id), suggestion_id, accept=True)


@request("rejectSuggestion")
def reject_suggestion(batch: Batch, body: dict) -> None:
    suggestion_id = body.get("suggestionId")
    suggestions.settle(_suggested(batch, suggestion_id), suggestion_id, accept=False)


@request("deleteSuggestion")
def delete_suggestion(batch: Batch, body: dict) -> None:
    """Withdraw a suggestion: only its author may."""
    suggestion_id = body.get("suggestionId")
    doc = _suggested(batch, suggestion_id)
    if suggestions.author_of(doc, suggestion_id).lower() != batch.principal.email.lower():
        raise denied()
    suggestions.settle(doc, suggestion_id, accept=False)
