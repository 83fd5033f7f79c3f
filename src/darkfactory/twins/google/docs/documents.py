"""``documents.create``, ``documents.get`` and ``documents.batchUpdate`` (with ``writeControl``)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.api import body, flag
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.docs import comments, proto3, requests, views
from darkfactory.twins.google.docs.resources import document_json
from darkfactory.twins.google.docs.state import (
    Opened,
    blank,
    first_tab,
    open_document,
    revision_id,
    save,
    store_document,
)
from darkfactory.twins.google.drive.formats import DOCUMENT
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.fields import partial
from darkfactory.twins.google.masks import dotted, paths
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


def answer(call: Call, opened: Opened) -> dict:
    """The document as ``documents.get`` answers it; a field mask naming ``tabs`` implies
    ``includeTabsContent``."""
    fields = dotted(call.query.get("fields"))
    with_tabs = flag(call, "includeTabsContent") or any(
        path[0] == "tabs" for path in paths(fields, ())
    )
    role = call.twin.drive.role_of(opened.principal, opened.id)
    suggestions = views.suggestions(call, role)
    comments_mode = views.comments(call, role, with_tabs)
    included = comments_mode == views.COMMENTS[1]
    value = document_json(
        opened.id,
        opened.title,
        revision_id(call, opened.id, opened.revision),
        opened.tabs,
        with_tabs,
        suggestions,
        comments.threads(call, opened.id, opened.principal.email) if included else None,
    )
    if comments_mode:
        value["commentsViewMode"] = comments_mode
    return partial(proto3.render(value, "Document"), fields, "docs", "v1", "Document")


@operation("docs.documents.create")
def create(call: Call) -> dict:
    principal = require(call)
    wanted = body(call, "Document")
    title = wanted.get("title") or "Untitled document"
    file = call.twin.drive.create_file(principal, title, DOCUMENT)
    tabs = first_tab(blank())
    store_document(call.universe.store, file["id"], 1, tabs)
    return answer(call, Opened(file["id"], title, 1, tabs, principal))


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
    replies = requests.apply(call, opened, wanted.get("requests"))
    save(call, opened)
    out = {
        "documentId": opened.id,
        "replies": replies,
        "writeControl": {"requiredRevisionId": revision_id(call, opened.id, opened.revision)},
    }
    return proto3.render(out, "BatchUpdateDocumentResponse")


def routes() -> list[Route]:
    return [
        Route("/v1/documents", create, methods=["POST"]),
        Route("/v1/documents/{documentId}:batchUpdate", batch_update, methods=["POST"]),
        Route("/v1/documents/{documentId}", get, methods=["GET"]),
    ]
