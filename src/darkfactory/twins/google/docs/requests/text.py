"""Requests on a document's text: insert, delete, replace, style, bullets, breaks, inline
images and named ranges."""

from __future__ import annotations

from darkfactory.twins.google.docs import edits, lists, named_ranges, tabs
from darkfactory.twins.google.docs.edits import EditError
from darkfactory.twins.google.docs.requests.batch import (
    Batch,
    body_only,
    fields_of,
    index_of,
    range_of,
    request,
)


@request("insertText")
def insert_text(batch: Batch, body: dict) -> None:
    edits.insert_text(*index_of(batch, body), body.get("text", ""))


@request("deleteContentRange")
def delete_content_range(batch: Batch, body: dict) -> None:
    edits.delete_range(*range_of(batch, body))


@request("replaceAllText")
def replace_all_text(batch: Batch, body: dict) -> dict:
    contains = body.get("containsText") or {}
    segments = [
        segment
        for tab in tabs.selected(batch.tabs, body.get("tabsCriteria"))
        for segment in [tab.doc]
        + [
            tab.doc.segment(segment_id)
            for kind in edits.SEGMENT_KINDS
            for segment_id in tab.doc.segments.get(kind, {})
        ]
    ]
    find, replacement = contains.get("text", ""), body.get("replaceText", "")
    match_case = bool(contains.get("matchCase"))
    count = sum(edits.replace_all(s, find, replacement, match_case) for s in segments)
    return {"occurrencesChanged": count} if count else {}


@request("updateTextStyle")
def update_text_style(batch: Batch, body: dict) -> None:
    edits.style_text(*range_of(batch, body), body.get("textStyle") or {}, fields_of(body))


@request("updateParagraphStyle")
def update_paragraph_style(batch: Batch, body: dict) -> None:
    edits.style_paragraphs(
        *range_of(batch, body), body.get("paragraphStyle") or {}, fields_of(body)
    )


@request("createParagraphBullets")
def create_paragraph_bullets(batch: Batch, body: dict) -> None:
    preset = body.get("bulletPreset") or "BULLET_DISC_CIRCLE_SQUARE"
    lists.create_bullets(*range_of(batch, body), preset, batch.new_id())


@request("deleteParagraphBullets")
def delete_paragraph_bullets(batch: Batch, body: dict) -> None:
    lists.delete_bullets(*range_of(batch, body))


@request("insertPageBreak")
def insert_page_break(batch: Batch, body: dict) -> None:
    segment, index = index_of(batch, body)
    body_only(segment, "A page break")
    edits.insert_page_break(segment, index)


@request("insertSectionBreak")
def insert_section_break(batch: Batch, body: dict) -> None:
    segment, index = index_of(batch, body)
    body_only(segment, "A section break")
    edits.insert_section_break(segment, index, body.get("sectionType", "CONTINUOUS"))


@request("insertInlineImage")
def insert_inline_image(batch: Batch, body: dict) -> dict:
    object_id = batch.new_id()
    segment, index = index_of(batch, body)
    edits.insert_inline_image(
        segment, index, body.get("uri", ""), body.get("objectSize"), object_id
    )
    return {"objectId": object_id}


@request("createNamedRange")
def create_named_range(batch: Batch, body: dict) -> dict:
    range_id = batch.new_id()
    segment, start, end = range_of(batch, body)
    if segment.first != 1:
        raise EditError("Named ranges are kept for the document body only.")
    named_ranges.create_named_range(segment, body.get("name", ""), start, end, range_id)
    return {"namedRangeId": range_id}


@request("deleteNamedRange")
def delete_named_range(batch: Batch, body: dict) -> None:
    named_ranges.delete_named_range(
        [tab.doc for tab in tabs.selected(batch.tabs, body.get("tabsCriteria"))],
        body.get("namedRangeId"),
        body.get("name"),
    )


@request("replaceNamedRangeContent")
def replace_named_range_content(batch: Batch, body: dict) -> None:
    named_ranges.replace_named_range_content(
        [tab.doc for tab in tabs.selected(batch.tabs, body.get("tabsCriteria"))],
        body.get("namedRangeId"),
        body.get("namedRangeName"),
        body.get("text", ""),
    )
