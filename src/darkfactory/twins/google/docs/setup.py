"""The Docs setup route (admin token): seed a suggested change into a document, as an editor in
suggesting mode would make it, since the Docs API makes none.

``POST /google/_docs/documents/{documentId}/suggestions`` with ``{"author": email, "tabId"?,
"insertText": {"index", "text"}}`` or ``{"author", "deleteContentRange": {"startIndex",
"endIndex"}}`` answers ``{"suggestionId"}``. The author must be able to comment on the file.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.google.docs import state, suggestions, tabs
from darkfactory.twins.google.docs.edits import EditError
from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.kit.ids import LOWER_ALNUM
from darkfactory.twins.kit.operation import TWIN_KEY


def _refuse(message: str, status: int = 400) -> Response:
    return JSONResponse({"error": message}, status)


async def suggest(request: Request) -> Response:
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
    email = str(wanted.get("author") or "")
    author = twin.state.principal(email) if twin.state.account(email) else None
    if author is None or not at_least(twin.drive.role_of(author, document_id), "commenter"):
        return _refuse("The author must be able to comment on the document.")
    revision, document_tabs = loaded
    suggestion_id = "suggest." + twin.universe.ids.token("docs.suggestion", 12, LOWER_ALNUM)
    try:
        doc = tabs.find(document_tabs, wanted.get("tabId")).tab.doc
        if "insertText" in wanted:
            given = wanted["insertText"] or {}
            index, text = int(given.get("index", 0)), str(given.get("text") or "")
            suggestions.suggest_insertion(doc, index, text, suggestion_id, author.email)
        elif "deleteContentRange" in wanted:
            given = wanted["deleteContentRange"] or {}
            suggestions.suggest_deletion(
                doc,
                int(given.get("startIndex", 0)),
                int(given.get("endIndex", 0)),
                suggestion_id,
                author.email,
            )
        else:
            return _refuse("Give insertText or deleteContentRange.")
    except (EditError, ValueError, TypeError) as error:
        return _refuse(str(error))
    with store.transaction():
        state.store_document(store, document_id, revision + 1, document_tabs)
        twin.drive.touch(document_id, author)
    return JSONResponse({"suggestionId": suggestion_id})


def routes() -> list[Route]:
    return [Route("/_docs/documents/{documentId}/suggestions", suggest, methods=["POST"])]
