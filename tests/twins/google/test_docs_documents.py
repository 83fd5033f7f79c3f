"""Docs v1 through googleapiclient: the structural model, requests, index rules, revisions."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


@pytest.fixture
def docs(google_service_for):
    return google_service_for("docs", "v1")


@pytest.fixture
def document(docs) -> str:
    return docs.documents().create(body={"title": "Notes"}).execute()["documentId"]


def update(docs, document_id: str, *requests, **extra) -> dict:
    body = {"requests": list(requests), **extra}
    return docs.documents().batchUpdate(documentId=document_id, body=body).execute()


def paragraphs(doc: dict) -> list[dict]:
    return [e for e in doc["body"]["content"] if "paragraph" in e]


def test_a_new_document_is_a_section_break_and_one_newline(docs):
    created = docs.documents().create(body={"title": "Fresh"}).execute()
    assert created["title"] == "Fresh"
    content = created["body"]["content"]
    assert content[0] == {
        "endIndex": 1,
        "sectionBreak": content[0]["sectionBreak"],
    }
    assert content[1]["startIndex"] == 1 and content[1]["endIndex"] == 2
    run = content[1]["paragraph"]["elements"][0]
    assert run["textRun"]["content"] == "\n"


def test_insert_text_splits_paragraphs_with_utf16_indices(docs, document):
    update(docs, document, {"insertText": {"location": {"index": 1}, "text": "Hi 😀\nSecond"}})
    doc = docs.documents().get(documentId=document).execute()
    first, second = paragraphs(doc)
    assert first["paragraph"]["elements"][0]["textRun"]["content"] == "Hi 😀\n"
    assert (first["startIndex"], first["endIndex"]) == (1, 7)  # the emoji is two code units
    assert (second["startIndex"], second["endIndex"]) == (7, 14)
    assert second["paragraph"]["elements"][0]["textRun"]["content"] == "Second\n"


def test_index_past_the_segment_is_refused_as_google_words_it(docs, document):
    with pytest.raises(HttpError) as caught:
        update(docs, document, {"insertText": {"location": {"index": 5}, "text": "x"}})
    assert caught.value.status_code == 400
    assert caught.value.reason == (
        "Invalid requests[0].insertText: Index 5 must be less than the end index of the"
        " referenced segment, 2."
    )
