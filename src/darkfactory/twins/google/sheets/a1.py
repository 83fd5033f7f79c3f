"""Range notation of Sheets: A1 (``'My sheet'!A1:B2``, ``A:A``, ``2:2``, ``Sheet1``) and R1C1.

A parsed range is a ``Span``: an optional sheet title and zero-based, end-exclusive row and column
bounds where ``None`` means unbounded, the same convention as the API's ``GridRange``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_COL = r"\$?([A-Za-z]{1,3})"
_ROW = r"\$?([0-9]+)"
_A1_CELL = re.compile(rf"{_COL}{_ROW}$")
_A1_COL = re.compile(rf"{_COL}$")
_A1_ROW = re.compile(rf"{_ROW}$")
_R1C1 = re.compile(r"(?:R([0-9]+))?(?:C([0-9]+))?$", re.IGNORECASE)
_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


class RangeError(ValueError):
    """A range string that cannot be parsed."""


@dataclass(frozen=True)
class Span:
    sheet: str | None
    start_row: int | None = None
    end_row: int | None = None
    start_col: int | None = None
    end_col: int | None = None

    def bounded(self, rows: int, cols: int) -> Span:
        """The same span with unbounded ends closed at a grid of ``rows`` x ``cols``."""
        return replace(
            self,
            start_row=self.start_row or 0,
            end_row=rows if self.end_row is None else self.end_row,
            start_col=self.start_col or 0,
            end_col=cols if self.end_col is None else self.end_col,
        )

    def grid_range(self, sheet_id: int) -> dict:
        """The API's ``GridRange`` for this span on ``sheet_id`` (unbounded ends omitted)."""
        out: dict = {"sheetId": sheet_id}
        for key, value in (
            ("startRowIndex", self.start_row),
            ("endRowIndex", self.end_row),
            ("startColumnIndex", self.start_col),
            ("endColumnIndex", self.end_col),
        ):
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def of_grid_range(cls, grid: dict, sheet: str | None = None) -> Span:
        return cls(
            sheet,
            grid.get("startRowIndex"),
            grid.get("endRowIndex"),
            grid.get("startColumnIndex"),
            grid.get("endColumnIndex"),
        )


def column_letters(index: int) -> str:
    """0 -> ``A``, 25 -> ``Z``, 26 -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """``A`` -> 0, ``AA`` -> 26."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number - 1


def quote_title(title: str) -> str:
    """A sheet title as it appears before ``!``: quoted (``''`` for ``'``) unless plain."""
    if _PLAIN_TITLE.match(title) and not _looks_like_cell(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def _looks_like_cell(text: str) -> bool:
    return bool(_A1_CELL.match(text) or (_R1C1.match(text) and text[:1] in "Rr" and len(text) > 1))


def split_sheet(text: str) -> tuple[str | None, str]:
    """``'It''s'!A1`` -> (``It's``, ``A1``); ``A1`` -> (None, ``A1``)."""
    text = text.strip()
    if text.startswith("'"):
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise RangeError(f"Unable to parse range: {text}")
            if text[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        title = text[1:end].replace("''", "'")
        rest = text[end + 1 :]
        if not rest:
            return title, ""
        if not rest.startswith("!"):
            raise RangeError(f"Unable to parse range: {text}")
        return title, rest[1:]
    if "!" in text:
        title, _, rest = text.rpartition("!")
        return title, rest
    return None, text


def _a1_corner(text: str) -> tuple[int | None, int | None]:
    """(row, col) of one corner; either may be None for a whole column or a whole row."""
    if match := _A1_CELL.match(text):
        return int(match[2]) - 1, column_index(match[1])
    if match := _A1_COL.match(text):
        return None, column_index(match[1])
    if match := _A1_ROW.match(text):
        return int(match[1]) - 1, None
    raise RangeError(text)


def _r1c1_corner(text: str) -> tuple[int | None, int | None]:
    match = _R1C1.match(text)
    if not text or not match or not (match[1] or match[2]):
        raise RangeError(text)
    row = int(match[1]) - 1 if match[1] else None
    col = int(match[2]) - 1 if match[2] else None
    return row, col


def _cells(text: str, corner) -> Span:
    first, _, second = text.partition(":")
    row1, col1 = corner(first)
    if not second:
        if row1 is None or col1 is None:
            raise RangeError(text)
        return Span(None, row1, row1 + 1, col1, col1 + 1)
    row2, col2 = corner(second)
    start_row = _low(row1, row2)
    start_col = _low(col1, col2)
    end_row = None if row1 is None or row2 is None else max(row1, row2) + 1
    end_col = None if col1 is None or col2 is None else max(col1, col2) + 1
    if row1 is None and row2 is None and (col1 is None or col2 is None):
        raise RangeError(text)
    if col1 is None and col2 is None and (row1 is None or row2 is None):
        raise RangeError(text)
    return Span(None, start_row, end_row, start_col, end_col)


def _low(a: int | None, b: int | None) -> int | None:
    if a is None or b is None:
        return a if b is None else (b if a is None else None)
    return min(a, b)


def parse_cells(text: str) -> Span:
    """The cell part of a range (no sheet): A1 first, then R1C1."""
    for corner in (_a1_corner, _r1c1_corner):
        try:
            return _cells(text, corner)
        except RangeError:
            continue
    raise RangeError(text)


def parse_range(text: str) -> Span:
    """Parse a range string. A bare word that is not a cell range is taken as a sheet title."""
    original = text
    try:
        sheet, cells = split_sheet(text)
    except RangeError:
        raise RangeError(f"Unable to parse range: {original}") from None
    if not cells:
        if sheet is None:
            raise RangeError(f"Unable to parse range: {original}")
        return Span(sheet)
    try:
        span = parse_cells(cells)
    except RangeError:
        if sheet is None:
            return Span(cells)
        raise RangeError(f"Unable to parse range: {original}") from None
    return replace(span, sheet=sheet)


def format_range(title: str, span: Span) -> str:
    """A bounded span as Google writes it back: ``Sheet1!A1:B2`` or ``Sheet1!A1`` for one cell."""
    start = f"{column_letters(span.start_col)}{span.start_row + 1}"
    end = f"{column_letters(span.end_col - 1)}{span.end_row}"
    single = span.end_row - span.start_row == 1 and span.end_col - span.start_col == 1
    return f"{quote_title(title)}!{start}" + ("" if single else f":{end}")
