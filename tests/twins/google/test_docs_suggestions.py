"""Suggested changes in a document: seeded through the setup route (admin token), shown inline
or previewed by ``suggestionsViewMode``, and accepted, rejected or withdrawn by batchUpdate
through googleapiclient."""

from __future__ import annotations

import httpx
import pytest
from googleapiclient.errors import HttpError
from tests.twins.google.docs_requests import update

BOB = "bob@example.com"


@pytest.fixture
def document(docs, google_service_for) -> str:
    made = docs.documents().create(body={"title": "Draft"}).execute()["documentId"]
    update(docs, made, {"insertText": {"location": {"index": 1}, "text": "Ship on Friday"}})
    google_service_for("drive", "v3").permissions().create(
        fileId=made,
        body={"type": "user", "role": "commenter", "emailAddress": BOB},
        sendNotificationEmail=False,
    ).execute()
    return made


def suggest(universe, document_id: str, body: dict, headers: dict | None = None):
    return httpx.post(
        f"{universe.url}/google/_docs/documents/{document_id}/suggestions",
        json={"author": BOB, **body},
        headers=universe.admin_headers if headers is None else headers,
        timeout=30,
    )


def seed(universe, document_id: str) -> tuple[str, str]:
    """Bob suggests "next " before "Friday" and deleting "Ship "."""
    insertion = suggest(universe, document_id, {"insertText": {"index": 9, "text": "next "}})
    deletion = suggest(
        universe, document_id, {"deleteContentRange": {"startIndex": 1, "endIndex": 6}}
    )
    return insertion.json()["suggestionId"], deletion.json()["suggestionId"]


def runs(docs, document_id: str, mode: str | None = None) -> list[dict]:
    extra = {"suggestionsViewMode": mode} if mode else {}
    got = docs.documents().get(documentId=document_id, **extra).execute()
    return [
        element["textRun"]
        for item in got["body"]["content"]
        for element in item.get("paragraph", {}).get("elements", [])
    ]


def text(found: list[dict]) -> str:
    return "".join(run["content"] for run in found)


def test_suggestions_show_inline_and_in_previews(docs, document, universe):
    inserted, deleted = seed(universe, document)
    assert inserted.startswith("suggest.") and inserted != deleted
    inline = runs(docs, document)
    assert [
        (r["content"], r.get("suggestedInsertionIds"), r.get("suggestedDeletionIds"))
        for r in inline
    ] == [
        ("Ship ", None, [deleted]),
        ("on ", None, None),
        ("next ", [inserted], None),
        ("Friday\n", None, None),
    ]
    assert text(runs(docs, document, "PREVIEW_SUGGESTIONS_ACCEPTED")) == "on next Friday\n"
    assert text(runs(docs, document, "PREVIEW_WITHOUT_SUGGESTIONS")) == "Ship on Friday\n"
    accepted = runs(docs, document, "PREVIEW_SUGGESTIONS_ACCEPTED")
    assert not any("suggestedInsertionIds" in r for r in accepted)


def test_accept_and_reject_settle_a_suggestion(docs, document, universe):
    inserted, deleted = seed(universe, document)
    update(
        docs,
        document,
        {"acceptSuggestion": {"suggestionId": inserted}},
        {"rejectSuggestion": {"suggestionId": deleted}},
    )
    settled = runs(docs, document)
    assert text(settled) == "Ship on next Friday\n"
    assert not any("suggestedDeletionIds" in r or "suggestedInsertionIds" in r for r in settled)
    inserted, deleted = seed(universe, document)
    update(
        docs,
        document,
        {"rejectSuggestion": {"suggestionId": inserted}},
        {"acceptSuggestion": {"suggestionId": deleted}},
    )
    assert text(runs(docs, document)) == "on next Friday\n"


def test_only_the_author_withdraws_a_suggestion(docs, document, universe, google_service_for):
    inserted, _ = seed(universe, document)
    with pytest.raises(HttpError) as caught:
        update(docs, document, {"deleteSuggestion": {"suggestionId": inserted}})
    assert caught.value.status_code == 403
    assert "next " in text(runs(docs, document))
    with pytest.raises(HttpError) as missing:
        update(docs, document, {"acceptSuggestion": {"suggestionId": "suggest.none"}})
    assert (missing.value.status_code, missing.value.reason) == (
        400,
        "Invalid requests[0].acceptSuggestion: Suggestion suggest.none not found.",
    )


def test_a_commenter_sees_suggestions_but_may_not_settle_them(
    docs, document, universe, google_service_for
):
    inserted, _ = seed(universe, document)
    bob = google_service_for("docs", "v1", user=BOB)
    seen = bob.documents().get(documentId=document).execute()
    assert seen["suggestionsViewMode"] == "SUGGESTIONS_INLINE"
    with pytest.raises(HttpError) as caught:
        update(bob, document, {"acceptSuggestion": {"suggestionId": inserted}})
    assert (caught.value.status_code, caught.value.reason) == (
        403,
        "The caller does not have permission",
    )


def test_the_setup_route_takes_the_admin_token_and_a_commenting_author(docs, document, universe):
    refused = suggest(universe, document, {"insertText": {"index": 1, "text": "x"}}, headers={})
    assert refused.status_code == 401
    stranger = suggest(
        universe,
        document,
        {"author": "dave@partner.example", "insertText": {"index": 1, "text": "x"}},
    )
    assert (stranger.status_code, stranger.json()) == (
        400,
        {"error": "The author must be able to comment on the document."},
    )
    beyond = suggest(universe, document, {"insertText": {"index": 40, "text": "x"}})
    assert beyond.status_code == 400
    assert beyond.json()["error"].startswith("Index 40 must be less than the end index")
    assert text(runs(docs, document)) == "Ship on Friday\n"
