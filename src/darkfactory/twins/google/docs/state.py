"""Documents as Drive files: open one for a caller (Drive roles enforced), create, save, revise."""

from __future__ import annotations

import json
from dataclasses import dataclass

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.docs import model
from darkfactory.twins.google.docs.edits import Document
from darkfactory.twins.google.docs.tabs import FIRST_TAB_ID, Tab, walk
from darkfactory.twins.google.drive.formats import DOCUMENT
from darkfactory.twins.google.editors import open_file
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import LOWER_ALNUM, MIXED_ALNUM
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.kit.store import Store


@dataclass
class Opened:
    """A document loaded for one request: its tabs, the first one's content in ``doc``."""

    id: str
    title: str
    revision: int
    tabs: list[Tab]
    principal: Principal

    @property
    def doc(self) -> Document:
        return self.tabs[0].doc


def revision_id(call: Call, document_id: str, revision: int) -> str:
    """The opaque ``revisionId`` of a document's ``revision``-th state."""
    return "AL" + call.universe.ids.derive(
        f"docs.revision:{document_id}:{revision}", 62, MIXED_ALNUM + "_-"
    )


def new_kix_id(universe) -> str:
    """A fresh id for a list or a named range: ``kix.`` and twelve characters."""
    return "kix." + universe.ids.token("docs.kix", 12, LOWER_ALNUM)


def new_tab_id(universe) -> str:
    """A fresh tab id: ``t.`` and twelve characters."""
    return "t." + universe.ids.token("docs.tab", 12, LOWER_ALNUM)


def blank() -> Document:
    return Document([model.empty_paragraph()])


def first_tab(doc: Document) -> list[Tab]:
    """A document of one tab, ``t.0``, holding ``doc``."""
    return [Tab({"tabId": FIRST_TAB_ID, "title": "Tab 1"}, doc)]


COLUMNS = ("body", "lists", "named_ranges", "style", "segments", "objects")


def dump_content(doc: Document) -> dict:
    """A tab's content as JSON for storage."""
    return {
        "body": model.dump(doc.body),
        "lists": doc.lists,
        "named_ranges": doc.named_ranges,
        "style": doc.style,
        "segments": {
            kind: {key: model.dump(elements) for key, elements in found.items()}
            for kind, found in doc.segments.items()
        },
        "objects": doc.objects,
        "named_styles": doc.named_styles,
        "section_style": doc.section_style,
        "dropdowns": doc.dropdowns,
        "comment_anchors": doc.comment_anchors,
        "suggestions": doc.suggestions,
        "positioned": doc.positioned,
    }


def load_content(raw: dict) -> Document:
    return Document(
        model.load(raw["body"]),
        raw["lists"],
        raw["named_ranges"],
        raw["style"],
        {
            kind: {key: model.load(elements) for key, elements in found.items()}
            for kind, found in raw["segments"].items()
        },
        raw["objects"],
        raw.get("named_styles", {}),
        raw.get("section_style", {}),
        raw.get("dropdowns", {}),
        raw.get("comment_anchors", {}),
        raw.get("suggestions", {}),
        raw.get("positioned", {}),
    )


def load(store: Store, document_id: str) -> tuple[int, list[Tab]] | None:
    """A document's revision and tabs (a document stored before tabs has one)."""
    row = store.one("SELECT * FROM google_docs_documents WHERE id = ?", (document_id,))
    if row is None:
        return None
    rows = store.all(
        "SELECT * FROM google_docs_tabs WHERE document_id = ? ORDER BY position", (document_id,)
    )
    if not rows:
        return row["revision"], first_tab(load_content({c: json.loads(row[c]) for c in COLUMNS}))
    tabs: list[Tab] = []
    by_id: dict[str, Tab] = {}
    for found in rows:
        tab = Tab(json.loads(found["properties"]), load_content(json.loads(found["content"])))
        by_id[found["tab_id"]] = tab
        parent = by_id.get(found["parent_tab_id"] or "")
        (parent.children if parent else tabs).append(tab)
    return row["revision"], tabs


def store_document(store: Store, document_id: str, revision: int, tabs: list[Tab]) -> None:
    """Store every tab; the first tab's content also fills the document's own row."""
    first = dump_content(tabs[0].doc)
    store.execute(
        "INSERT INTO google_docs_documents(id, revision, body, lists, named_ranges, style,"
        " segments, objects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, body = excluded.body,"
        " lists = excluded.lists, named_ranges = excluded.named_ranges, style = excluded.style,"
        " segments = excluded.segments, objects = excluded.objects",
        (document_id, revision, *(json.dumps(first[column]) for column in COLUMNS)),
    )
    store.execute("DELETE FROM google_docs_tabs WHERE document_id = ?", (document_id,))
    for position, placed in enumerate(walk(tabs)):
        parent = placed.parent.properties["tabId"] if placed.parent else None
        store.execute(
            "INSERT INTO google_docs_tabs(document_id, position, tab_id, parent_tab_id,"
            " properties, content) VALUES (?, ?, ?, ?, ?, ?)",
            (
                document_id,
                position,
                placed.tab.properties["tabId"],
                parent,
                json.dumps(placed.tab.properties),
                json.dumps(dump_content(placed.tab.doc)),
            ),
        )


def open_document(call: Call, role: str = "reader") -> Opened:
    """The document in the path, if the caller holds ``role`` on its Drive file."""
    principal = require(call)
    document_id = call.path_params["documentId"]
    found = open_file(call, principal, document_id, role, DOCUMENT)
    loaded = load(call.universe.store, document_id) or (1, first_tab(blank()))
    return Opened(document_id, found["name"], loaded[0], loaded[1], principal)


def save(call: Call, opened: Opened) -> None:
    """Store a changed document as its next revision; Drive sees a new version."""
    opened.revision += 1
    store_document(call.universe.store, opened.id, opened.revision, opened.tabs)
    call.twin.drive.touch(opened.id, opened.principal)


def copy_document(store: Store, source_id: str, target_id: str) -> None:
    """Duplicate a document's body under a new id (Drive's ``files.copy``)."""
    loaded = load(store, source_id)
    if loaded is not None:
        store_document(store, target_id, 1, loaded[1])
