"""``documents.create``, ``documents.get`` and ``documents.batchUpdate`` (with ``writeControl``)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.api import body, flag
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.docs import requests
from darkfactory.twins.google.docs.resources import document_json
from darkfactory.twins.google.docs.state import (
    Opened,
    blank,
    new_kix_id,
    open_document,
    revision_id,
    save,
    store_document,
)
from darkfactory.twins.google.drive.formats import DOCUMENT
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.fields import partial
from darkfactory.twins.google.masks import dotted
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def answer(call: Call, opened: Opened) -> dict:
    value = document_json(
        opened.id,
        opened.title,
        revision_id(call, opened.id, opened.revision),
        opened.doc,
        flag(call, "includeTabsContent"),
    )
    return partial(value, dotted(call.query.get("fields")), "docs", "v1", "Document")


@operation("docs.documents.create")
def create(call: Call) -> dict:
    principal = require(call)
    wanted = body(call, "Document")
    title = wanted.get("title") or "Untitled document"
    file = call.twin.drive.create_file(principal, title, DOCUMENT)
    doc = blank()
    store_document(call.universe.store, file["id"], 1, doc)
    return answer(call, Opened(file["id"], title, 1, doc, principal))


@operation("docs.documents.get")
def get(call: Call) -> dict:
    return answer(call, open_document(call))


@operation("docs.documents.batchUpdate")
def batch_update(call: Call) -> dict:
    opened = open_document(call, "writer")
    wanted = body(call, "BatchUpdateDocumentRequest")
    control = wanted.get("writeControl") or {}
    current = revision_id(call, opened.id, opened.revision)
    required = control.get("requiredRevisionId")
    if required is not None and required != current:
        raise GoogleError(
            400,
            "failedPrecondition",
            f"The required revision ID '{required}' does not match the latest revision.",
            status_name="FAILED_PRECONDITION",
        )
    replies = requests.apply(opened.doc, wanted.get("requests"), lambda: new_kix_id(call.universe))
    save(call, opened)
    return {
        "documentId": opened.id,
        "replies": replies,
        "writeControl": {"requiredRevisionId": revision_id(call, opened.id, opened.revision)},
    }


def routes() -> list[Route]:
    return [
        Route("/v1/documents", create, methods=["POST"]),
        Route("/v1/documents/{documentId}:batchUpdate", batch_update, methods=["POST"]),
        Route("/v1/documents/{documentId}", get, methods=["GET"]),
    ]
