"""Documents as Drive files: open one for a caller (Drive roles enforced), create, save, revise."""

from __future__ import annotations

import json
from dataclasses import dataclass

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.docs import model
from darkfactory.twins.google.docs.edits import Document
from darkfactory.twins.google.drive.formats import DOCUMENT
from darkfactory.twins.google.editors import open_file
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import LOWER_ALNUM, MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.store import Store


@dataclass
class Opened:
    """A document loaded for one request."""

    id: str
    title: str
    revision: int
    doc: Document
    principal: Principal


def revision_id(call: Call, document_id: str, revision: int) -> str:
    """The opaque ``revisionId`` of a document's ``revision``-th state."""
    return "AL" + call.universe.ids.derive(
        f"docs.revision:{document_id}:{revision}", 62, MIXED_ALNUM + "_-"
    )


def new_kix_id(universe) -> str:
    """A fresh id for a list or a named range: ``kix.`` and twelve characters."""
    return "kix." + universe.ids.token("docs.kix", 12, LOWER_ALNUM)


def blank() -> Document:
    return Document([model.empty_paragraph()])


def load(store: Store, document_id: str) -> tuple[int, Document] | None:
    row = store.one("SELECT * FROM google_docs_documents WHERE id = ?", (document_id,))
    if row is None:
        return None
    doc = Document(
        model.load(json.loads(row["body"])),
        json.loads(row["lists"]),
        json.loads(row["named_ranges"]),
        json.loads(row["style"]),
        {
            kind: {key: model.load(raw) for key, raw in found.items()}
            for kind, found in json.loads(row["segments"]).items()
        },
        json.loads(row["objects"]),
    )
    return row["revision"], doc


def store_document(store: Store, document_id: str, revision: int, doc: Document) -> None:
    store.execute(
        "INSERT INTO google_docs_documents(id, revision, body, lists, named_ranges, style,"
        " segments, objects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, body = excluded.body,"
        " lists = excluded.lists, named_ranges = excluded.named_ranges, style = excluded.style,"
        " segments = excluded.segments, objects = excluded.objects",
        (
            document_id,
            revision,
            json.dumps(model.dump(doc.body)),
            json.dumps(doc.lists),
            json.dumps(doc.named_ranges),
            json.dumps(doc.style),
            json.dumps(
                {
                    kind: {key: model.dump(elements) for key, elements in found.items()}
                    for kind, found in doc.segments.items()
                }
            ),
            json.dumps(doc.objects),
        ),
    )


def open_document(call: Call, role: str = "reader") -> Opened:
    """The document in the path, if the caller holds ``role`` on its Drive file."""
    principal = require(call)
    document_id = call.path_params["documentId"]
    found = open_file(call, principal, document_id, role, DOCUMENT)
    loaded = load(call.universe.store, document_id) or (1, blank())
    return Opened(document_id, found["name"], loaded[0], loaded[1], principal)


def save(call: Call, opened: Opened) -> None:
    """Store a changed document as its next revision; Drive sees a new version."""
    opened.revision += 1
    store_document(call.universe.store, opened.id, opened.revision, opened.doc)
    call.twin.drive.touch(opened.id, opened.principal)


def copy_document(store: Store, source_id: str, target_id: str) -> None:
    """Duplicate a document's body under a new id (Drive's ``files.copy``)."""
    loaded = load(store, source_id)
    if loaded is not None:
        store_document(store, target_id, 1, loaded[1])
