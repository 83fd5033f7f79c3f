"""The number format Sheets gives a formula's result when its cell has none of its own.

``=DATE(2024,1,1)`` shows a date, ``=A1+7`` a date when A1 holds one, ``=A1*2`` a currency when
A1 holds one, ``=SUM(B:B)`` the format of the column's first cell; a difference of two dates is a
plain number of days.
"""

from __future__ import annotations

from typing import Any, Protocol

from lark import Tree

from darkfactory.twins.google.sheets.a1 import RangeError, Span, parse_cells, split_sheet
from darkfactory.twins.google.sheets.formula.grammar import FormulaSyntaxError, parse
from darkfactory.twins.google.sheets.numbers import DEFAULT_PATTERNS

DATE_TYPES = ("DATE", "TIME", "DATE_TIME")
DATE_FUNCTIONS = {
    "DATE": "DATE",
    "TODAY": "DATE",
    "NOW": "DATE_TIME",
    "EDATE": "DATE",
    "EOMONTH": "DATE",
}
FOLLOWING = ("SUM", "MIN", "MAX", "AVERAGE", "ROUND", "ABS", "IFERROR")


class Formats(Protocol):
    def number_format(self, sheet: str | None, span: Span) -> dict | None: ...


def implied_format(book: Formats, formula: str) -> dict | None:
    try:
        tree = parse(formula)
    except FormulaSyntaxError:
        return None
    return _format(book, tree)


def _is_date(found: dict | None) -> bool:
    return bool(found) and found.get("type") in DATE_TYPES


def _format(book: Formats, node: Any) -> dict | None:
    if not isinstance(node, Tree):
        return None
    kind = node.data
    if kind == "ref":
        sheet, cells = split_sheet(str(node.children[0]))
        try:
            return book.number_format(sheet, parse_cells(cells))
        except RangeError:
            return None
    if kind == "call":
        name = str(node.children[0])[:-1].upper()
        if name in DATE_FUNCTIONS:
            kind_of = DATE_FUNCTIONS[name]
            return {"type": kind_of, "pattern": DEFAULT_PATTERNS[kind_of]}
        first = node.children[1] if len(node.children) > 1 else None
        if name in FOLLOWING and first is not None and first.children:
            return _format(book, first.children[0])
        return None
    operands = [_format(book, child) for child in node.children]
    if kind == "sub" and all(_is_date(f) for f in operands):
        return None  # days between two dates
    if kind in ("mul", "div"):
        operands = [f for f in operands if not _is_date(f)]
    if kind in ("add", "sub", "mul", "div", "neg", "pos"):
        return next((f for f in operands if f), None)
    return None
