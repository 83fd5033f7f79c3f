"""Footnotes: ``createFootnote`` puts a reference (one index) in the body and makes a footnote
segment holding a space and a newline; a footnote goes when its reference is deleted, and the
references are numbered in reading order."""

from __future__ import annotations

from collections.abc import Iterable

from darkfactory.twins.google.docs.edits import Document, EditError, insert_atom
from darkfactory.twins.google.docs.model import Paragraph, Run, layout


def create_footnote(doc: Document, segment: Document, index: int, footnote_id: str) -> None:
    if segment.first != 1:
        raise EditError("Footnote references can only be inserted in the document body.")
    insert_atom(segment, index, Run("", chip={"footnoteReference": {"footnoteId": footnote_id}}))
    doc.segments.setdefault("footnotes", {})[footnote_id] = [Paragraph([Run(" \n")])]


def references(doc: Document) -> list[str]:
    """The footnote ids referred to from the body, in reading order."""
    return [
        run.chip["footnoteReference"]["footnoteId"]
        for placed in layout(doc.body)
        for run in placed.paragraph.runs
        if run.chip and "footnoteReference" in run.chip
    ]


def prune(doc: Document) -> None:
    """Forget the footnotes whose reference was deleted."""
    kept = set(references(doc))
    found = doc.segments.get("footnotes", {})
    doc.segments["footnotes"] = {k: v for k, v in found.items() if k in kept}


def number(elements: Iterable[dict]) -> None:
    """Give each rendered ``footnoteReference`` its number, from 1, in reading order."""
    count = 0
    for element in elements:
        if "footnoteReference" in element:
            count += 1
            element["footnoteReference"]["footnoteNumber"] = str(count)
