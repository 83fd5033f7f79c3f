"""The document view at ``/ui/google/documents/{id}``: paragraphs with headings, bullets, styles,
images and tables, shown to the viewer only if Drive lets them read the file, with the file's
comments beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.docs import state
from darkfactory.twins.google.docs.model import Paragraph, SectionBreak, Table
from darkfactory.twins.google.drive.formats import DOCUMENT
from darkfactory.twins.google.viewer import shown_file, ui_token, viewer_account
from darkfactory.twins.kit.dashboard import page

if TYPE_CHECKING:
    from darkfactory.twins.google import GoogleTwin

TAGS = {"TITLE": "h1", "SUBTITLE": "h2", **{f"HEADING_{n}": f"h{n}" for n in range(1, 7)}}


def _image(objects: dict, object_id: str | None) -> str | None:
    if object_id is None or object_id not in objects:
        return None
    embedded = objects[object_id]["inlineObjectProperties"]["embeddedObject"]
    return embedded["imageProperties"]["contentUri"]


def _paragraph(paragraph: Paragraph, objects: dict) -> dict:
    runs = [
        {
            "text": run.text.rstrip("\n"),
            "page_break": run.page_break,
            "image": _image(objects, run.object_id),
            "bold": run.style.get("bold"),
            "italic": run.style.get("italic"),
            "underline": run.style.get("underline"),
        }
        for run in paragraph.runs
    ]
    return {
        "tag": TAGS.get(paragraph.style.get("namedStyleType", ""), "p"),
        "bullet": paragraph.bullet is not None,
        "runs": runs,
    }


def blocks(body: list, objects: dict) -> list[dict]:
    out = []
    for element in body:
        if isinstance(element, Table):
            rows = [
                [[_paragraph(p, objects) for p in cell] for cell in row] for row in element.rows
            ]
            out.append({"table": rows})
        elif isinstance(element, SectionBreak):
            out.append({"tag": "hr", "bullet": False, "runs": []})
        else:
            out.append(_paragraph(element, objects))
    return out


def routes(twin: GoogleTwin) -> list[Route]:
    async def document(request: Request) -> Response:
        document_id = request.path_params["document_id"]
        file = shown_file(request, twin, document_id, DOCUMENT)
        if file is None:
            return Response("Document not found", status_code=404)
        loaded = state.load(twin.universe.store, document_id)
        doc = loaded[1][0].doc if loaded else state.blank()
        segments = {
            kind: [
                blocks(elements, doc.objects) for elements in doc.segments.get(kind, {}).values()
            ]
            for kind in ("headers", "footers")
        }
        return page(
            request,
            "google/document.html",
            file=file,
            api=twin.client_url,
            token=ui_token(twin, viewer_account(request, twin.state)["email"]),
            blocks=blocks(doc.body, doc.objects),
            **segments,
        )

    return [Route("/documents/{document_id}", document, methods=["GET"])]
