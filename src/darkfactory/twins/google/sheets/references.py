"""Keeping formulas pointed at the right cells when rows, columns, sheets or cells move.

Sheets rewrites ``=SUM(A1:A10)`` to ``=SUM(A1:A12)`` after two rows are inserted above row 10, turns
a reference to a deleted cell or sheet into ``#REF!``, follows a renamed sheet, moves the relative
references of a pasted formula and points references at cut cells where they were pasted; this
does the same on every formula of a workbook.
"""

from __future__ import annotations

import re

from darkfactory.twins.google.sheets.a1 import (
    RangeError,
    Span,
    column_index,
    column_letters,
    parse_cells,
    quote_title,
    split_sheet,
)
from darkfactory.twins.google.sheets.formula.grammar import rewrite_references
from darkfactory.twins.google.sheets.workbook import Sheet, Workbook

_CORNER = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)([0-9]+)?")


def shift_formulas(book: Workbook, changed: Sheet, dimension: str, start: int, count: int) -> None:
    """Rewrite references to ``changed`` after ``count`` rows/columns were inserted at ``start``
    (a negative ``count`` means ``-count`` were deleted from ``start``)."""
    remap_formulas(book, changed, dimension, lambda i, role: _shift(i, start, count, role))


def move_dimension_formulas(book: Workbook, changed: Sheet, dimension: str, mapping) -> None:
    """Rewrite references to ``changed`` after its rows/columns moved (``mapping(old) -> new``)."""
    remap_formulas(book, changed, dimension, lambda i, role: mapping(i), reorder=True)


def shift_band_formulas(
    book: Workbook, changed: Sheet, dimension: str, start: int, count: int, band: tuple[int, int]
) -> None:
    """Like ``shift_formulas`` for cells shifted within a band only (``insertRange`` moves the
    cells of columns ``band`` down): references lying inside the band follow."""
    remap_formulas(
        book, changed, dimension, lambda i, role: _shift(i, start, count, role), band=band
    )


def remap_formulas(
    book: Workbook,
    changed: Sheet,
    dimension: str,
    where,
    reorder: bool = False,
    band: tuple[int, int] | None = None,
) -> None:
    """Send every row (or column) index a reference to ``changed`` names through ``where``
    (None: the cell is gone, so the reference becomes ``#REF!``); with ``band``, only references
    whose other-axis extent lies inside it."""
    for sheet in book.sheets:
        for cell in sheet.cells.values():
            if not cell.formula:
                continue
            own = sheet is changed

            def change(token: str, own: bool = own) -> str:
                title, cells = split_sheet(token)
                hits = own if title is None else title.lower() == changed.title.lower()
                if not hits or (band and not _inside_band(cells, dimension, band)):
                    return token
                moved = _remap_cells(cells, dimension, where, reorder)
                if moved is None:
                    return "#REF!"
                return token[: len(token) - len(cells)] + moved

            cell.value = {"formulaValue": rewrite_references(cell.formula, change)}


def _inside_band(cells: str, dimension: str, band: tuple[int, int]) -> bool:
    try:
        span = parse_cells(cells)
    except RangeError:
        return False
    low, high = (
        (span.start_col, span.end_col) if dimension == "ROWS" else (span.start_row, span.end_row)
    )
    return low is not None and high is not None and band[0] <= low and high <= band[1]


def _remap_cells(cells: str, dimension: str, where, reorder: bool) -> str | None:
    corners = [list(_CORNER.fullmatch(c).groups()) for c in cells.split(":")]
    slot = 3 if dimension == "ROWS" else 1
    moved = []
    for position, parts in enumerate(corners):
        if not parts[slot]:
            continue
        role = position if len(corners) == 2 else None
        old = int(parts[slot]) - 1 if dimension == "ROWS" else column_index(parts[slot])
        index = where(old, role)
        if index is None:
            return None
        moved.append(index)
    if len(moved) == 2 and moved[0] > moved[1]:
        if not reorder:
            return None  # every row (or column) of the range was deleted
        moved.reverse()
    for parts, index in zip([p for p in corners if p[slot]], moved, strict=True):
        parts[slot] = str(index + 1) if dimension == "ROWS" else column_letters(index)
    return ":".join("".join(p or "" for p in parts) for parts in corners)


def _shift(index: int, start: int, count: int, role: int | None) -> int | None:
    """Where ``index`` goes; ``role`` is 0/1 for a range's first/last corner, None for a cell."""
    if count > 0:
        return index + count if index >= start else index
    removed = -count
    if index < start:
        return index
    if index >= start + removed:
        return index - removed
    return {0: start, 1: start - 1}.get(role)


def rename_sheet(book: Workbook, old: str, new: str) -> None:
    """Point references to the sheet titled ``old`` at its new title."""
    prefix = quote_title(new) + "!"

    def change(token: str) -> str:
        title, cells = split_sheet(token)
        return prefix + cells if title is not None and title.lower() == old.lower() else token

    _rewrite_all(book, change)


def drop_sheet(book: Workbook, title: str) -> None:
    """References to a deleted sheet become ``#REF!``."""

    def change(token: str) -> str:
        found, _ = split_sheet(token)
        return "#REF!" if found is not None and found.lower() == title.lower() else token

    _rewrite_all(book, change)


def _rewrite_all(book: Workbook, change) -> None:
    for sheet in book.sheets:
        for cell in sheet.cells.values():
            if cell.formula:
                cell.value = {"formulaValue": rewrite_references(cell.formula, change)}


def move_formula(formula: str, rows: int, columns: int) -> str:
    """A formula pasted ``rows`` down and ``columns`` right: relative references follow,
    ``$``-anchored parts stay; a reference pushed off the grid becomes ``#REF!``."""

    def change(token: str) -> str:
        _, cells = split_sheet(token)
        moved = _move_cells(cells, rows, columns, keep_anchored=True)
        return "#REF!" if moved is None else token[: len(token) - len(cells)] + moved

    return rewrite_references(formula, change)


def _move_cells(cells: str, rows: int, columns: int, keep_anchored: bool = False) -> str | None:
    """Every corner of ``cells`` moved (``$`` parts too unless ``keep_anchored``)."""
    moved = []
    for corner in cells.split(":"):
        col_abs, letters, row_abs, digits = _CORNER.fullmatch(corner).groups()
        if letters and not (keep_anchored and col_abs):
            index = column_index(letters) + columns
            if index < 0:
                return None
            letters = column_letters(index)
        if digits and not (keep_anchored and row_abs):
            index = int(digits) - 1 + rows
            if index < 0:
                return None
            digits = str(index + 1)
        moved.append(f"{col_abs}{letters or ''}{row_abs}{digits or ''}")
    return ":".join(moved)


def follow_cut(
    book: Workbook, source: Sheet, span: Span, target: Sheet, rows: int, columns: int
) -> None:
    """After cells are cut from ``span`` and pasted ``rows``/``columns`` away (maybe on another
    sheet), references lying wholly inside ``span`` point at the pasted cells."""
    for sheet in book.sheets:
        for cell in sheet.cells.values():
            if not cell.formula:
                continue

            def change(token: str, sheet: Sheet = sheet) -> str:
                title, cells = split_sheet(token)
                named = sheet if title is None else book.sheet_by_title(title)
                try:
                    ref = parse_cells(cells)
                except RangeError:
                    return token
                inside = (
                    named is source
                    and ref.start_row is not None
                    and ref.start_col is not None
                    and span.start_row <= ref.start_row
                    and ref.end_row <= span.end_row
                    and span.start_col <= ref.start_col
                    and ref.end_col <= span.end_col
                )
                if not inside:
                    return token
                moved = _move_cells(cells, rows, columns)
                if title is None and target is sheet:
                    return moved
                return f"{quote_title(target.title)}!{moved}"

            cell.value = {"formulaValue": rewrite_references(cell.formula, change)}
