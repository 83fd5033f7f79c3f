"""Suggested changes in a document: text suggested for insertion or deletion, each suggestion
with its author, accepted, rejected or withdrawn by batchUpdate, and previews of the document
with every suggestion accepted or none.

The Docs API makes no suggestions (an editor does, in suggesting mode), so they are seeded
through the twin's setup route ``POST /google/_docs/documents/{documentId}/suggestions``.
"""

from __future__ import annotations

import copy

from darkfactory.twins.google.docs.edits import (
    Document,
    EditError,
    check_range,
    cut,
    delete_range,
    insert_text,
    overlapping,
)
from darkfactory.twins.google.docs.model import layout, normalize, split_runs, utf16_len


def _mark(doc: Document, start: int, end: int, mark: dict | None) -> None:
    """Set the suggestion mark of the text in ``[start, end)``."""
    for placed in overlapping(doc, start, end):
        a, b = max(start, placed.start), min(end, placed.end)
        left, rest = cut(placed, a)
        middle, right = split_runs(rest, b - a) or (rest, [])
        for run in middle:
            run.suggested = copy.deepcopy(mark)
        placed.paragraph.runs = normalize(left + middle + right)


def suggest_insertion(doc: Document, index: int, text: str, suggestion_id: str, author: str):
    insert_text(doc, index, text)
    _mark(doc, index, index + utf16_len(text), {"insert": [suggestion_id]})
    doc.suggestions[suggestion_id] = {"author": author}


def suggest_deletion(doc: Document, start: int, end: int, suggestion_id: str, author: str):
    check_range(doc, start, end)
    if end >= doc.end:
        raise EditError("The range cannot include the newline character at the end of the segment.")
    _mark(doc, start, end, {"delete": [suggestion_id]})
    doc.suggestions[suggestion_id] = {"author": author}


def _spans(doc: Document, suggestion_id: str) -> list[tuple[int, int, str]]:
    """Where a suggestion's runs are: (start, end, ``insert`` or ``delete``), last first."""
    found = []
    for placed in layout(doc.body):
        index = placed.start
        for run in placed.paragraph.runs:
            for kind, ids in (run.suggested or {}).items():
                if suggestion_id in ids:
                    found.append((index, index + run.length, kind))
            index += run.length
    return sorted(found, reverse=True)


def author_of(doc: Document, suggestion_id: str) -> str:
    if suggestion_id not in doc.suggestions:
        raise EditError(f"Suggestion {suggestion_id} not found.")
    return doc.suggestions[suggestion_id]["author"]


def settle(doc: Document, suggestion_id: str, accept: bool) -> None:
    """Accept a suggestion (its insertions stay, its deletions go) or reject it (the other way
    round); either way it is no longer a suggestion."""
    author_of(doc, suggestion_id)
    for start, end, kind in _spans(doc, suggestion_id):
        if (kind == "insert") == accept:
            _mark(doc, start, end, None)
        else:
            delete_range(doc, start, end)
    del doc.suggestions[suggestion_id]


def preview(doc: Document, accept: bool) -> Document:
    """A copy of ``doc`` with every suggestion accepted (or rejected)."""
    shown = copy.deepcopy(doc)
    for suggestion_id in list(shown.suggestions):
        settle(shown, suggestion_id, accept)
    return shown
