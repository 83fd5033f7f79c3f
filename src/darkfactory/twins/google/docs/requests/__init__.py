"""``documents.batchUpdate``: the request kinds, applied in order, all or nothing.

A request Google refuses is answered as it does: ``Invalid requests[0].insertText: Index 5 must be
less than the end index of the referenced segment, 3.`` (400 INVALID_ARGUMENT). Each family of
kinds registers itself from its own module: ``text``, ``tables``, ``layout``, ``objects`` and
``discussion``.
"""

from __future__ import annotations

from darkfactory.twins.google.docs import edits, footnotes, tabs
from darkfactory.twins.google.docs.edits import EditError
from darkfactory.twins.google.docs.requests import (  # noqa: F401  (each registers its kinds)
    discussion,
    layout,
    objects,
    tables,
    text,
)
from darkfactory.twins.google.docs.requests.batch import REQUESTS, Batch
from darkfactory.twins.google.docs.state import Opened
from darkfactory.twins.google.requests import apply_requests
from darkfactory.twins.kit.operation import Call

__all__ = ["REQUESTS", "apply"]


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
