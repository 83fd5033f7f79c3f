"""What Docs tests do again and again: a ``batchUpdate``, one Google refuses, a new document."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError


def update(docs, document_id: str, *requests) -> dict:
    body = {"requests": list(requests)}
    return docs.documents().batchUpdate(documentId=document_id, body=body).execute()


def refused(docs, document_id: str, request: dict) -> str:
    """Send ``request``, which Google must refuse as a bad request; the reason it gives."""
    with pytest.raises(HttpError) as caught:
        update(docs, document_id, request)
    assert caught.value.status_code == 400
    return caught.value.reason
