"""``documents.batchUpdate``: the request kinds, applied in order, all or nothing.

A request Google refuses is answered as it does: ``Invalid requests[0].insertText: Index 5 must be
less than the end index of the referenced segment, 3.`` (400 INVALID_ARGUMENT).
"""

from __future__ import annotations

from collections.abc import Callable

from darkfactory.twins.google.docs import edits, lists, named_ranges, tables
from darkfactory.twins.google.docs.edits import Document, EditError
from darkfactory.twins.google.requests import apply_requests

REQUESTS: dict[str, Callable[[Document, dict, Callable[[], str]], dict | None]] = {}


def request(name: str):
    def decorate(fn):
        REQUESTS[name] = fn
        return fn

    return decorate


def _index(doc: Document, body: dict) -> tuple[Document, int]:
    """The segment and index an insertion goes to: ``location`` or the segment's end."""
    if "location" in body:
        place = body["location"]
        return doc.segment(place.get("segmentId")), int(place.get("index", 0))
    if "endOfSegmentLocation" in body:
        segment = doc.segment(body["endOfSegmentLocation"].get("segmentId"))
        return segment, segment.end - 1
    raise EditError("Either location or endOfSegmentLocation must be set.")


def _range(doc: Document, body: dict) -> tuple[Document, int, int]:
    found = body.get("range") or {}
    segment = doc.segment(found.get("segmentId"))
    return segment, int(found.get("startIndex", 0)), int(found.get("endIndex", 0))


def _body_only(doc: Document, segment: Document, what: str) -> None:
    if segment is not doc:
        raise EditError(f"{what} can only be inserted in the document body.")


def _fields(body: dict) -> str:
    if not body.get("fields"):
        raise EditError(
            "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"
        )
    return body["fields"]


@request("insertText")
def insert_text(doc: Document, body: dict, new_id) -> None:
    edits.insert_text(*_index(doc, body), body.get("text", ""))


@request("deleteContentRange")
def delete_content_range(doc: Document, body: dict, new_id) -> None:
    edits.delete_range(*_range(doc, body))


@request("replaceAllText")
def replace_all_text(doc: Document, body: dict, new_id) -> dict:
    contains = body.get("containsText") or {}
    segments = [doc] + [
        doc.segment(segment_id)
        for kind in edits.SEGMENT_KINDS
        for segment_id in doc.segments.get(kind, {})
    ]
    find, replacement = contains.get("text", ""), body.get("replaceText", "")
    match_case = bool(contains.get("matchCase"))
    count = sum(edits.replace_all(s, find, replacement, match_case) for s in segments)
    return {"occurrencesChanged": count} if count else {}


@request("updateTextStyle")
def update_text_style(doc: Document, body: dict, new_id) -> None:
    edits.style_text(*_range(doc, body), body.get("textStyle") or {}, _fields(body))


@request("updateParagraphStyle")
def update_paragraph_style(doc: Document, body: dict, new_id) -> None:
    edits.style_paragraphs(*_range(doc, body), body.get("paragraphStyle") or {}, _fields(body))


@request("createParagraphBullets")
def create_paragraph_bullets(doc: Document, body: dict, new_id) -> None:
    preset = body.get("bulletPreset") or "BULLET_DISC_CIRCLE_SQUARE"
    lists.create_bullets(*_range(doc, body), preset, new_id())


@request("deleteParagraphBullets")
def delete_paragraph_bullets(doc: Document, body: dict, new_id) -> None:
    lists.delete_bullets(*_range(doc, body))


@request("insertTable")
def insert_table(doc: Document, body: dict, new_id) -> None:
    tables.insert_table(*_index(doc, body), int(body.get("rows", 0)), int(body.get("columns", 0)))


@request("insertPageBreak")
def insert_page_break(doc: Document, body: dict, new_id) -> None:
    segment, index = _index(doc, body)
    _body_only(doc, segment, "A page break")
    edits.insert_page_break(segment, index)


@request("insertSectionBreak")
def insert_section_break(doc: Document, body: dict, new_id) -> None:
    segment, index = _index(doc, body)
    _body_only(doc, segment, "A section break")
    edits.insert_section_break(segment, index, body.get("sectionType", "CONTINUOUS"))


@request("insertInlineImage")
def insert_inline_image(doc: Document, body: dict, new_id) -> dict:
    object_id = new_id()
    segment, index = _index(doc, body)
    edits.insert_inline_image(
        segment, index, body.get("uri", ""), body.get("objectSize"), object_id
    )
    return {"objectId": object_id}


@request("createNamedRange")
def create_named_range(doc: Document, body: dict, new_id) -> dict:
    range_id = new_id()
    segment, start, end = _range(doc, body)
    if segment is not doc:
        raise EditError("Named ranges are kept for the document body only.")
    named_ranges.create_named_range(doc, body.get("name", ""), start, end, range_id)
    return {"namedRangeId": range_id}


@request("deleteNamedRange")
def delete_named_range(doc: Document, body: dict, new_id) -> None:
    named_ranges.delete_named_range(doc, body.get("namedRangeId"), body.get("name"))


def _cell(doc: Document, body: dict) -> tuple[Document, int, int, int]:
    """(segment, table start, row, column) of a ``tableCellLocation``."""
    location = body.get("tableCellLocation") or {}
    table = location.get("tableStartLocation") or {}
    return (
        doc.segment(table.get("segmentId")),
        int(table.get("index", 0)),
        int(location.get("rowIndex", 0)),
        int(location.get("columnIndex", 0)),
    )


@request("insertTableRow")
def insert_table_row(doc: Document, body: dict, new_id) -> None:
    segment, start, row, _ = _cell(doc, body)
    tables.insert_table_row(segment, start, row, bool(body.get("insertBelow")))


@request("deleteTableRow")
def delete_table_row(doc: Document, body: dict, new_id) -> None:
    segment, start, row, _ = _cell(doc, body)
    tables.delete_table_row(segment, start, row)


@request("insertTableColumn")
def insert_table_column(doc: Document, body: dict, new_id) -> None:
    segment, start, _, column = _cell(doc, body)
    tables.insert_table_column(segment, start, column, bool(body.get("insertRight")))


@request("deleteTableColumn")
def delete_table_column(doc: Document, body: dict, new_id) -> None:
    segment, start, _, column = _cell(doc, body)
    tables.delete_table_column(segment, start, column)


@request("replaceNamedRangeContent")
def replace_named_range_content(doc: Document, body: dict, new_id) -> None:
    named_ranges.replace_named_range_content(
        doc, body.get("namedRangeId"), body.get("namedRangeName"), body.get("text", "")
    )


@request("updateDocumentStyle")
def update_document_style(doc: Document, body: dict, new_id) -> None:
    edits.style_document(doc, body.get("documentStyle") or {}, _fields(body))


def _create_segment(kind: str, reply_key: str):
    def create(doc: Document, body: dict, new_id) -> dict:
        if body.get("type", "DEFAULT") != "DEFAULT":
            raise EditError(f"Invalid type: {body.get('type')}")
        segment_id = new_id()
        edits.create_segment(doc, kind, segment_id)
        return {reply_key: segment_id}

    return create


def _delete_segment(kind: str, id_key: str):
    def delete(doc: Document, body: dict, new_id) -> None:
        edits.delete_segment(doc, kind, body.get(id_key, ""))

    return delete


request("createHeader")(_create_segment("headers", "headerId"))
request("createFooter")(_create_segment("footers", "footerId"))
request("deleteHeader")(_delete_segment("headers", "headerId"))
request("deleteFooter")(_delete_segment("footers", "footerId"))


def apply(doc: Document, requests: list, new_id: Callable[[], str]) -> list[dict]:
    if not isinstance(requests, list):
        requests = []
    replies = apply_requests(
        requests,
        REQUESTS,
        lambda handler, body: handler(doc, body, new_id),
        (EditError, ValueError, TypeError),
    )
    edits.prune_objects(doc)
    return replies
