"""Named ranges of a document: create, delete, and replace their content."""

from __future__ import annotations

from darkfactory.twins.google.docs.edits import (
    Document,
    EditError,
    check_range,
    delete_range,
    insert_text,
)


def create_named_range(doc: Document, name: str, start: int, end: int, range_id: str) -> None:
    if not 1 <= len(name) <= 256:
        raise EditError("The name must be between 1 and 256 characters.")
    check_range(doc, start, end)
    doc.named_ranges.append(
        {"namedRangeId": range_id, "name": name, "ranges": [{"startIndex": start, "endIndex": end}]}
    )


def delete_named_range(doc: Document, range_id: str | None, name: str | None) -> None:
    kept = [
        n
        for n in doc.named_ranges
        if not (range_id and n["namedRangeId"] == range_id) and not (name and n["name"] == name)
    ]
    if len(kept) == len(doc.named_ranges):
        raise EditError(f"The named range {range_id or name} does not exist.")
    doc.named_ranges = kept


def replace_named_range_content(
    doc: Document, range_id: str | None, name: str | None, text: str
) -> None:
    """Replace the text of every range of a named range; the range then spans the new text."""
    found = [
        n
        for n in doc.named_ranges
        if (range_id and n["namedRangeId"] == range_id) or (name and n["name"] == name)
    ]
    if not found:
        raise EditError(f"The named range {range_id or name} does not exist.")
    for named in found:
        pieces = sorted(named["ranges"], key=lambda p: p["startIndex"], reverse=True)
        doc.named_ranges.remove(named)
        kept = []
        for piece in pieces:
            start, end = piece["startIndex"], piece["endIndex"]
            delete_range(doc, start, end)
            if text:
                insert_text(doc, start, text)
            kept.append(
                {"startIndex": start, "endIndex": start + len(text.encode("utf-16-le")) // 2}
            )
        if text:
            doc.named_ranges.append(
                {**named, "ranges": sorted(kept, key=lambda p: p["startIndex"])}
            )
