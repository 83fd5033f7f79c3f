"""``documents.batchUpdate``: the request kinds, applied in order, all or nothing.

A request Google refuses is answered as it does: ``Invalid requests[0].insertText: Index 5 must be
less than the end index of the referenced segment, 3.`` (400 INVALID_ARGUMENT).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from darkfactory.twins.google.docs import (
    chips,
    comments,
    dropdowns,
    edits,
    footnotes,
    lists,
    named_ranges,
    styles,
    suggestions,
    tables,
    tabs,
)
from darkfactory.twins.google.docs.edits import Document, EditError
from darkfactory.twins.google.docs.state import Opened, blank, new_kix_id, new_tab_id
from darkfactory.twins.google.docs.tabs import Tab
from darkfactory.twins.google.editors import denied
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.requests import apply_requests
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import Call


@dataclass
class Batch:
    """What the requests of one batchUpdate work on: the document's tabs, the call (for fresh
    ids and Drive), and the writer."""

    tabs: list[Tab]
    call: Call
    principal: Principal
    document_id: str

    @property
    def universe(self):
        return self.call.universe

    def tab(self, tab_id: str | None) -> Document:
        """The content of the tab ``tab_id`` names (the first tab by default)."""
        return tabs.find(self.tabs, tab_id).tab.doc

    def new_id(self) -> str:
        return new_kix_id(self.universe)


REQUESTS: dict[str, Callable[[Batch, dict], dict | None]] = {}


def request(name: str):
    def decorate(fn):
        REQUESTS[name] = fn
        return fn

    return decorate


def _segment(batch: Batch, place: dict) -> Document:
    """The segment (body, header or footer) of the tab a ``Location`` or ``Range`` names."""
    return batch.tab(place.get("tabId")).segment(place.get("segmentId"))


def _index(batch: Batch, body: dict) -> tuple[Document, int]:
    """The segment and index an insertion goes to: ``location`` or the segment's end."""
    if "location" in body:
        place = body["location"] or {}
        return _segment(batch, place), int(place.get("index", 0))
    if "endOfSegmentLocation" in body:
        segment = _segment(batch, body["endOfSegmentLocation"] or {})
        return segment, segment.end - 1
    raise EditError("Either location or endOfSegmentLocation must be set.")


def _range(batch: Batch, body: dict, key: str = "range") -> tuple[Document, int, int]:
    found = body.get(key) or {}
    segment = _segment(batch, found)
    return segment, int(found.get("startIndex", 0)), int(found.get("endIndex", 0))


def _body_only(segment: Document, what: str) -> None:
    if segment.first != 1:
        raise EditError(f"{what} can only be inserted in the document body.")


def _fields(body: dict) -> str:
    if not body.get("fields"):
        raise EditError(
            "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"
        )
    return body["fields"]


@request("insertText")
def insert_text(batch: Batch, body: dict) -> None:
    edits.insert_text(*_index(batch, body), body.get("text", ""))


@request("deleteContentRange")
def delete_content_range(batch: Batch, body: dict) -> None:
    edits.delete_range(*_range(batch, body))


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
    edits.style_text(*_range(batch, body), body.get("textStyle") or {}, _fields(body))


@request("updateParagraphStyle")
def update_paragraph_style(batch: Batch, body: dict) -> None:
    edits.style_paragraphs(*_range(batch, body), body.get("paragraphStyle") or {}, _fields(body))


@request("createParagraphBullets")
def create_paragraph_bullets(batch: Batch, body: dict) -> None:
    preset = body.get("bulletPreset") or "BULLET_DISC_CIRCLE_SQUARE"
    lists.create_bullets(*_range(batch, body), preset, batch.new_id())


@request("deleteParagraphBullets")
def delete_paragraph_bullets(batch: Batch, body: dict) -> None:
    lists.delete_bullets(*_range(batch, body))


@request("insertTable")
def insert_table(batch: Batch, body: dict) -> None:
    tables.insert_table(*_index(batch, body), int(body.get("rows", 0)), int(body.get("columns", 0)))


@request("insertPageBreak")
def insert_page_break(batch: Batch, body: dict) -> None:
    segment, index = _index(batch, body)
    _body_only(segment, "A page break")
    edits.insert_page_break(segment, index)


@request("insertSectionBreak")
def insert_section_break(batch: Batch, body: dict) -> None:
    segment, index = _index(batch, body)
    _body_only(segment, "A section break")
    edits.insert_section_break(segment, index, body.get("sectionType", "CONTINUOUS"))


@request("insertInlineImage")
def insert_inline_image(batch: Batch, body: dict) -> dict:
    object_id = batch.new_id()
    segment, index = _index(batch, body)
    edits.insert_inline_image(
        segment, index, body.get("uri", ""), body.get("objectSize"), object_id
    )
    return {"objectId": object_id}


@request("createNamedRange")
def create_named_range(batch: Batch, body: dict) -> dict:
    range_id = batch.new_id()
    segment, start, end = _range(batch, body)
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


def _cell(batch: Batch, body: dict) -> tuple[Document, int, int, int]:
    """(segment, table start, row, column) of a ``tableCellLocation``."""
    location = body.get("tableCellLocation") or {}
    table = location.get("tableStartLocation") or {}
    return (
        _segment(batch, table),
        int(table.get("index", 0)),
        int(location.get("rowIndex", 0)),
        int(location.get("columnIndex", 0)),
    )


@request("insertTableRow")
def insert_table_row(batch: Batch, body: dict) -> None:
    segment, start, row, _ = _cell(batch, body)
    tables.insert_table_row(segment, start, row, bool(body.get("insertBelow")))


@request("deleteTableRow")
def delete_table_row(batch: Batch, body: dict) -> None:
    segment, start, row, _ = _cell(batch, body)
    tables.delete_table_row(segment, start, row)


@request("insertTableColumn")
def insert_table_column(batch: Batch, body: dict) -> None:
    segment, start, _, column = _cell(batch, body)
    tables.insert_table_column(segment, start, column, bool(body.get("insertRight")))


@request("deleteTableColumn")
def delete_table_column(batch: Batch, body: dict) -> None:
    segment, start, _, column = _cell(batch, body)
    tables.delete_table_column(segment, start, column)


@request("replaceNamedRangeContent")
def replace_named_range_content(batch: Batch, body: dict) -> None:
    named_ranges.replace_named_range_content(
        [tab.doc for tab in tabs.selected(batch.tabs, body.get("tabsCriteria"))],
        body.get("namedRangeId"),
        body.get("namedRangeName"),
        body.get("text", ""),
    )


@request("updateDocumentStyle")
def update_document_style(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    edits.style_document(doc, body.get("documentStyle") or {}, _fields(body))


def _create_segment(kind: str, reply_key: str):
    def create(batch: Batch, body: dict) -> dict:
        if body.get("type", "DEFAULT") != "DEFAULT":
            raise EditError(f"Invalid type: {body.get('type')}")
        segment_id = batch.new_id()
        place = body.get("sectionBreakLocation") or {}
        edits.create_segment(batch.tab(place.get("tabId")), kind, segment_id)
        return {reply_key: segment_id}

    return create


def _delete_segment(kind: str, id_key: str):
    def delete(batch: Batch, body: dict) -> None:
        edits.delete_segment(batch.tab(body.get("tabId")), kind, body.get(id_key, ""))

    return delete


request("createHeader")(_create_segment("headers", "headerId"))
request("createFooter")(_create_segment("footers", "footerId"))
request("deleteHeader")(_delete_segment("headers", "headerId"))
request("deleteFooter")(_delete_segment("footers", "footerId"))


def _table_start(batch: Batch, body: dict) -> tuple[Document, int]:
    """The segment and start index of the table a ``tableStartLocation`` names."""
    place = body.get("tableStartLocation") or {}
    return _segment(batch, place), int(place.get("index", 0))


def _table_range(batch: Batch, body: dict) -> tuple[Document, int, list]:
    """The segment, table start and cells of a ``tableRange``."""
    found = body.get("tableRange") or {}
    segment, start, row, column = _cell(batch, found)
    table = tables.table_at(segment, start)
    rows, columns = int(found.get("rowSpan", 0)), int(found.get("columnSpan", 0))
    return segment, start, tables.cell_range(table, row, column, rows, columns)


@request("mergeTableCells")
def merge_table_cells(batch: Batch, body: dict) -> None:
    tables.merge_cells(*_table_range(batch, body))


@request("unmergeTableCells")
def unmerge_table_cells(batch: Batch, body: dict) -> None:
    tables.unmerge_cells(*_table_range(batch, body))


@request("updateTableCellStyle")
def update_table_cell_style(batch: Batch, body: dict) -> None:
    if "tableRange" in body:
        segment, start, cells = _table_range(batch, body)
    elif "tableStartLocation" in body:
        (segment, start), cells = _table_start(batch, body), None
    else:
        raise EditError("Either tableRange or tableStartLocation must be set.")
    tables.style_cells(segment, start, cells, body.get("tableCellStyle") or {}, _fields(body))


@request("updateTableRowStyle")
def update_table_row_style(batch: Batch, body: dict) -> None:
    segment, start = _table_start(batch, body)
    style = body.get("tableRowStyle") or {}
    tables.style_rows(segment, start, body.get("rowIndices"), style, _fields(body))


@request("updateTableColumnProperties")
def update_table_column_properties(batch: Batch, body: dict) -> None:
    segment, start = _table_start(batch, body)
    properties = body.get("tableColumnProperties") or {}
    tables.style_columns(segment, start, body.get("columnIndices"), properties, _fields(body))


@request("pinTableHeaderRows")
def pin_table_header_rows(batch: Batch, body: dict) -> None:
    segment, start = _table_start(batch, body)
    tables.pin_header_rows(segment, start, int(body.get("pinnedHeaderRowsCount", 0)))


@request("updateNamedStyle")
def update_named_style(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    styles.update_named_style(doc, body.get("namedStyle") or {}, _fields(body))


@request("updateSectionStyle")
def update_section_style(batch: Batch, body: dict) -> None:
    segment, start, end = _range(batch, body)
    styles.update_section_style(segment, start, end, body.get("sectionStyle") or {}, _fields(body))


@request("insertDate")
def insert_date(batch: Batch, body: dict) -> None:
    segment, index = _index(batch, body)
    chips.insert_date(segment, index, body.get("dateElementProperties") or {}, batch.new_id())


@request("insertPerson")
def insert_person(batch: Batch, body: dict) -> None:
    segment, index = _index(batch, body)
    chips.insert_person(segment, index, body.get("personProperties") or {}, batch.new_id())


@request("insertRichLink")
def insert_rich_link(batch: Batch, body: dict) -> None:
    segment, index = _index(batch, body)
    uri = (body.get("richLinkProperties") or {}).get("uri", "")
    drive = batch.call.twin.drive
    file_id = chips.drive_file_id(uri)
    if drive.file(file_id) is None or drive.role_of(batch.principal, file_id) is None:
        raise EditError(f"The file {file_id} of the rich link was not found.")
    chips.insert_rich_link(segment, index, uri, drive.file(file_id), batch.new_id())


@request("replaceImage")
def replace_image(batch: Batch, body: dict) -> None:
    method = body.get("imageReplaceMethod") or "CENTER_CROP"
    if method not in ("CENTER_CROP", "IMAGE_REPLACE_METHOD_UNSPECIFIED"):
        raise EditError(f"Invalid imageReplaceMethod: {method}")
    doc = batch.tab(body.get("tabId"))
    edits.replace_image(doc, body.get("imageObjectId") or "", body.get("uri") or "")


@request("createFootnote")
def create_footnote(batch: Batch, body: dict) -> dict:
    footnote_id = batch.new_id()
    segment, index = _index(batch, body)
    place = body.get("location") or body.get("endOfSegmentLocation") or {}
    footnotes.create_footnote(batch.tab(place.get("tabId")), segment, index, footnote_id)
    return {"footnoteId": footnote_id}


def _new_option_id(batch: Batch) -> Callable[[], str]:
    return lambda: "dropdownItem." + batch.universe.ids.token("docs.option", 10, LOWER_ALNUM)


@request("createDropdownDefinition")
def create_dropdown_definition(batch: Batch, body: dict) -> dict:
    doc = batch.tab(body.get("tabId"))
    wanted = body.get("dropdownDefinition") or {}
    made = dropdowns.create_definition(doc, wanted, batch.new_id, _new_option_id(batch))
    return {"dropdownDefinition": made}


@request("insertDropdown")
def insert_dropdown(batch: Batch, body: dict) -> dict:
    segment, index = _index(batch, body)
    place = body.get("location") or body.get("endOfSegmentLocation") or {}
    made = dropdowns.insert_dropdown(
        batch.tab(place.get("tabId")),
        segment,
        index,
        body.get("dropdownDefinitionId") or "",
        body.get("selectedOptionId"),
        batch.new_id(),
    )
    return {"dropdown": made}


@request("updateDropdownDefinitionProperties")
def update_dropdown_definition_properties(batch: Batch, body: dict) -> None:
    dropdowns.update_definition(
        batch.tab(body.get("tabId")),
        body.get("dropdownDefinitionId") or "",
        body.get("dropdownDefinitionProperties") or {},
        _fields(body),
        body.get("selectedOptionIdReplacements") or {},
        _new_option_id(batch),
    )


@request("updateDropdownProperties")
def update_dropdown_properties(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    wanted = body.get("dropdownProperties") or {}
    dropdowns.update_dropdown(doc, body.get("dropdownId") or "", wanted, _fields(body))


@request("deleteDropdownDefinition")
def delete_dropdown_definition(batch: Batch, body: dict) -> None:
    dropdowns.delete_definition(
        batch.tab(body.get("tabId")), body.get("dropdownDefinitionId") or ""
    )


@request("insertComment")
def insert_comment(batch: Batch, body: dict) -> dict:
    place = body.get("range") or {}
    segment, start, end = _range(batch, body)
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


@request("deletePositionedObject")
def delete_positioned_object(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    edits.delete_positioned_object(doc, body.get("objectId") or "")


@request("addDocumentTab")
def add_document_tab(batch: Batch, body: dict) -> dict:
    properties = body.get("tabProperties") or {}
    added = tabs.add_tab(batch.tabs, properties, new_tab_id(batch.universe), blank())
    return {"tabProperties": added}


@request("deleteTab")
def delete_tab(batch: Batch, body: dict) -> None:
    tabs.delete_tab(batch.tabs, body.get("tabId", ""))


@request("updateDocumentTabProperties")
def update_document_tab_properties(batch: Batch, body: dict) -> None:
    tabs.update_properties(batch.tabs, body.get("tabProperties") or {}, _fields(body))


def apply(call: Call, opened: Opened, requests: list) -> list[dict]:
    """Apply ``requests`` to an opened document's tabs in order; the replies."""
    if not isinstance(requests, list):
        requests = []
    batch = Batch(opened.tabs, call, opened.principal, opened.id)
    replies = apply_requests(
        requests,
        REQUESTS,
        lambda handler, body: handler(batch, body),
        (EditError, ValueError, TypeError),
    )
    for placed in tabs.walk(opened.tabs):
        footnotes.prune(placed.tab.doc)
        edits.prune_objects(placed.tab.doc)
    return replies
