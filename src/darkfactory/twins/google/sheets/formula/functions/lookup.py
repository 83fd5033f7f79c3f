"""Lookup: VLOOKUP, HLOOKUP, MATCH, INDEX."""

from __future__ import annotations

from typing import Any

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
