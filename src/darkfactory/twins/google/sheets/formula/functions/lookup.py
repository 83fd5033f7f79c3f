"""Lookup and references: VLOOKUP, HLOOKUP, XLOOKUP, MATCH, INDEX, ROW, COLUMN, ROWS, COLUMNS."""

from __future__ import annotations

from typing import Any

from lark import Tree

from darkfactory.twins.google.sheets.a1 import RangeError, Span, parse_cells, split_sheet
from darkfactory.twins.google.sheets.formula.functions import (
    Context,
    as_grid,
    count_arg,
    first_error,
    register,
    scalar,
)
from darkfactory.twins.google.sheets.formula.functions.aggregates import criterion
from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    compare_key,
    number,
    text,
    truth,
)


def _not_found(name: str, value: Any) -> SheetError:
    return SheetError("N_A", f"Did not find value '{text(value)}' in {name} evaluation.")


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _position(name: str, key: Any, line: list, exact: bool) -> int | SheetError:
    """Index of ``key`` in ``line``: exact, or the last one not above it in a sorted line."""
    if exact:
        wild = isinstance(key, str) and any(c in key for c in "*?")
        pattern = criterion("=" + key) if wild else None
        for index, value in enumerate(line):
            if pattern(value) if pattern else _equal(value, key):
                return index
        return _not_found(name, key)
    best = None
    for index, value in enumerate(line):
        if value is None or compare_key(value)[0] != compare_key(key)[0]:
            continue
        if compare_key(value) <= compare_key(key):
            best = index
        else:
            break
    return _not_found(name, key) if best is None else best


@register("VLOOKUP", 3, 4)
def _vlookup(context: Context, args: list) -> Any:
    key, table, column = scalar(args[0]), as_grid(args[1]), number(scalar(args[2]), "VLOOKUP", 3)
    sorted_ = truth(scalar(args[3]), "VLOOKUP", 4) if len(args) > 3 else True
    error = first_error([key, column, sorted_])
    if error:
        return error
    if not 1 <= column <= table.width:
        return SheetError(
            "REF",
            "VLOOKUP evaluates to an out of bounds range.",
        )
    row = _position("VLOOKUP", key, [r[0] for r in table.rows], not sorted_)
    return row if isinstance(row, SheetError) else table.rows[row][int(column) - 1]


@register("HLOOKUP", 3, 4)
def _hlookup(context: Context, args: list) -> Any:
    table = as_grid(args[1])
    flipped = Grid([list(col) for col in zip(*table.rows, strict=False)]) if table.rows else table
    return _vlookup(context, [args[0], flipped, *args[2:]])


@register("MATCH", 2, 3)
def _match(context: Context, args: list) -> Any:
    key, cells = scalar(args[0]), as_grid(args[1])
    kind = number(scalar(args[2]), "MATCH", 3) if len(args) > 2 else 1.0
    error = first_error([key, kind])
    if error:
        return error
    line = cells.cells()
    if kind == -1:
        for index, value in enumerate(line):
            if _equal(value, key):
                return float(index + 1)
        return _not_found("MATCH", key)
    index = _position("MATCH", key, line, kind == 0)
    return index if isinstance(index, SheetError) else float(index + 1)


@register("INDEX", 1, 3)
def _index(context: Context, args: list) -> Any:
    cells = as_grid(args[0])
    row = count_arg("INDEX", scalar(args[1]) if len(args) > 1 else None, 2, 0)
    col = count_arg("INDEX", scalar(args[2]) if len(args) > 2 else None, 3, 0)
    error = first_error([row, col])
    if error:
        return error
    if cells.height == 1 and len(args) == 2:
        row, col = 1, row
    if row > cells.height or col > cells.width or row < 0 or col < 0:
        return SheetError("REF", "Function INDEX parameter 2 value is out of range.")
    if row == 0 and col == 0:
        return cells
    if row == 0:
        return Grid([[r[col - 1]] for r in cells.rows])
    if col == 0:
        return Grid([cells.rows[row - 1]]) if cells.width > 1 else cells.rows[row - 1][0]
    return cells.rows[row - 1][col - 1]


@register("XLOOKUP", 3, 4)
def _xlookup(context: Context, args: list) -> Any:
    key, keys, results = scalar(args[0]), as_grid(args[1]), as_grid(args[2])
    if isinstance(key, SheetError):
        return key
    line = keys.cells()
    found = _position("XLOOKUP", key, line, exact=True)
    if isinstance(found, SheetError):
        return args[3] if len(args) > 3 else found
    if keys.width == 1 and results.height == keys.height:
        return Grid([results.rows[found]]) if results.width > 1 else results.rows[found][0]
    if keys.height == 1 and results.width == keys.width:
        column = [[row[found]] for row in results.rows]
        return Grid(column) if results.height > 1 else column[0][0]
    return SheetError("VALUE", "XLOOKUP lookup and result ranges must have the same size.")


def _span_of(node: Any) -> Span | None:
    """The cells a reference argument names (None when the argument is not a reference)."""
    inner = node.children[0] if node.children else None
    if not isinstance(inner, Tree) or inner.data != "ref":
        return None
    try:
        return parse_cells(split_sheet(str(inner.children[0]))[1])
    except RangeError:
        return None


def _position_of(name: str, axis: int):
    @register(name, 0, 1, lazy=True)
    def function(context: Context, nodes: list) -> Any:
        if not nodes:
            return float(context.book.here[axis] + 1)
        span = _span_of(nodes[0])
        if span is None:
            return SheetError("VALUE", f"Function {name} parameter 1 expects a reference.")
        start = span.start_row if axis == 0 else span.start_col
        return float((start or 0) + 1)


_position_of("ROW", 0)
_position_of("COLUMN", 1)


@register("ROWS", 1, 1)
def _rows(context: Context, args: list) -> float:
    return float(as_grid(args[0]).height)


@register("COLUMNS", 1, 1)
def _columns(context: Context, args: list) -> float:
    return float(as_grid(args[0]).width)
