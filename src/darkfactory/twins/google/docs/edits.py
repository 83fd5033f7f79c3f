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
    Table,
    body_end,
    empty_paragraph,
    layout,
    normalize,
    paragraphs_of,
    split_runs,
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
                return Document(self.segments[kind][segment_id], self.lists, first=0)
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


def _cut(placed: Placed, index: int) -> tuple[list[Run], list[Run]]:
    cut = split_runs(placed.paragraph.runs, index - placed.start)
    if cut is None:
        raise EditError("The insertion index cannot be within a surrogate pair.")
    return cut


def _style_at(placed: Placed, index: int) -> dict:
    """The text style inserted text takes: that of the character before (or at) ``index``."""
    left, right = _cut(placed, index)
    source = left[-1] if left else (right[0] if right else None)
    style = dict(source.style) if source else {}
    style.pop("link", None)
    return style


def _shift_ranges(doc: Document, at: int, delta: int) -> None:
    """Move named ranges after an insertion (``delta`` > 0) or a deletion from ``at``."""
    for named in doc.named_ranges:
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


def insert_text(doc: Document, index: int, text: str) -> None:
    if not text:
        raise EditError("The text to insert must not be empty.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    placed = locate(doc, index)
    left, right = _cut(placed, index)
    paragraph = placed.paragraph
    runs = [*left, Run(text, _style_at(placed, index)), *right]
    pieces = paragraphs_of(runs, paragraph.style, paragraph.bullet)
    placed.container[placed.position : placed.position + 1] = pieces
    _shift_ranges(doc, index, sum(p.length for p in pieces) - paragraph.length)


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
    left, _ = _cut(first, start)
    _, right = _cut(last, end)
    merged = Paragraph(normalize(left + right), first.paragraph.style, first.paragraph.bullet)
    first.container[first.position : last.position + 1] = [merged]
    _shift_ranges(doc, start, start - end)


def _delete_table(doc: Document, start: int, end: int) -> bool:
    """Delete a whole body-level table when the range is exactly its extent."""
    index = doc.first
    for position, element in enumerate(doc.body):
        if isinstance(element, Table) and index == start and index + element.length == end:
            del doc.body[position]
            _shift_ranges(doc, start, start - end)
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


def _check_range(doc: Document, start: int, end: int) -> None:
    if start >= end:
        raise EditError("The range should not be empty.")
    if start < doc.first or end > doc.end:
        raise EditError(
            f"Index {max(end, start)} must be less than the end index of the referenced segment,"
            f" {doc.end}."
        )


def _overlapping(doc: Document, start: int, end: int) -> list[Placed]:
    return [p for p in layout(doc.body, doc.first) if p.start < end and start < p.end]


def style_text(doc: Document, start: int, end: int, style: dict, fields: str) -> None:
    _check_range(doc, start, end)
    for placed in _overlapping(doc, start, end):
        a, b = max(start, placed.start), min(end, placed.end)
        left, rest = _cut(placed, a)
        middle, right = split_runs(rest, b - a) or (rest, [])
        for run in middle:
            run.style = masks.apply(run.style, style, fields, TEXT_STYLE_FIELDS)
        placed.paragraph.runs = normalize(left + middle + right)


def style_paragraphs(doc: Document, start: int, end: int, style: dict, fields: str) -> None:
    _check_range(doc, start, end)
    for placed in _overlapping(doc, start, end):
        paragraph = placed.paragraph
        paragraph.style = masks.apply(paragraph.style, style, fields, PARAGRAPH_STYLE_FIELDS)


def create_bullets(doc: Document, start: int, end: int, preset: str, list_id: str) -> None:
    """Make the paragraphs of a range a list; leading tabs become nesting levels, removed."""
    _check_range(doc, start, end)
    doc.lists[list_id] = {"listProperties": {"nestingLevels": nesting_levels(preset)}}
    for placed in reversed(_overlapping(doc, start, end)):
        text = placed.paragraph.text
        tabs = len(text) - len(text.lstrip("\t"))
        placed.paragraph.bullet = {"listId": list_id, "textStyle": {"underline": False}}
        if tabs:
            placed.paragraph.bullet["nestingLevel"] = tabs
            delete_range(doc, placed.start, placed.start + tabs)
    for placed in _overlapping(doc, start, end):
        level = (placed.paragraph.bullet or {}).get("nestingLevel", 0)
        if placed.paragraph.bullet and placed.paragraph.bullet.get("listId") == list_id:
            placed.paragraph.style |= {
                "indentFirstLine": {"magnitude": 18 + 36 * level, "unit": "PT"},
                "indentStart": {"magnitude": 36 + 36 * level, "unit": "PT"},
            }


def delete_bullets(doc: Document, start: int, end: int) -> None:
    _check_range(doc, start, end)
    for placed in _overlapping(doc, start, end):
        placed.paragraph.bullet = None
        for key in ("indentFirstLine", "indentStart"):
            placed.paragraph.style.pop(key, None)


GLYPHS = {"BULLET": ("●", "○", "■"), "NUMBERED": ("DECIMAL", "ALPHA", "ROMAN")}


def nesting_levels(preset: str) -> list[dict]:
    numbered = preset.startswith("NUMBERED")
    levels = []
    for level in range(9):
        entry = {
            "bulletAlignment": "START",
            "indentFirstLine": {"magnitude": 18 + 36 * level, "unit": "PT"},
            "indentStart": {"magnitude": 36 + 36 * level, "unit": "PT"},
            "textStyle": {"underline": False},
            "startNumber": 1,
        }
        if numbered:
            glyph = GLYPHS["NUMBERED"][level % 3]
            entry |= {"glyphType": glyph, "glyphFormat": f"%{level}."}
        else:
            entry |= {"glyphSymbol": GLYPHS["BULLET"][level % 3], "glyphFormat": f"%{level}"}
        levels.append(entry)
    return levels


def _body_level(doc: Document, placed: Placed, what: str) -> None:
    if placed.container is not doc.body:
        raise EditError(f"{what} cannot be inserted inside a table.")


def insert_table(doc: Document, index: int, rows: int, columns: int) -> None:
    if rows < 1 or columns < 1:
        raise EditError("A table must have at least one row and one column.")
    placed = locate(doc, index)
    _body_level(doc, placed, "A table")
    left, right = _cut(placed, index)
    paragraph = placed.paragraph
    before = Paragraph(
        normalize([*left, Run("\n", _style_at(placed, index))]),
        copy.deepcopy(paragraph.style),
        paragraph.bullet,
    )
    table = Table([[[empty_paragraph()] for _ in range(columns)] for _ in range(rows)])
    after = Paragraph(normalize(right), paragraph.style, paragraph.bullet)
    doc.body[placed.position : placed.position + 1] = [before, table, after]
    _shift_ranges(doc, index, 1 + table.length)


def insert_page_break(doc: Document, index: int) -> None:
    placed = locate(doc, index)
    _body_level(doc, placed, "A page break")
    left, right = _cut(placed, index)
    style = _style_at(placed, index)
    paragraph = placed.paragraph
    runs = [*left, Run("", style, page_break=True), Run("\n", style), *right]
    pieces = paragraphs_of(runs, paragraph.style, paragraph.bullet)
    doc.body[placed.position : placed.position + 1] = pieces
    _shift_ranges(doc, index, 2)


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
    left, rest = _cut(placed, start)
    middle, right = split_runs(rest, end - start) or (rest, [])
    style = dict(middle[0].style) if middle else {}
    paragraph = placed.paragraph
    runs = [*left, Run(replacement, style), *right]
    pieces = paragraphs_of(runs, paragraph.style, paragraph.bullet)
    placed.container[placed.position : placed.position + 1] = pieces
    placed.paragraph = pieces[0]
    _shift_ranges(doc, start, start - end)
    if replacement:
        _shift_ranges(doc, start, len(replacement.encode("utf-16-le")) // 2)


def create_named_range(doc: Document, name: str, start: int, end: int, range_id: str) -> None:
    if not 1 <= len(name) <= 256:
        raise EditError("The name must be between 1 and 256 characters.")
    _check_range(doc, start, end)
    doc.named_ranges.append(
        {"namedRangeId": range_id, "name": name, "ranges": [{"startIndex": start, "endIndex": end}]}
    )


def delete_named_range(doc: Document, range_id: str | None, name: str | None) -> None:
    kept = [
        n
        for n in doc.named_ranges
        if not (range_id and n["namedRangeId"] == range_id) and not (name and n["name"] == name)
    ]
    if len(kept) == len(doc.named_ranges):
        raise EditError(f"The named range {range_id or name} does not exist.")
    doc.named_ranges = kept


def _table_at(doc: Document, start: int) -> tuple[Table, int]:
    """The body-level table starting at ``start``, and its position in the body."""
    index = doc.first
    for position, element in enumerate(doc.body):
        if isinstance(element, Table) and index == start:
            return element, position
        index += element.length
    raise EditError(f"There is no table at index {start}.")


def _row_length(row: list[list[Paragraph]]) -> int:
    return 1 + sum(1 + sum(p.length for p in cell) for cell in row)


def insert_table_row(doc: Document, start: int, row: int, below: bool) -> None:
    table, _ = _table_at(doc, start)
    if not 0 <= row < len(table.rows):
        raise EditError(f"Row index {row} is out of bounds for the table.")
    at = row + 1 if below else row
    fresh = [[empty_paragraph()] for _ in table.rows[0]]
    offset = start + 1 + sum(_row_length(r) for r in table.rows[:at])
    table.rows.insert(at, fresh)
    _shift_ranges(doc, offset, _row_length(fresh))


def delete_table_row(doc: Document, start: int, row: int) -> None:
    table, position = _table_at(doc, start)
    if not 0 <= row < len(table.rows):
        raise EditError(f"Row index {row} is out of bounds for the table.")
    if len(table.rows) == 1:
        del doc.body[position]
        _shift_ranges(doc, start, -table.length)
        return
    offset = start + 1 + sum(_row_length(r) for r in table.rows[:row])
    length = _row_length(table.rows[row])
    del table.rows[row]
    _shift_ranges(doc, offset, -length)


def insert_table_column(doc: Document, start: int, column: int, right: bool) -> None:
    table, _ = _table_at(doc, start)
    if not 0 <= column < len(table.rows[0]):
        raise EditError(f"Column index {column} is out of bounds for the table.")
    for line in table.rows:
        line.insert(column + 1 if right else column, [empty_paragraph()])


def delete_table_column(doc: Document, start: int, column: int) -> None:
    table, position = _table_at(doc, start)
    if not 0 <= column < len(table.rows[0]):
        raise EditError(f"Column index {column} is out of bounds for the table.")
    if len(table.rows[0]) == 1:
        del doc.body[position]
        _shift_ranges(doc, start, -table.length)
        return
    for line in table.rows:
        del line[column]


def replace_named_range_content(
    doc: Document, range_id: str | None, name: str | None, text: str
) -> None:
    """Replace the text of every range of a named range; the range then spans the new text."""
    found = [
        n
        for n in doc.named_ranges
        if (range_id and n["namedRangeId"] == range_id) or (name and n["name"] == name)
    ]
    if not found:
        raise EditError(f"The named range {range_id or name} does not exist.")
    for named in found:
        pieces = sorted(named["ranges"], key=lambda p: p["startIndex"], reverse=True)
        doc.named_ranges.remove(named)
        kept = []
        for piece in pieces:
            start, end = piece["startIndex"], piece["endIndex"]
            delete_range(doc, start, end)
            if text:
                insert_text(doc, start, text)
            kept.append(
                {"startIndex": start, "endIndex": start + len(text.encode("utf-16-le")) // 2}
            )
        if text:
            doc.named_ranges.append(
                {**named, "ranges": sorted(kept, key=lambda p: p["startIndex"])}
            )


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


SEGMENT_KINDS = ("headers", "footers")


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
