"""A tab's named styles (``updateNamedStyle``) and the styles of its sections
(``updateSectionStyle``), set field by field as a mask names them."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.docs.edits import (
    PARAGRAPH_STYLE_FIELDS,
    TEXT_STYLE_FIELDS,
    Document,
    EditError,
)
from darkfactory.twins.google.docs.model import SectionBreak

NAMED_STYLE_TYPES = (
    "NORMAL_TEXT",
    "TITLE",
    "SUBTITLE",
    *(f"HEADING_{n}" for n in range(1, 7)),
)
SECTION_FIELDS = (
    "columnProperties",
    "columnSeparatorStyle",
    "contentDirection",
    "marginTop",
    "marginBottom",
    "marginRight",
    "marginLeft",
    "marginHeader",
    "marginFooter",
    "pageNumberStart",
    "useFirstPageHeaderFooter",
    "flipPageOrientation",
)
SECTION_READ_ONLY = (
    "sectionType",
    "defaultHeaderId",
    "defaultFooterId",
    "evenPageHeaderId",
    "evenPageFooterId",
    "firstPageHeaderId",
    "firstPageFooterId",
)


HEADINGS = {"TITLE": 26, "SUBTITLE": 15, **{f"HEADING_{n}": 22 - 2 * n for n in range(1, 7)}}


def named_style(kind: str) -> dict:
    """A named style as a new document has it (``NORMAL_TEXT`` is Arial 11)."""
    if kind == "NORMAL_TEXT":
        return {
            "textStyle": {
                "fontSize": {"magnitude": 11, "unit": "PT"},
                "weightedFontFamily": {"fontFamily": "Arial", "weight": 400},
            },
            "paragraphStyle": {
                "namedStyleType": kind,
                "alignment": "START",
                "direction": "LEFT_TO_RIGHT",
            },
        }
    return {
        "textStyle": {"fontSize": {"magnitude": HEADINGS[kind], "unit": "PT"}},
        "paragraphStyle": {"namedStyleType": kind, "direction": "LEFT_TO_RIGHT"},
    }


def named_styles(doc: Document) -> dict:
    """A tab's ``namedStyles``: each as the document has it, changed or not."""
    return {
        "styles": [
            {"namedStyleType": kind, **(doc.named_styles.get(kind) or named_style(kind))}
            for kind in NAMED_STYLE_TYPES
        ]
    }


def update_named_style(doc: Document, wanted: dict, fields: str) -> None:
    """Change a named style's text and paragraph style as ``fields`` says."""
    paths = masks.paths(fields, ("namedStyleType", "textStyle", "paragraphStyle"))
    if ["namedStyleType"] not in paths:
        raise EditError("The field mask must include namedStyleType.")
    kind = wanted.get("namedStyleType")
    if kind not in NAMED_STYLE_TYPES:
        raise EditError(f"Invalid namedStyleType: {kind}")
    allowed = {"textStyle": TEXT_STYLE_FIELDS, "paragraphStyle": PARAGRAPH_STYLE_FIELDS}
    style = doc.named_styles.get(kind) or named_style(kind)
    for path in paths:
        if path == ["namedStyleType"]:
            continue
        if path[0] not in allowed or (len(path) > 1 and path[1] not in allowed[path[0]]):
            raise EditError(f"Invalid field in the field mask: {'.'.join(path)}")
        if path[1:] == ["namedStyleType"]:
            raise EditError("A named style's paragraph style cannot change its namedStyleType.")
        style = masks.put(style, path, masks.get(wanted, path))
    doc.named_styles[kind] = style


def _sections(doc: Document) -> list[tuple[int, dict]]:
    """Each section's start and its style (kept on its section break)."""
    found = [(0, doc.section_style)]
    index = doc.first
    for element in doc.body:
        if isinstance(element, SectionBreak):
            found.append((index, element.style))
        index += element.length
    return found


def update_section_style(doc: Document, start: int, end: int, wanted: dict, fields: str) -> None:
    """Set ``fields`` on every section the range ``[start, end)`` overlaps; a field named must
    have a value, and a section has at most three columns."""
    if doc.first != 1:
        raise EditError("Section styles can only be updated in the document body.")
    if start >= end:
        raise EditError("The range should not be empty.")
    if end > doc.end:
        raise EditError(
            f"Index {end} must be less than the end index of the referenced segment, {doc.end}."
        )
    for path in masks.paths(fields, SECTION_FIELDS):
        if path[0] in SECTION_READ_ONLY:
            raise EditError(f"The field {path[0]} is read-only.")
        if path[0] not in SECTION_FIELDS:
            raise EditError(f"Invalid field in the field mask: {'.'.join(path)}")
        if masks.get(wanted, path) is None:
            raise EditError(f"Unsetting {path[0]} is not supported; set a value.")
    if len(wanted.get("columnProperties") or []) > 3:
        raise EditError("A section can have at most 3 columns.")
    sections = _sections(doc)
    for position, (section_start, style) in enumerate(sections):
        section_end = sections[position + 1][0] if position + 1 < len(sections) else doc.end
        if section_start < end and start < section_end:
            style.update(masks.apply(dict(style), wanted, fields, SECTION_FIELDS))
