"""What every ``documents.batchUpdate`` request works on (``Batch``: the tabs, the call,
the writer), the registry of request kinds, and the readers of the locations, ranges and masks
the requests share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from darkfactory.twins.google.docs import tables, tabs
from darkfactory.twins.google.docs.edits import Document, EditError
from darkfactory.twins.google.docs.state import new_kix_id
from darkfactory.twins.google.docs.tabs import Tab
from darkfactory.twins.google.principal import Principal
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


def segment_of(batch: Batch, place: dict) -> Document:
    """The segment (body, header or footer) of the tab a ``Location`` or ``Range`` names."""
    return batch.tab(place.get("tabId")).segment(place.get("segmentId"))


def index_of(batch: Batch, body: dict) -> tuple[Document, int]:
    """The segment and index an insertion goes to: ``location`` or the segment's end."""
    if "location" in body:
        place = body["location"] or {}
        return segment_of(batch, place), int(place.get("index", 0))
    if "endOfSegmentLocation" in body:
        segment = segment_of(batch, body["endOfSegmentLocation"] or {})
        return segment, segment.end - 1
    raise EditError("Either location or endOfSegmentLocation must be set.")


def range_of(batch: Batch, body: dict, key: str = "range") -> tuple[Document, int, int]:
    found = body.get(key) or {}
    segment = segment_of(batch, found)
    return segment, int(found.get("startIndex", 0)), int(found.get("endIndex", 0))


def body_only(segment: Document, what: str) -> None:
    if segment.first != 1:
        raise EditError(f"{what} can only be inserted in the document body.")


def fields_of(body: dict) -> str:
    if not body.get("fields"):
        raise EditError(
            "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"
        )
    return body["fields"]


def cell_of(batch: Batch, body: dict) -> tuple[Document, int, int, int]:
    """(segment, table start, row, column) of a ``tableCellLocation``."""
    location = body.get("tableCellLocation") or {}
    table = location.get("tableStartLocation") or {}
    return (
        segment_of(batch, table),
        int(table.get("index", 0)),
        int(location.get("rowIndex", 0)),
        int(location.get("columnIndex", 0)),
    )


def table_start(batch: Batch, body: dict) -> tuple[Document, int]:
    """The segment and start index of the table a ``tableStartLocation`` names."""
    place = body.get("tableStartLocation") or {}
    return segment_of(batch, place), int(place.get("index", 0))


def table_range(batch: Batch, body: dict) -> tuple[Document, int, list]:
    """The segment, table start and cells of a ``tableRange``."""
    found = body.get("tableRange") or {}
    segment, start, row, column = cell_of(batch, found)
    table = tables.table_at(segment, start)
    rows, columns = int(found.get("rowSpan", 0)), int(found.get("columnSpan", 0))
    return segment, start, tables.cell_range(table, row, column, rows, columns)
