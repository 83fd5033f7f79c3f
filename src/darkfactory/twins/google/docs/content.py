"""A document's content for Drive (export to DOCX/PDF/plain text, ``fullText`` search)."""

from __future__ import annotations

from darkfactory.twins.google.docs import state
from darkfactory.twins.google.docs.model import layout
from darkfactory.twins.google.drive.native import Paragraph, Text
from darkfactory.twins.kit.store import Store

LEVELS = {"TITLE": -1, **{f"HEADING_{n}": n for n in range(1, 7)}}


def text(store: Store, document_id: str) -> Text:
    title = store.scalar("SELECT name FROM google_drive_files WHERE id = ?", (document_id,)) or ""
    loaded = state.load(store, document_id)
    doc = loaded[1][0].doc if loaded else state.blank()
    paragraphs = [
        Paragraph(
            placed.paragraph.plain.rstrip("\n"),
            LEVELS.get(placed.paragraph.style.get("namedStyleType", ""), 0),
            placed.paragraph.bullet is not None,
        )
        for placed in layout(doc.body)
    ]
    return Text(title=title, paragraphs=paragraphs)
