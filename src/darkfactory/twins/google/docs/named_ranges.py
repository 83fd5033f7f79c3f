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


def _named(named: dict, range_id: str | None, name: str | None) -> bool:
    by_id = range_id and named["namedRangeId"] == range_id
    return bool(by_id or (name and named["name"] == name))


def delete_named_range(docs: list[Document], range_id: str | None, name: str | None) -> None:
    """Delete the named ranges ``range_id`` or ``name`` names in any of ``docs`` (tabs)."""
    deleted = 0
    for doc in docs:
        kept = [n for n in doc.named_ranges if not _named(n, range_id, name)]
        deleted += len(doc.named_ranges) - len(kept)
        doc.named_ranges = kept
    if not deleted:
        raise EditError(f"The named range {range_id or name} does not exist.")


def replace_named_range_content(
    docs: list[Document], range_id: str | None, name: str | None, text: str
) -> None:
    """Replace the text of every range of a named range; the range then spans the new text."""
    found = [(doc, n) for doc in docs for n in doc.named_ranges if _named(n, range_id, name)]
    if not found:
        raise EditError(f"The named range {range_id or name} does not exist.")
    for doc, named in found:
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
