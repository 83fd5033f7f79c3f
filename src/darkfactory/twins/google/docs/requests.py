"""``documents.batchUpdate``: the request kinds, applied in order, all or nothing.

A request Google refuses is answered as it does: ``Invalid requests[0].insertText: Index 5 must be
less than the end index of the referenced segment, 3.`` (400 INVALID_ARGUMENT).
"""

from __future__ import annotations

from collections.abc import Callable

from darkfactory.twins.google.docs import edits
from darkfactory.twins.google.docs.edits import Document, EditError
from darkfactory.twins.google.errors import GoogleError

REQUESTS: dict[str, Callable[[Document, dict, Callable[[], str]], dict | None]] = {}


def request(name: str):
    def decorate(fn):
        REQUESTS[name] = fn
        return fn

    return decorate


def _segment(place: dict) -> None:
    if place.get("segmentId"):
        raise EditError(f"Segment {place['segmentId']} not found.")


def _index(doc: Document, body: dict) -> int:
    """Where an insertion goes: ``location.index`` or the end of the body."""
    if "location" in body:
        _segment(body["location"])
        return int(body["location"].get("index", 0))
    if "endOfSegmentLocation" in body:
        _segment(body["endOfSegmentLocation"])
        return doc.end - 1
    raise EditError("Either location or endOfSegmentLocation must be set.")


def _range(body: dict) -> tuple[int, int]:
    found = body.get("range") or {}
    _segment(found)
    return int(found.get("startIndex", 0)), int(found.get("endIndex", 0))


def _fields(body: dict) -> str:
    if not body.get("fields"):
        raise EditError(
            "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"
        )
    return body["fields"]


@request("insertText")
def insert_text(doc: Document, body: dict, new_id) -> None:
    edits.insert_text(doc, _index(doc, body), body.get("text", ""))


@request("deleteContentRange")
def delete_content_range(doc: Document, body: dict, new_id) -> None:
    edits.delete_range(doc, *_range(body))


@request("replaceAllText")
def replace_all_text(doc: Document, body: dict, new_id) -> dict:
    contains = body.get("containsText") or {}
    count = edits.replace_all(
        doc, contains.get("text", ""), body.get("replaceText", ""), bool(contains.get("matchCase"))
    )
    return {"occurrencesChanged": count} if count else {}


@request("updateTextStyle")
def update_text_style(doc: Document, body: dict, new_id) -> None:
    edits.style_text(doc, *_range(body), body.get("textStyle") or {}, _fields(body))


@request("updateParagraphStyle")
def update_paragraph_style(doc: Document, body: dict, new_id) -> None:
    edits.style_paragraphs(doc, *_range(body), body.get("paragraphStyle") or {}, _fields(body))


@request("createParagraphBullets")
def create_paragraph_bullets(doc: Document, body: dict, new_id) -> None:
    preset = body.get("bulletPreset") or "BULLET_DISC_CIRCLE_SQUARE"
    edits.create_bullets(doc, *_range(body), preset, new_id())


@request("deleteParagraphBullets")
def delete_paragraph_bullets(doc: Document, body: dict, new_id) -> None:
    edits.delete_bullets(doc, *_range(body))


@request("insertTable")
def insert_table(doc: Document, body: dict, new_id) -> None:
    edits.insert_table(
        doc, _index(doc, body), int(body.get("rows", 0)), int(body.get("columns", 0))
    )


@request("insertPageBreak")
def insert_page_break(doc: Document, body: dict, new_id) -> None:
    edits.insert_page_break(doc, _index(doc, body))


@request("createNamedRange")
def create_named_range(doc: Document, body: dict, new_id) -> dict:
    range_id = new_id()
    edits.create_named_range(doc, body.get("name", ""), *_range(body), range_id)
    return {"namedRangeId": range_id}


@request("deleteNamedRange")
def delete_named_range(doc: Document, body: dict, new_id) -> None:
    edits.delete_named_range(doc, body.get("namedRangeId"), body.get("name"))


def _cell(body: dict) -> tuple[int, int, int]:
    """(table start, row, column) of a ``tableCellLocation``."""
    location = body.get("tableCellLocation") or {}
    table = location.get("tableStartLocation") or {}
    _segment(table)
    return (
        int(table.get("index", 0)),
        int(location.get("rowIndex", 0)),
        int(location.get("columnIndex", 0)),
    )


@request("insertTableRow")
def insert_table_row(doc: Document, body: dict, new_id) -> None:
    start, row, _ = _cell(body)
    edits.insert_table_row(doc, start, row, bool(body.get("insertBelow")))


@request("deleteTableRow")
def delete_table_row(doc: Document, body: dict, new_id) -> None:
    start, row, _ = _cell(body)
    edits.delete_table_row(doc, start, row)


@request("insertTableColumn")
def insert_table_column(doc: Document, body: dict, new_id) -> None:
    start, _, column = _cell(body)
    edits.insert_table_column(doc, start, column, bool(body.get("insertRight")))


@request("deleteTableColumn")
def delete_table_column(doc: Document, body: dict, new_id) -> None:
    start, _, column = _cell(body)
    edits.delete_table_column(doc, start, column)


@request("replaceNamedRangeContent")
def replace_named_range_content(doc: Document, body: dict, new_id) -> None:
    edits.replace_named_range_content(
        doc, body.get("namedRangeId"), body.get("namedRangeName"), body.get("text", "")
    )


@request("updateDocumentStyle")
def update_document_style(doc: Document, body: dict, new_id) -> None:
    edits.style_document(doc, body.get("documentStyle") or {}, _fields(body))


def apply(doc: Document, requests: list, new_id: Callable[[], str]) -> list[dict]:
    if not isinstance(requests, list) or not requests:
        raise GoogleError(400, "badRequest", "Must specify at least one request.")
    replies = []
    for index, item in enumerate(requests):
        kinds = list(item) if isinstance(item, dict) else []
        if len(kinds) != 1:
            raise GoogleError(
                400, "badRequest", f"Invalid requests[{index}]: No request set in this request."
            )
        kind = kinds[0]
        handler = REQUESTS.get(kind)
        if handler is None:
            raise GoogleError(
                400,
                "badRequest",
                f'Invalid JSON payload received. Unknown name "{kind}" at'
                f" 'requests[{index}]': Cannot find field.",
            )
        try:
            reply = handler(doc, item[kind] or {}, new_id)
        except (EditError, ValueError, TypeError) as error:
            raise GoogleError(
                400, "badRequest", f"Invalid requests[{index}].{kind}: {error}"
            ) from None
        replies.append({kind: reply} if reply is not None else {})
    return replies
