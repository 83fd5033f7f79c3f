"""Docs v1 in the Google twin: ``/google/v1/documents...``; a document is a Drive file of the
document mimeType, its body kept here as structural elements."""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.docs import documents, fixtures, requests, setup, ui
from darkfactory.twins.google.docs.content import text
from darkfactory.twins.google.docs.schema import SCHEMA
from darkfactory.twins.google.docs.state import copy_document
from darkfactory.twins.google.drive import native
from darkfactory.twins.google.drive.formats import DOCUMENT

BATCH_UPDATE_REQUESTS = sorted(requests.REQUESTS)

__all__ = ["BATCH_UPDATE_REQUESTS", "SCHEMA", "routes", "seed", "ui_routes"]

native.register(
    native.NativeType(
        mime_type=DOCUMENT,
        content=lambda universe, file_id: text(universe.store, file_id),
        copy=lambda universe, source, target: copy_document(universe.store, source, target),
    )
)

seed = fixtures.seed


def routes() -> list[BaseRoute]:
    return documents.routes() + setup.routes()


def ui_routes(twin) -> list[BaseRoute]:
    return ui.routes(twin)
