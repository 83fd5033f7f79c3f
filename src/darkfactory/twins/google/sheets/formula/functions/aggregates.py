"""Aggregates: SUM, SUMPRODUCT, AVERAGE, MEDIAN, MIN, MAX, PRODUCT, COUNT, COUNTA, COUNTBLANK,
and the conditional COUNTIF(S), SUMIF(S), AVERAGEIF(S) with their criteria (``">5"``, ``"<>x"``)."""

from __future__ import annotations

import fnmatch
import math
import re
import statistics
from collections.abc import Callable
from typing import Any

from darkfactory.twins.google.sheets.formula.functions import (
    Context,
    as_grid,
    numbers,
    register,
    scalar,
)
from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    is_number,
    text,
)


def _aggregate(name: str, low: int, reduce: Callable[[list[float]], Any]) -> None:
    @register(name, low)
    def function(context: Context, args: list) -> Any:
        values = numbers(name, args)
        return values if isinstance(values, SheetError) else reduce(values)


def average(values: list[float]) -> Any:
    if not values:
        return SheetError(
            "DIV_ZERO", "Evaluation of function AVERAGE caused a divide by zero error."
        )
    return sum(values) / len(values)


_aggregate("SUM", 1, lambda v: float(sum(v)))
_aggregate("AVERAGE", 1, average)
_aggregate("MIN", 1, lambda v: min(v) if v else 0.0)
_aggregate("MAX", 1, lambda v: max(v) if v else 0.0)
_aggregate("PRODUCT", 1, lambda v: float(math.prod(v)))


@register("COUNT", 1)
def _count(context: Context, args: list) -> float:
    count = 0
    for arg in args:
        values = arg.cells() if isinstance(arg, Grid) else [arg]
        count += sum(1 for v in values if is_number(v))
    return float(count)


@register("COUNTA", 1)
def _counta(context: Context, args: list) -> float:
    count = 0
    for arg in args:
        values = arg.cells() if isinstance(arg, Grid) else [arg]
        count += sum(1 for v in values if v is not None) if isinstance(arg, Grid) else 1
    return float(count)


@register("COUNTBLANK", 1, 1)
def _countblank(context: Context, args: list) -> float:
    cells = args[0].cells() if isinstance(args[0], Grid) else [args[0]]
    return float(sum(1 for v in cells if v is None or v == ""))


def criterion(spec: Any) -> Callable[[Any], bool]:
    """A SUMIF/COUNTIF criterion: ``">5"``, ``"<>x"``, ``"=a*"``, ``"ab?"`` or a plain value."""
    if not isinstance(spec, str):
        return lambda v: v == spec or (is_number(v) and v == spec)
    match = re.match(r"(<=|>=|<>|<|>|=)?(.*)$", spec, re.S)
    op, operand = match[1] or "=", match[2]
    try:
        target: Any = float(operand)
    except ValueError:
        target = operand.lower()
    if isinstance(target, float):
        compare = {
            "=": lambda v: v == target,
            "<>": lambda v: v != target,
            "<": lambda v: v < target,
            ">": lambda v: v > target,
            "<=": lambda v: v <= target,
            ">=": lambda v: v >= target,
        }[op]
        return lambda v: (
            (is_number(v) and compare(v)) or (op == "<>" and not isinstance(v, int | float))
        )
    pattern = fnmatch.translate(target.replace("[", "[[]")) if op in ("=", "<>") else None

    def matches(value: Any) -> bool:
        as_text = text(value).lower()
        if op == "=":
            blank_only = target == "" and value not in (None, "")
            return bool(re.match(pattern, as_text)) and not blank_only
        if op == "<>":
            return not re.match(pattern, as_text)
        return (
            isinstance(value, str)
            and {
                "<": as_text < target,
                ">": as_text > target,
                "<=": as_text <= target,
                ">=": as_text >= target,
            }[op]
        )

    return matches


@register("COUNTIF", 2, 2)
def _countif(context: Context, args: list) -> Any:
    test = criterion(scalar(args[1]))
    return float(sum(1 for v in as_grid(args[0]).cells() if test(v)))


def _conditional_sum(name: str, args: list, reduce: Callable[[list[float]], Any]) -> Any:
    cells = as_grid(args[0])
    test = criterion(scalar(args[1]))
    sums = as_grid(args[2]) if len(args) > 2 else cells
    picked = []
    for r, row in enumerate(cells.rows):
        for c, value in enumerate(row):
            if not test(value):
                continue
            target = sums.rows[r][c] if r < sums.height and c < sums.width else None
            if isinstance(target, SheetError):
                return target
            if is_number(target):
                picked.append(float(target))
    return reduce(picked)


@register("SUMIF", 2, 3)
def _sumif(context: Context, args: list) -> Any:
    return _conditional_sum("SUMIF", args, lambda v: float(sum(v)))


@register("AVERAGEIF", 2, 3)
def _averageif(context: Context, args: list) -> Any:
    return _conditional_sum("AVERAGEIF", args, average)


def _median(values: list[float]) -> Any:
    if not values:
        return SheetError("NUM", "MEDIAN has no valid input data.")
    return float(statistics.median(values))


_aggregate("MEDIAN", 1, _median)


def _positions(name: str, pairs: list) -> list[tuple[int, int]] | SheetError:
    """The (row, column) positions meeting every (range, criterion) pair of a *IFS function."""
    grids = [(as_grid(rng), criterion(scalar(spec))) for rng, spec in pairs]
    height, width = grids[0][0].height, grids[0][0].width
    if any((g.height, g.width) != (height, width) for g, _ in grids):
        return SheetError("VALUE", f"Array arguments to {name} are of different size.")
    return [
        (r, c)
        for r in range(height)
        for c in range(width)
        if all(test(grid.rows[r][c]) for grid, test in grids)
    ]


def _pairs(name: str, rest: list) -> list | SheetError:
    if len(rest) % 2:
        return SheetError("N_A", f"Wrong number of arguments to {name}.")
    return list(zip(rest[::2], rest[1::2], strict=True))


@register("COUNTIFS", 2)
def _countifs(context: Context, args: list) -> Any:
    pairs = _pairs("COUNTIFS", args)
    found = pairs if isinstance(pairs, SheetError) else _positions("COUNTIFS", pairs)
    return found if isinstance(found, SheetError) else float(len(found))


def _summing_ifs(name: str, reduce: Callable[[list[float]], Any]) -> None:
    @register(name, 3)
    def function(context: Context, args: list) -> Any:
        target = as_grid(args[0])
        pairs = _pairs(name, args[1:])
        found = pairs if isinstance(pairs, SheetError) else _positions(name, pairs)
        if isinstance(found, SheetError):
            return found
        values = [target.rows[r][c] for r, c in found if r < target.height and c < target.width]
        error = next((v for v in values if isinstance(v, SheetError)), None)
        return error or reduce([float(v) for v in values if is_number(v)])


_summing_ifs("SUMIFS", lambda v: float(sum(v)))
_summing_ifs("AVERAGEIFS", average)


@register("SUMPRODUCT", 1)
def _sumproduct(context: Context, args: list) -> Any:
    grids = [as_grid(a) for a in args]
    shape = (grids[0].height, grids[0].width)
    if any((g.height, g.width) != shape for g in grids):
        return SheetError("VALUE", "SUMPRODUCT has mismatched range sizes.")
    total = 0.0
    for cells in zip(*(g.cells() for g in grids), strict=True):
        error = next((v for v in cells if isinstance(v, SheetError)), None)
        if error:
            return error
        total += math.prod(float(v) if is_number(v) else 0.0 for v in cells)
    return total
