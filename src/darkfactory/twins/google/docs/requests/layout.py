"""Requests on a document's layout: its style, headers and footers, named and section
styles, and its tabs."""

from __future__ import annotations

from darkfactory.twins.google.docs import edits, styles, tabs
from darkfactory.twins.google.docs.edits import EditError
from darkfactory.twins.google.docs.requests.batch import Batch, fields_of, range_of, request
from darkfactory.twins.google.docs.state import blank, new_tab_id


@request("updateDocumentStyle")
def update_document_style(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    edits.style_document(doc, body.get("documentStyle") or {}, fields_of(body))


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


@request("updateNamedStyle")
def update_named_style(batch: Batch, body: dict) -> None:
    doc = batch.tab(body.get("tabId"))
    styles.update_named_style(doc, body.get("namedStyle") or {}, fields_of(body))


@request("updateSectionStyle")
def update_section_style(batch: Batch, body: dict) -> None:
    segment, start, end = range_of(batch, body)
    styles.update_section_style(
        segment, start, end, body.get("sectionStyle") or {}, fields_of(body)
    )


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
    tabs.update_properties(batch.tabs, body.get("tabProperties") or {}, fields_of(body))
