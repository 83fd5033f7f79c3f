"""The Docs wire shape of a document: ``Document`` with ``body.content`` of structural elements,
paragraphs of ``textRun``/``pageBreak`` elements, tables, and their UTF-16 indices."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from darkfactory.twins.google.docs import dropdowns, footnotes, styles, suggestions, tables, tabs
from darkfactory.twins.google.docs.edits import Document
from darkfactory.twins.google.docs.model import Element, Paragraph, SectionBreak, Table

SECTION_STYLE = {
    "columnSeparatorStyle": "NONE",
    "contentDirection": "LEFT_TO_RIGHT",
    "sectionType": "CONTINUOUS",
}
DOCUMENT_STYLE = {
    "background": {"color": {}},
    "pageNumberStart": 1,
    "marginTop": {"magnitude": 72, "unit": "PT"},
    "marginBottom": {"magnitude": 72, "unit": "PT"},
    "marginRight": {"magnitude": 72, "unit": "PT"},
    "marginLeft": {"magnitude": 72, "unit": "PT"},
    "pageSize": {
        "height": {"magnitude": 792, "unit": "PT"},
        "width": {"magnitude": 612, "unit": "PT"},
    },
    "marginHeader": {"magnitude": 36, "unit": "PT"},
    "marginFooter": {"magnitude": 36, "unit": "PT"},
    "useCustomHeaderFooterMargins": True,
}
SUGGESTED_KEYS = {"insert": "suggestedInsertionIds", "delete": "suggestedDeletionIds"}
SEGMENT_IDS = {"headers": "headerId", "footers": "footerId", "footnotes": "footnoteId"}
CELL_STYLE = {"rowSpan": 1, "columnSpan": 1, "contentAlignment": "TOP"}


def _paragraph(paragraph: Paragraph, start: int) -> dict:
    elements = []
    index = start
    for run in paragraph.runs:
        item: dict[str, Any] = {"startIndex": index, "endIndex": index + run.length}
        if run.page_break:
            item["pageBreak"] = {"textStyle": run.style}
        elif run.object_id:
            item["inlineObjectElement"] = {"inlineObjectId": run.object_id, "textStyle": run.style}
        elif run.chip:
            ((kind, body),) = run.chip.items()
            item[kind] = {**body, "textStyle": run.style}
        else:
            item["textRun"] = {"content": run.text, "textStyle": run.style}
            for kind, key in (
                ("insert", "suggestedInsertionIds"),
                ("delete", "suggestedDeletionIds"),
            ):
                if (run.suggested or {}).get(kind):
                    item["textRun"][key] = run.suggested[kind]
        elements.append(item)
        index += run.length
    body: dict[str, Any] = {
        "elements": elements,
        "paragraphStyle": {
            "namedStyleType": "NORMAL_TEXT",
            "direction": "LEFT_TO_RIGHT",
            **paragraph.style,
        },
    }
    if paragraph.bullet:
        body["bullet"] = paragraph.bullet
    if paragraph.positioned:
        body["positionedObjectIds"] = paragraph.positioned
    return {"startIndex": start, "endIndex": index, "paragraph": body}


def content(elements: list[Element], start: int) -> tuple[list[dict], int]:
    """Structural elements from ``start``; also the index after the last one."""
    out = []
    index = start
    for element in elements:
        if isinstance(element, Paragraph):
            out.append(_paragraph(element, index))
            index += element.length
        elif isinstance(element, SectionBreak):
            style = {**SECTION_STYLE, **element.style}
            out.append(
                {
                    "startIndex": index,
                    "endIndex": index + 1,
                    "sectionBreak": {"sectionStyle": style},
                }
            )
            index += 1
        else:
            item, index = _table(element, index)
            out.append(item)
    return out, index


def _table(table: Table, start: int) -> tuple[dict, int]:
    style = tables.grid(table)
    index = start + 1
    rows = []
    for row, row_style in zip(table.rows, style["rows"], strict=True):
        row_start = index
        index += 1
        cells = []
        for cell, cell_style in zip(row, style["cells"][len(rows)], strict=True):
            cell_start = index
            cell_content, index = content(cell, index + 1)
            cells.append(
                {
                    "startIndex": cell_start,
                    "endIndex": index,
                    "content": cell_content,
                    "tableCellStyle": {**CELL_STYLE, **cell_style},
                }
            )
        rows.append(
            {
                "startIndex": row_start,
                "endIndex": index,
                "tableCells": cells,
                "tableRowStyle": {"minRowHeight": {"unit": "PT"}, **row_style},
            }
        )
    body = {
        "rows": len(table.rows),
        "columns": len(style["columns"]),
        "tableRows": rows,
        "tableStyle": {"tableColumnProperties": style["columns"]},
    }
    return {"startIndex": start, "endIndex": index, "table": body}, index


def elements(found: list[dict]) -> Iterator[dict]:
    """Every paragraph element of rendered content, those in tables included."""
    for item in found:
        if "paragraph" in item:
            yield from item["paragraph"]["elements"]
        for row in item.get("table", {}).get("tableRows", []):
            for cell in row["tableCells"]:
                yield from elements(cell["content"])


def _first_break(doc: Document) -> dict:
    style = {**SECTION_STYLE, **doc.section_style}
    return {"endIndex": 1, "sectionBreak": {"sectionStyle": style}}


def tab_content(doc: Document) -> dict:
    """A tab's ``DocumentTab``: its body, styles, headers, footers, objects, lists and ranges."""
    body_content, _ = content(doc.body, 1)
    parts: dict[str, Any] = {
        "body": {"content": [_first_break(doc), *body_content]},
        "documentStyle": {**DOCUMENT_STYLE, **doc.style},
        "namedStyles": styles.named_styles(doc),
    }
    footnotes.number(elements(body_content))
    every = [body_content]
    for kind, id_key in SEGMENT_IDS.items():
        if doc.segments.get(kind):
            parts[kind] = {
                key: {id_key: key, "content": content(segment, 0)[0]}
                for key, segment in doc.segments[kind].items()
            }
            every += [found["content"] for found in parts[kind].values()]
    dropdowns.display(doc, (element for found in every for element in elements(found)))
    if doc.dropdowns:
        parts["dropdownDefinitions"] = doc.dropdowns
    if doc.objects:
        parts["inlineObjects"] = doc.objects
    if doc.positioned:
        parts["positionedObjects"] = doc.positioned
    if doc.lists:
        parts["lists"] = doc.lists
    if doc.named_ranges:
        grouped: dict[str, dict] = {}
        for named in doc.named_ranges:
            grouped.setdefault(named["name"], {"name": named["name"], "namedRanges": []})
            grouped[named["name"]]["namedRanges"].append(named)
        parts["namedRanges"] = grouped
    return parts


def shown(doc: Document, mode: str) -> Document:
    """A tab's content as the suggestions view ``mode`` shows it."""
    if mode == "SUGGESTIONS_INLINE" or not doc.suggestions:
        return doc
    return suggestions.preview(doc, mode == "PREVIEW_SUGGESTIONS_ACCEPTED")


def _tab(placed: tabs.Placed, anchors: bool, mode: str) -> dict:
    found = tab_content(shown(placed.tab.doc, mode))
    if anchors and placed.tab.doc.comment_anchors:
        found["commentAnchors"] = placed.tab.doc.comment_anchors
    out: dict[str, Any] = {"tabProperties": placed.properties, "documentTab": found}
    if placed.tab.children:
        out["childTabs"] = _tabs(placed.tab.children, placed.tab, placed.level + 1, anchors, mode)
    return out


def _tabs(
    siblings: list[tabs.Tab], parent: tabs.Tab | None, level: int, anchors: bool, mode: str
) -> list:
    return [_tab(tabs.Placed(tab, siblings, parent, level), anchors, mode) for tab in siblings]


def document_json(
    document_id: str,
    title: str,
    revision_id: str,
    document_tabs: list[tabs.Tab],
    with_tabs: bool,
    mode: str,
    comments: list[dict] | None = None,
) -> dict:
    """A ``Document``: with ``with_tabs`` (``includeTabsContent``) every tab in ``tabs``, each
    with its content; otherwise the first tab's content at the top level."""
    out: dict[str, Any] = {"documentId": document_id, "title": title, "revisionId": revision_id}
    if with_tabs:
        out["tabs"] = _tabs(document_tabs, None, 0, comments is not None, mode)
        if comments is not None:
            out["comments"] = comments
    else:
        first = tab_content(shown(document_tabs[0].doc, mode))
        first.pop("dropdownDefinitions", None)  # a Document has none outside its tabs
        out |= first
    return {**out, "suggestionsViewMode": mode}
