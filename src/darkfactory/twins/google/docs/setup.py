"""The Docs setup routes (admin token): seed what the Docs API cannot make, as an editor in the
Docs web editor would make it.

- ``POST /google/_docs/documents/{documentId}/suggestions`` with ``{"author": email, "tabId"?,
  "insertText": {"index", "text"}}`` or ``{"author", "deleteContentRange": {"startIndex",
  "endIndex"}}`` answers ``{"suggestionId"}``; the author must be able to comment on the file.
- ``POST /google/_docs/documents/{documentId}/positionedObjects`` with ``{"author": email,
  "tabId"?, "index", "uri"}`` places an image on the page, anchored to the paragraph at
  ``index``, and answers ``{"objectId"}``; the author must be able to edit the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.google.docs import state, suggestions, tabs
from darkfactory.twins.google.docs.edits import Document, EditError, place_positioned_image
from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import TWIN_KEY


def _refuse(message: str, status: int = 400) -> Response:
    return JSONResponse({"error": message}, status)


def _setup(change: Callable[[object, str, Document, dict], dict]):
    """An endpoint that applies ``change(twin, document_id, tab content, body)`` to a document
    and stores it as a new revision; a refused change leaves the document as it was."""

    async def endpoint(request: Request) -> Response:
        twin = request.scope[TWIN_KEY]
        document_id = request.path_params["documentId"]
        try:
            wanted = json.loads(await request.body() or b"{}")
        except ValueError:
            return _refuse("The body must be JSON.")
        if not isinstance(wanted, dict):
            return _refuse("The body must be a JSON object.")
        store = twin.universe.store
        loaded = state.load(store, document_id)
        if loaded is None:
            return _refuse(f"Document {document_id} not found.", 404)
        revision, document_tabs = loaded
        try:
            doc = tabs.find(document_tabs, wanted.get("tabId")).tab.doc
            answer = change(twin, document_id, doc, wanted)
        except (EditError, ValueError, TypeError) as error:
            return _refuse(str(error))
        with store.transaction():
            state.store_document(store, document_id, revision + 1, document_tabs)
            twin.drive.touch(document_id, twin.state.principal(answer.pop("by")))
        return JSONResponse(answer)

    return endpoint


def _author(twin, document_id: str, wanted: dict, role: str, may: str):
    """The ``author`` named, if they hold ``role`` on the document."""
    email = str(wanted.get("author") or "")
    author = twin.state.principal(email) if twin.state.account(email) else None
    if author is None or not at_least(twin.drive.role_of(author, document_id), role):
        raise EditError(f"The author must be able to {may} the document.")
    return author


def _suggest(twin, document_id: str, doc: Document, wanted: dict) -> dict:
    author = _author(twin, document_id, wanted, "commenter", "comment on")
    suggestion_id = "suggest." + twin.universe.ids.token("docs.suggestion", 12, LOWER_ALNUM)
    if "insertText" in wanted:
        given = wanted["insertText"] or {}
        index, text = int(given.get("index", 0)), str(given.get("text") or "")
        suggestions.suggest_insertion(doc, index, text, suggestion_id, author.email)
    elif "deleteContentRange" in wanted:
        given = wanted["deleteContentRange"] or {}
        start, end = int(given.get("startIndex", 0)), int(given.get("endIndex", 0))
        suggestions.suggest_deletion(doc, start, end, suggestion_id, author.email)
    else:
        raise EditError("Give insertText or deleteContentRange.")
    return {"suggestionId": suggestion_id, "by": author.email}


def _position(twin, document_id: str, doc: Document, wanted: dict) -> dict:
    author = _author(twin, document_id, wanted, "writer", "edit")
    object_id = state.new_kix_id(twin.universe)
    uri = str(wanted.get("uri") or "")
    place_positioned_image(doc, int(wanted.get("index", 1)), uri, object_id)
    return {"objectId": object_id, "by": author.email}


def routes() -> list[Route]:
    base = "/_docs/documents/{documentId}"
    return [
        Route(f"{base}/suggestions", _setup(_suggest), methods=["POST"]),
        Route(f"{base}/positionedObjects", _setup(_position), methods=["POST"]),
    ]
