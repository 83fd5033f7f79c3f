"""Hooks for Drive-native files (Sheets, Docs): their content for export and search, and copying.

Drive itself stores no body for a native file; the area that owns the type registers a
``NativeType`` at import time:

    native.register(NativeType(
        mime_type="application/vnd.google-apps.spreadsheet",
        content=lambda universe, file_id: Table(sheets=[("Sheet1", [["a", "1"]])]),
        copy=lambda universe, source_id, target_id: ...,   # duplicate the body under a new id
        load=lambda universe, file_id, data, media_type: ...,  # an upload converted to it
    ))

``copy`` and ``load`` are optional (without ``load``, uploads cannot convert into the type).
``content`` answers a ``Table`` (spreadsheets: sheets of rows of cell texts) or a ``Text``
(documents: paragraphs with an optional heading level); ``files.export`` writes the requested
format from it (see ``export.py``) and ``fullText contains`` searches it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe


@dataclass
class Table:
    """A spreadsheet's content: ``(title, rows)`` per sheet, each row a list of cell texts."""

    sheets: list[tuple[str, list[list[str]]]]


@dataclass
class Paragraph:
    text: str
    heading: int = 0  # 0 = normal text, 1..6 = HEADING_1..HEADING_6, -1 = TITLE
    bullet: bool = False


@dataclass
class Text:
    """A document's content: its title and paragraphs in order."""

    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)


Content = Table | Text


@dataclass
class NativeType:
    mime_type: str
    content: Callable[[Universe, str], Content]
    copy: Callable[[Universe, str, str], None] | None = None
    load: Callable[[Universe, str, bytes, str], None] | None = None


REGISTRY: dict[str, NativeType] = {}


def register(native: NativeType) -> NativeType:
    REGISTRY[native.mime_type] = native
    return native


def of(mime_type: str) -> NativeType | None:
    return REGISTRY.get(mime_type)
