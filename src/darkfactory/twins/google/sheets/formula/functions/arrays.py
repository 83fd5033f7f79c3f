"""Arrays (results spill into the cells right of and below the formula): ARRAYFORMULA,
TRANSPOSE, SEQUENCE, FILTER, UNIQUE, SORT, SPLIT."""

from __future__ import annotations

import re
from typing import Any

from darkfactory.twins.google.sheets.formula.functions import (
    Context,
    as_grid,
    count_arg,
    first_error,
    register,
    scalar,
)
from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    compare_key,
    number,
    text,
    truth,
)


@register("ARRAYFORMULA", 1, 1)
def _arrayformula(context: Context, args: list) -> Any:
    return args[0]


@register("TRANSPOSE", 1, 1)
def _transpose(context: Context, args: list) -> Any:
    cells = as_grid(args[0])
    return Grid([list(col) for col in zip(*cells.rows, strict=True)])


@register("SEQUENCE", 1, 4)
def _sequence(context: Context, args: list) -> Any:
    values = [number(scalar(a), "SEQUENCE", i) for i, a in enumerate(args, 1)]
    error = first_error(values)
    if error:
        return error
    rows, cols, start, step = (values + [1.0, 1.0, 1.0][len(values) - 1 :])[:4]
    if rows < 1 or cols < 1:
        return SheetError("NUM", "SEQUENCE row and column counts must be greater than zero.")
    return Grid(
        [[start + step * (r * int(cols) + c) for c in range(int(cols))] for r in range(int(rows))]
    )


@register("FILTER", 2)
def _filter(context: Context, args: list) -> Any:
    cells = as_grid(args[0])
    tests = [as_grid(a) for a in args[1:]]
    by_rows = all(t.height == cells.height and t.width == 1 for t in tests)
    if not by_rows and not all(t.width == cells.width and t.height == 1 for t in tests):
        return SheetError("VALUE", "FILTER has mismatched range sizes.")
    lines = cells.rows if by_rows else [list(c) for c in zip(*cells.rows, strict=True)]
    kept = []
    for index, line in enumerate(lines):
        flags = [t.rows[index][0] if by_rows else t.rows[0][index] for t in tests]
        error = first_error(flags)
        if error:
            return error
        if all(truth(f) is True for f in flags):
            kept.append(line)
    if not kept:
        return SheetError("N_A", "No matches are found in FILTER evaluation.")
    return Grid(kept if by_rows else [list(c) for c in zip(*kept, strict=True)])


@register("UNIQUE", 1, 1)
def _unique(context: Context, args: list) -> Any:
    seen, kept = set(), []
    for line in as_grid(args[0]).rows:
        key = tuple(compare_key(v) for v in line)
        if key not in seen:
            seen.add(key)
            kept.append(line)
    return Grid(kept)


@register("SORT", 1, 3)
def _sort(context: Context, args: list) -> Any:
    cells = as_grid(args[0])
    column = count_arg("SORT", scalar(args[1]) if len(args) > 1 else None, 2, 1)
    ascending = truth(scalar(args[2]), "SORT", 3) if len(args) > 2 else True
    error = first_error([column, ascending])
    if error:
        return error
    if not 1 <= column <= cells.width:
        return SheetError(
            "VALUE",
            f"Function SORT parameter 2 value is {column}. Valid values are between 1 and"
            f" {cells.width} inclusive.",
        )
    filled = [r for r in cells.rows if r[column - 1] is not None]
    blank = [r for r in cells.rows if r[column - 1] is None]
    filled.sort(key=lambda r: compare_key(r[column - 1]), reverse=not ascending)
    return Grid(filled + blank)


@register("SPLIT", 2, 2)
def _split(context: Context, args: list) -> Any:
    value, delimiters = (scalar(a) for a in args)
    error = first_error([value, delimiters])
    if error:
        return error
    parts = re.split("|".join(re.escape(d) for d in text(delimiters)), text(value))
    return Grid([[_typed(p) for p in parts if p != ""]])


def _typed(part: str) -> Any:
    try:
        return float(part)
    except ValueError:
        return part
