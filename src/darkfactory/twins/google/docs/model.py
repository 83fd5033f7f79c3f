"""The structural model of a Google Doc's body and its indices in UTF-16 code units.

The body is a list of structural elements after the section break at index 0: paragraphs (runs of
text, or page breaks, each ending in ``\\n``) and tables (rows of cells, each cell a list of
paragraphs). A table, a row and a cell each take one index before their content. ``layout`` walks
the body and gives every paragraph its ``[start, end)`` and the list that holds it, which is all
an edit needs to find where an index falls.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_split(text: str, offset: int) -> tuple[str, str] | None:
    """``text`` cut at a UTF-16 offset; None when the offset falls inside a surrogate pair."""
    units = 0
    for position, char in enumerate(text):
        if units == offset:
            return text[:position], text[position:]
        units += 2 if ord(char) > 0xFFFF else 1
        if units > offset:
            return None
    return (text, "") if units == offset else None


@dataclass
class Run:
    """A text run (``text``), or an element taking one index: a page break (``page_break``), an
    inline object such as an image (``object_id``), or a chip (``chip``: a paragraph element's
    kind and body, such as ``{"person": {...}}``). ``suggested`` marks a run as suggested
    (``{"insert": [ids]}`` or ``{"delete": [ids]}``)."""

    text: str
    style: dict = field(default_factory=dict)
    page_break: bool = False
    object_id: str | None = None
    chip: dict | None = None
    suggested: dict | None = None

    @property
    def atom(self) -> bool:
        return self.page_break or self.object_id is not None or self.chip is not None

    @property
    def length(self) -> int:
        return 1 if self.atom else utf16_len(self.text)


@dataclass
class Paragraph:
    runs: list[Run]
    style: dict = field(default_factory=dict)  # paragraphStyle overrides of NORMAL_TEXT
    bullet: dict | None = None
    positioned: list[str] = field(default_factory=list)  # positioned objects anchored here

    @property
    def length(self) -> int:
        return sum(run.length for run in self.runs)

    @property
    def plain(self) -> str:
        """The paragraph's text alone (no page breaks or images)."""
        return "".join(r.text for r in self.runs if not r.atom)

    @property
    def text(self) -> str:
        return "".join(
            "\x0c" if r.page_break else "\ufffc" if r.atom else r.text for r in self.runs
        )


@dataclass
class Table:
    rows: list[list[list[Paragraph]]]  # rows of cells of paragraphs
    style: dict = field(default_factory=dict)

    @property
    def length(self) -> int:
        return 1 + sum(
            1 + sum(1 + sum(p.length for p in cell) for cell in row) for row in self.rows
        )


@dataclass
class SectionBreak:
    """A section break inside the body (one index); ``style`` is its ``sectionStyle``."""

    style: dict = field(default_factory=dict)

    @property
    def length(self) -> int:
        return 1


Element = Paragraph | Table | SectionBreak


@dataclass
class Placed:
    """A paragraph with its indices and the list (body or table cell) it lives in."""

    start: int
    end: int
    paragraph: Paragraph
    container: list[Element]
    position: int  # index of the paragraph in its container


def layout(body: list[Element], first: int = 1) -> list[Placed]:
    """Every paragraph of ``body`` in document order with its ``[start, end)``; the body starts
    at 1 (after the section break), a header, footer or footnote at 0."""
    placed: list[Placed] = []
    _lay(body, first, placed)
    return placed


def _lay(container: list[Element], index: int, placed: list[Placed]) -> int:
    for position, element in enumerate(container):
        if isinstance(element, Paragraph):
            placed.append(Placed(index, index + element.length, element, container, position))
            index += element.length
            continue
        index += 1
        if isinstance(element, SectionBreak):
            continue
        for row in element.rows:
            index += 1
            for cell in row:
                index = _lay(cell, index + 1, placed)
    return index


def body_end(body: list[Element], first: int = 1) -> int:
    return first + sum(e.length for e in body)


def empty_paragraph(style: dict | None = None) -> Paragraph:
    return Paragraph([Run("\n")], dict(style or {}))


def normalize(runs: list[Run]) -> list[Run]:
    """Merge neighbouring text runs of equal style and drop empty ones."""
    out: list[Run] = []
    for run in runs:
        if not run.atom and not run.text:
            continue
        last = out[-1] if out else None
        same = last and (last.style, last.suggested) == (run.style, run.suggested)
        if same and not last.atom and not run.atom:
            out[-1] = replace(last, text=last.text + run.text)
        else:
            out.append(run)
    return out


def split_runs(runs: list[Run], offset: int) -> tuple[list[Run], list[Run]] | None:
    """Runs before and after a UTF-16 offset; None inside a surrogate pair."""
    left: list[Run] = []
    for index, run in enumerate(runs):
        if offset == 0:
            return left, runs[index:]
        if offset >= run.length:
            left.append(run)
            offset -= run.length
            continue
        cut = utf16_split(run.text, offset)
        if cut is None:
            return None
        first, second = replace(run, text=cut[0]), replace(run, text=cut[1])
        return [*left, first], [second, *runs[index + 1 :]]
    return left, []


def paragraphs_of(runs: list[Run], style: dict, bullet: dict | None) -> list[Paragraph]:
    """Cut runs into paragraphs at each ``\\n``; every one gets ``style`` and ``bullet``."""
    out: list[Paragraph] = []
    current: list[Run] = []
    for run in runs:
        if run.atom:
            current.append(run)
            continue
        pieces = run.text.split("\n")
        for piece in pieces[:-1]:
            current.append(replace(run, text=piece + "\n"))
            out.append(Paragraph(normalize(current), copy.deepcopy(style), copy.deepcopy(bullet)))
            current = []
        current.append(replace(run, text=pieces[-1]))
    leftover = normalize(current)
    if leftover:
        out.append(Paragraph(leftover, copy.deepcopy(style), copy.deepcopy(bullet)))
    return out


def resplit(paragraph: Paragraph, runs: list[Run], start: int = 0) -> list[Paragraph]:
    """``paragraphs_of`` for runs that were ``paragraph``'s: the piece holding the paragraph's
    first character (now at UTF-16 offset ``start`` of ``runs``) keeps its positioned objects."""
    pieces = paragraphs_of(runs, paragraph.style, paragraph.bullet)
    offset = 0
    for piece in pieces:
        if offset <= start < offset + piece.length or piece is pieces[-1]:
            piece.positioned = paragraph.positioned
            break
        offset += piece.length
    return pieces


# -- storage ---------------------------------------------------------------------------------
def dump(body: list[Element]) -> list[dict]:
    out = []
    for element in body:
        if isinstance(element, Paragraph):
            out.append({"p": _dump_paragraph(element)})
        elif isinstance(element, SectionBreak):
            out.append({"section": element.style})
        else:
            rows = [[[_dump_paragraph(p) for p in cell] for cell in row] for row in element.rows]
            out.append({"table": rows, "s": element.style})
    return out


def _dump_paragraph(paragraph: Paragraph) -> dict:
    runs = [
        {
            "t": r.text,
            "s": r.style,
            **({"pb": 1} if r.page_break else {}),
            **({"o": r.object_id} if r.object_id else {}),
            **({"c": r.chip} if r.chip else {}),
            **({"sg": r.suggested} if r.suggested else {}),
        }
        for r in paragraph.runs
    ]
    out = {"runs": runs, "s": paragraph.style, "b": paragraph.bullet}
    return out | ({"po": paragraph.positioned} if paragraph.positioned else {})


def load(raw: list[dict]) -> list[Element]:
    out: list[Element] = []
    for item in raw:
        if "p" in item:
            out.append(_load_paragraph(item["p"]))
        elif "section" in item:
            out.append(SectionBreak(item["section"]))
        else:
            rows = [[[_load_paragraph(p) for p in cell] for cell in row] for row in item["table"]]
            out.append(Table(rows, item.get("s") or {}))
    return out


def _load_paragraph(raw: dict) -> Paragraph:
    runs = [
        Run(r["t"], r.get("s") or {}, bool(r.get("pb")), r.get("o"), r.get("c"), r.get("sg"))
        for r in raw["runs"]
    ]
    return Paragraph(runs, raw.get("s") or {}, raw.get("b"), raw.get("po") or [])
