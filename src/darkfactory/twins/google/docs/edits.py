"""Edits of a document's body by index, with the rules (and messages) Google enforces.

Every edit works on the paragraphs ``model.layout`` places; an index must fall inside an existing
paragraph, ranges may not cut a table or take the segment's final newline, and named ranges move
with the text around them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from darkfactory.twins.google import masks
from darkfactory.twins.google.docs.model import (
    Element,
    Paragraph,
    Placed,
    Run,
    SectionBreak,
    Table,
    body_end,
    empty_paragraph,
    layout,
    normalize,
    resplit,
    split_runs,
    utf16_len,
)


class EditError(ValueError):
    """A request Google refuses; the message is Google's reason."""


@dataclass
class Document:
    body: list[Element]
    lists: dict = field(default_factory=dict)
    named_ranges: list[dict] = field(default_factory=list)  # {namedRangeId, name, ranges}
    style: dict = field(default_factory=dict)  # documentStyle overrides
    segments: dict = field(default_factory=dict)  # {"headers"|"footers": {id: [elements]}}
    objects: dict = field(default_factory=dict)  # inlineObjects by objectId
    named_styles: dict = field(default_factory=dict)  # changed named styles by type
    section_style: dict = field(default_factory=dict)  # the first section's style overrides
    dropdowns: dict = field(default_factory=dict)  # dropdownDefinitions by id
    comment_anchors: dict = field(default_factory=dict)  # commentAnchors by anchorId
    suggestions: dict = field(default_factory=dict)  # {"author"} by suggestion id
    positioned: dict = field(default_factory=dict)  # positionedObjects by objectId
    first: int = 1  # the index the segment starts at: 1 for the body, 0 for the others

    @property
    def end(self) -> int:
        return body_end(self.body, self.first)

    def segment(self, segment_id: str | None) -> Document:
        """The body, or a header or footer as a document of its own (edits reach the original)."""
        if not segment_id:
            return self
        for kind in SEGMENT_KINDS:
            if segment_id in self.segments.get(kind, {}):
                return Document(
                    self.segments[kind][segment_id], self.lists, objects=self.objects, first=0
                )
        raise EditError(f"Segment {segment_id} not found.")


OUTSIDE = (
    "The insertion index must be inside the bounds of an existing paragraph. You can still"
    " create new paragraphs by inserting newlines."
)


def locate(doc: Document, index: int) -> Placed:
    """The paragraph an insertion at ``index`` goes into."""
    if index >= doc.end:
        raise EditError(
            f"Index {index} must be less than the end index of the referenced segment, {doc.end}."
        )
    for placed in layout(doc.body, doc.first):
        if placed.start <= index < placed.end:
            return placed
    raise EditError(OUTSIDE)


def cut(placed: Placed, index: int) -> tuple[list[Run], list[Run]]:
    cut = split_runs(placed.paragraph.runs, index - placed.start)
    if cut is None:
        raise EditError("The insertion index cannot be within a surrogate pair.")
    return cut


def style_at(placed: Placed, index: int) -> dict:
    """The text style inserted text takes: that of the character before (or at) ``index``."""
    left, right = cut(placed, index)
    source = left[-1] if left else (right[0] if right else None)
    style = dict(source.style) if source else {}
    style.pop("link", None)
    return style


def shift_ranges(doc: Document, at: int, delta: int) -> None:
    """Move named ranges and comment anchors after an insertion (``delta`` > 0) or a deletion
    from ``at``; one whose text is all deleted goes."""
    for named in [*doc.named_ranges, *doc.comment_anchors.values()]:
        kept = []
        for piece in named["ranges"]:
            start, end = piece["startIndex"], piece["endIndex"]
            if delta > 0:
                start = start + delta if start >= at else start
                end = end + delta if end > at else end
            else:
                gone_end = at - delta
                start = (
                    start if start <= at else max(at, start + delta if start >= gone_end else at)
                )
                end = end if end <= at else (end + delta if end >= gone_end else at)
            if end > start:
                kept.append({**piece, "startIndex": start, "endIndex": end})
        named["ranges"] = kept
    doc.named_ranges = [n for n in doc.named_ranges if n["ranges"]]
    doc.comment_anchors = {k: v for k, v in doc.comment_anchors.items() if v["ranges"]}


def insert_text(doc: Document, index: int, text: str) -> None:
    if not text:
        raise EditError("The text to insert must not be empty.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    placed = locate(doc, index)
    left, right = cut(placed, index)
    paragraph = placed.paragraph
    runs = [*left, Run(text, style_at(placed, index)), *right]
    pieces = resplit(paragraph, runs, utf16_len(text) if index == placed.start else 0)
    placed.container[placed.position : placed.position + 1] = pieces
    shift_ranges(doc, index, sum(p.length for p in pieces) - paragraph.length)


def delete_range(doc: Document, start: int, end: int) -> None:
    if start >= end:
        raise EditError("The range should not be empty.")
    if start < doc.first:
        raise EditError("The range cannot include the section break at index 0.")
    if end > doc.end:
        raise EditError(
            f"Index {end} must be less than the end index of the referenced segment, {doc.end}."
        )
    if end == doc.end:
        raise EditError("The range cannot include the newline character at the end of the segment.")
    placed = layout(doc.body, doc.first)
    if _delete_table(doc, start, end):
        return
    first = next((p for p in placed if p.start <= start < p.end), None)
    last = next((p for p in placed if p.start <= end < p.end), None)
    if first is None or last is None or first.container is not last.container:
        raise EditError("Invalid deletion range: the range cannot partially cover a table.")
    left, _ = cut(first, start)
    _, right = cut(last, end)
    merged = Paragraph(normalize(left + right), first.paragraph.style, first.paragraph.bullet)
    merged.positioned = list(dict.fromkeys(first.paragraph.positioned + last.paragraph.positioned))
    first.container[first.position : last.position + 1] = [merged]
    shift_ranges(doc, start, start - end)


def _delete_table(doc: Document, start: int, end: int) -> bool:
    """Delete a whole body-level table when the range is exactly its extent."""
    index = doc.first
    for position, element in enumerate(doc.body):
        if isinstance(element, Table) and index == start and index + element.length == end:
            del doc.body[position]
            shift_ranges(doc, start, start - end)
            return True
        index += element.length
    return False


TEXT_STYLE_FIELDS = (
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "smallCaps",
    "backgroundColor",
    "foregroundColor",
    "fontSize",
    "weightedFontFamily",
    "baselineOffset",
    "link",
)
PARAGRAPH_STYLE_FIELDS = (
    "namedStyleType",
    "alignment",
    "lineSpacing",
    "direction",
    "spacingMode",
    "spaceAbove",
    "spaceBelow",
    "indentFirstLine",
    "indentStart",
    "indentEnd",
    "keepLinesTogether",
    "keepWithNext",
    "avoidWidowAndOrphan",
    "shading",
)


def check_range(doc: Document, start: int, end: int) -> None:
    if start >= end:
        raise EditError("The range should not be empty.")
    if start < doc.first or end > doc.end:
        raise EditError(
            f"Index {max(end, start)} must be less than the end index of the referenced segment,"
            f" {doc.end}."
        )


def overlapping(doc: Document, start: int, end: int) -> list[Placed]:
    return [p for p in layout(doc.body, doc.first) if p.start < end and start < p.end]


def style_text(doc: Document, start: int, end: int, style: dict, fields: str) -> None:
    check_range(doc, start, end)
    for placed in overlapping(doc, start, end):
        a, b = max(start, placed.start), min(end, placed.end)
        left, rest = cut(placed, a)
        middle, right = split_runs(rest, b - a) or (rest, [])
        for run in middle:
            run.style = masks.apply(run.style, style, fields, TEXT_STYLE_FIELDS)
        placed.paragraph.runs = normalize(left + middle + right)


def style_paragraphs(doc: Document, start: int, end: int, style: dict, fields: str) -> None:
    check_range(doc, start, end)
    for placed in overlapping(doc, start, end):
        paragraph = placed.paragraph
        paragraph.style = masks.apply(paragraph.style, style, fields, PARAGRAPH_STYLE_FIELDS)


def body_level(doc: Document, placed: Placed, what: str) -> None:
    if placed.container is not doc.body:
        raise EditError(f"{what} cannot be inserted inside a table.")


def insert_between_paragraphs(doc: Document, index: int, element: Element, what: str) -> None:
    """Put a table or section break at ``index``: the paragraph there is split, a newline ending
    its first half, so the element sits between two paragraphs."""
    placed = locate(doc, index)
    body_level(doc, placed, what)
    left, right = cut(placed, index)
    paragraph = placed.paragraph
    before = Paragraph(
        normalize([*left, Run("\n", style_at(placed, index))]),
        copy.deepcopy(paragraph.style),
        paragraph.bullet,
        paragraph.positioned,
    )
    after = Paragraph(normalize(right), paragraph.style, paragraph.bullet)
    doc.body[placed.position : placed.position + 1] = [before, element, after]
    shift_ranges(doc, index, 1 + element.length)


def insert_section_break(doc: Document, index: int, section_type: str) -> None:
    if section_type not in ("CONTINUOUS", "NEXT_PAGE"):
        raise EditError(f"Invalid sectionType: {section_type}")
    insert_between_paragraphs(
        doc, index, SectionBreak({"sectionType": section_type}), "A section break"
    )


def insert_atom(doc: Document, index: int, run: Run) -> None:
    """An element of one index (an image, a chip) at ``index``, styled as the text before it."""
    placed = locate(doc, index)
    left, right = cut(placed, index)
    run.style = style_at(placed, index)
    placed.paragraph.runs = normalize([*left, run, *right])
    shift_ranges(doc, index, 1)


def _check_image(uri: str) -> None:
    if not uri.startswith(("http://", "https://")) or len(uri) > 2048:
        raise EditError(
            "There was a problem retrieving the image. The provided image should be publicly"
            " accessible, within size limit, and in supported formats."
        )


def replace_image(doc: Document, object_id: str, uri: str) -> None:
    """Point an inline image at a new ``uri``; its crop is reset, as the editor does."""
    if object_id not in doc.objects:
        raise EditError(f"The image with ID {object_id} was not found.")
    _check_image(uri)
    image = doc.objects[object_id]["inlineObjectProperties"]["embeddedObject"]["imageProperties"]
    image.update({"contentUri": uri, "sourceUri": uri, "cropProperties": {}})


def insert_inline_image(
    doc: Document, index: int, uri: str, size: dict | None, object_id: str
) -> None:
    """An image (one index) at ``index``; its properties go to the document's inlineObjects."""
    _check_image(uri)
    insert_atom(doc, index, Run("", object_id=object_id))
    embedded = _embedded(uri, size)
    doc.objects[object_id] = {
        "objectId": object_id,
        "inlineObjectProperties": {"embeddedObject": embedded},
    }


def _embedded(uri: str, size: dict | None) -> dict:
    """An image's ``EmbeddedObject``: 100pt square unless sized, with the editor's margins."""
    default = {"magnitude": 100, "unit": "PT"}
    margin = {"magnitude": 9, "unit": "PT"}
    return {
        "imageProperties": {"contentUri": uri, "sourceUri": uri, "cropProperties": {}},
        "size": size or {"height": default, "width": default},
        "marginTop": margin,
        "marginBottom": margin,
        "marginRight": margin,
        "marginLeft": margin,
    }


def place_positioned_image(doc: Document, index: int, uri: str, object_id: str) -> None:
    """An image positioned on the page (wrapping the text), anchored to the paragraph at
    ``index``."""
    _check_image(uri)
    placed = locate(doc, index)
    placed.paragraph.positioned.append(object_id)
    zero = {"unit": "PT"}
    doc.positioned[object_id] = {
        "objectId": object_id,
        "positionedObjectProperties": {
            "positioning": {"layout": "WRAP_TEXT", "leftOffset": zero, "topOffset": zero},
            "embeddedObject": _embedded(uri, None),
        },
    }


def prune_objects(doc: Document) -> None:
    """Forget inline objects no longer placed in the body or another segment."""
    bodies = [doc.body, *(e for kind in SEGMENT_KINDS for e in doc.segments.get(kind, {}).values())]
    placed = {
        run.object_id
        for body in bodies
        for p in layout(body)
        for run in p.paragraph.runs
        if run.object_id
    }
    doc.objects = {k: v for k, v in doc.objects.items() if k in placed}
    anchored = {object_id for p in layout(doc.body) for object_id in p.paragraph.positioned}
    doc.positioned = {k: v for k, v in doc.positioned.items() if k in anchored}


def delete_positioned_object(doc: Document, object_id: str) -> None:
    if object_id not in doc.positioned:
        raise EditError(f"The positioned object with ID {object_id} was not found.")
    del doc.positioned[object_id]
    for placed in layout(doc.body):
        if object_id in placed.paragraph.positioned:
            placed.paragraph.positioned.remove(object_id)


def insert_page_break(doc: Document, index: int) -> None:
    placed = locate(doc, index)
    body_level(doc, placed, "A page break")
    left, right = cut(placed, index)
    style = style_at(placed, index)
    paragraph = placed.paragraph
    runs = [*left, Run("", style, page_break=True), Run("\n", style), *right]
    pieces = resplit(paragraph, runs, 2 if index == placed.start else 0)
    doc.body[placed.position : placed.position + 1] = pieces
    shift_ranges(doc, index, 2)


def replace_all(doc: Document, find: str, replacement: str, match_case: bool) -> int:
    """Replace every occurrence inside paragraphs (from the end, so indices hold); the count."""
    if not find:
        raise EditError("The text to search for must not be empty.")
    needle = find if match_case else find.lower()
    count = 0
    for placed in reversed(layout(doc.body, doc.first)):
        text = placed.paragraph.text
        haystack = text if match_case else text.lower()
        hits = []
        at = haystack.find(needle)
        while at >= 0:
            hits.append(at)
            at = haystack.find(needle, at + len(needle))
        for at in reversed(hits):
            start = placed.start + len(text[:at].encode("utf-16-le")) // 2
            length = len(find.encode("utf-16-le")) // 2
            _replace(doc, placed, start, start + length, replacement)
            count += 1
    return count


def _replace(doc: Document, placed: Placed, start: int, end: int, replacement: str) -> None:
    left, rest = cut(placed, start)
    middle, right = split_runs(rest, end - start) or (rest, [])
    style = dict(middle[0].style) if middle else {}
    paragraph = placed.paragraph
    runs = [*left, Run(replacement, style), *right]
    pieces = resplit(paragraph, runs)
    placed.container[placed.position : placed.position + 1] = pieces
    placed.paragraph = pieces[0]
    shift_ranges(doc, start, start - end)
    if replacement:
        shift_ranges(doc, start, len(replacement.encode("utf-16-le")) // 2)


DOCUMENT_STYLE_FIELDS = (
    "background",
    "pageNumberStart",
    "marginTop",
    "marginBottom",
    "marginRight",
    "marginLeft",
    "pageSize",
    "marginHeader",
    "marginFooter",
    "useFirstPageHeaderFooter",
    "useEvenPageHeaderFooter",
    "flipPageOrientation",
)


def style_document(doc: Document, style: dict, fields: str) -> None:
    doc.style = masks.apply(doc.style, style, fields, DOCUMENT_STYLE_FIELDS)


SEGMENT_KINDS = ("headers", "footers", "footnotes")


def create_segment(doc: Document, kind: str, segment_id: str) -> None:
    """A default header or footer: one empty paragraph, named in the document style."""
    style_key = "defaultHeaderId" if kind == "headers" else "defaultFooterId"
    if doc.style.get(style_key):
        noun = "header" if kind == "headers" else "footer"
        raise EditError(f"A default {noun} already exists.")
    doc.segments.setdefault(kind, {})[segment_id] = [empty_paragraph()]
    doc.style[style_key] = segment_id


def delete_segment(doc: Document, kind: str, segment_id: str) -> None:
    if segment_id not in doc.segments.get(kind, {}):
        raise EditError(f"Segment {segment_id} not found.")
    del doc.segments[kind][segment_id]
    doc.style = {k: v for k, v in doc.style.items() if v != segment_id}
