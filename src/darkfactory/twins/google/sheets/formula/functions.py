"""Spreadsheet functions: math and aggregates, logic, text, lookup, conditional sums, dates.

Each function takes the evaluated arguments (scalars, or ``Grid`` for ranges) and returns a value;
IF, IFERROR and IFNA are lazy and get the argument nodes. Argument counts are checked as Sheets
does, answering ``#N/A`` "Wrong number of arguments to ...".
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    compare_key,
    is_number,
    number,
    text,
    truth,
)
from darkfactory.twins.google.sheets.numbers import from_serial, render, to_serial

FUNCTIONS: dict[str, Callable[[Context, list], Any]] = {}
LAZY: dict[str, Callable[[Context, list], Any]] = {}


@dataclass
class Context:
    book: Any
    evaluator: Any


def _arity(name: str, low: int, high: int | None, got: int) -> SheetError | None:
    if low <= got and (high is None or got <= high):
        return None
    if high is None:
        expected = f"at least {low}"
    elif low == high:
        expected = str(low)
    else:
        expected = f"between {low} and {high}"
    return SheetError(
        "N_A",
        f"Wrong number of arguments to {name}. Expected {expected} arguments, but got {got}"
        " arguments.",
    )


def register(name: str, low: int, high: int | None = None, lazy: bool = False):
    """Register ``fn(context, args)`` as the function ``name`` taking ``low``..``high`` args."""

    def decorate(fn):
        def checked(context: Context, args: list) -> Any:
            return _arity(name, low, high, len(args)) or fn(context, args)

        (LAZY if lazy else FUNCTIONS)[name] = checked
        return fn

    return decorate


def _first_error(values) -> SheetError | None:
    return next((v for v in values if isinstance(v, SheetError)), None)


def _scalar(value: Any) -> Any:
    if isinstance(value, Grid):
        return value.rows[0][0] if value.rows and value.rows[0] else None
    return value


def _numbers(name: str, args: list) -> list[float] | SheetError:
    """Numbers of the arguments as aggregates see them: ranges give only their numbers."""
    out: list[float] = []
    for position, arg in enumerate(args, 1):
        if isinstance(arg, Grid):
            for value in arg.cells():
                if isinstance(value, SheetError):
                    return value
                if is_number(value):
                    out.append(float(value))
            continue
        value = number(arg, name, position)
        if isinstance(value, SheetError):
            return value
        out.append(value)
    return out


def _aggregate(name: str, low: int, reduce: Callable[[list[float]], Any]) -> None:
    @register(name, low)
    def function(context: Context, args: list) -> Any:
        values = _numbers(name, args)
        return values if isinstance(values, SheetError) else reduce(values)


def _average(values: list[float]) -> Any:
    if not values:
        return SheetError(
            "DIV_ZERO", "Evaluation of function AVERAGE caused a divide by zero error."
        )
    return sum(values) / len(values)


_aggregate("SUM", 1, lambda v: float(sum(v)))
_aggregate("AVERAGE", 1, _average)
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


# -- logic ----------------------------------------------------------------------------------------
@register("IF", 2, 3, lazy=True)
def _if(context: Context, nodes: list) -> Any:
    condition = truth(_scalar(context.evaluator.arg(nodes[0])), "IF", 1)
    if isinstance(condition, SheetError):
        return condition
    if condition:
        return context.evaluator.arg(nodes[1])
    return context.evaluator.arg(nodes[2]) if len(nodes) > 2 else False


@register("IFERROR", 1, 2, lazy=True)
def _iferror(context: Context, nodes: list) -> Any:
    value = context.evaluator.arg(nodes[0])
    if isinstance(_scalar(value), SheetError):
        return context.evaluator.arg(nodes[1]) if len(nodes) > 1 else None
    return value


@register("IFNA", 2, 2, lazy=True)
def _ifna(context: Context, nodes: list) -> Any:
    value = context.evaluator.arg(nodes[0])
    first = _scalar(value)
    if isinstance(first, SheetError) and first.type == "N_A":
        return context.evaluator.arg(nodes[1])
    return value


def _truths(name: str, args: list) -> list[bool] | SheetError:
    out: list[bool] = []
    for position, arg in enumerate(args, 1):
        values = [v for v in arg.cells() if v is not None] if isinstance(arg, Grid) else [arg]
        for value in values:
            if isinstance(arg, Grid) and isinstance(value, str):
                continue
            result = truth(value, name, position)
            if isinstance(result, SheetError):
                return result
            out.append(result)
    return out


@register("AND", 1)
def _and(context: Context, args: list) -> Any:
    values = _truths("AND", args)
    return values if isinstance(values, SheetError) else all(values)


@register("OR", 1)
def _or(context: Context, args: list) -> Any:
    values = _truths("OR", args)
    return values if isinstance(values, SheetError) else any(values)


@register("NOT", 1, 1)
def _not(context: Context, args: list) -> Any:
    value = truth(_scalar(args[0]), "NOT", 1)
    return value if isinstance(value, SheetError) else not value


for _name, _kind in (("ISBLANK", None), ("ISNUMBER", float), ("ISTEXT", str)):

    def _is(context: Context, args: list, kind=_kind) -> bool:
        value = _scalar(args[0])
        if kind is None:
            return value is None
        if kind is float:
            return is_number(value)
        return isinstance(value, str)

    register(_name, 1, 1)(_is)


@register("ISERROR", 1, 1)
def _iserror(context: Context, args: list) -> bool:
    return isinstance(_scalar(args[0]), SheetError)


# -- text -----------------------------------------------------------------------------------------
def _text_function(name: str, low: int, high: int | None, fn: Callable[..., Any]) -> None:
    @register(name, low, high)
    def function(context: Context, args: list) -> Any:
        values = [_scalar(a) for a in args]
        return _first_error(values) or fn(*values)


def _concatenate(*values: Any) -> str:
    return "".join(text(v) for v in values)


_text_function("LEN", 1, 1, lambda v: float(len(text(v))))
_text_function("UPPER", 1, 1, lambda v: text(v).upper())
_text_function("LOWER", 1, 1, lambda v: text(v).lower())
_text_function("TRIM", 1, 1, lambda v: re.sub(" +", " ", text(v).strip()))


@register("CONCATENATE", 1)
def _concat(context: Context, args: list) -> Any:
    values = [v for a in args for v in (a.cells() if isinstance(a, Grid) else [a])]
    return _first_error(values) or _concatenate(*values)


def _count_arg(name: str, value: Any, position: int, default: int) -> int | SheetError:
    if value is None:
        return default
    result = number(value, name, position)
    return result if isinstance(result, SheetError) else int(result)


def _slice(name: str, fn: Callable[[str, int, int], str], low: int, high: int) -> None:
    @register(name, low, high)
    def function(context: Context, args: list) -> Any:
        values = [_scalar(a) for a in args]
        error = _first_error(values)
        if error:
            return error
        counts = [_count_arg(name, v, i + 2, 1) for i, v in enumerate(values[1:])]
        return _first_error(counts) or fn(text(values[0]), *counts)


_slice("LEFT", lambda s, n=1: s[: max(n, 0)], 1, 2)
_slice("RIGHT", lambda s, n=1: s[-n:] if n > 0 else "", 1, 2)
_slice("MID", lambda s, start, n: s[start - 1 : start - 1 + n], 3, 3)


@register("TEXT", 2, 2)
def _text(context: Context, args: list) -> Any:
    value, pattern = (_scalar(a) for a in args)
    as_number = number(value, "TEXT", 1)
    if isinstance(as_number, SheetError):
        return text(value)
    kind = "DATE" if re.search(r"[dyhs]", text(pattern), re.I) else "NUMBER"
    return render(as_number, {"type": kind, "pattern": text(pattern)})


# -- math -----------------------------------------------------------------------------------------
def _math(name: str, low: int, high: int, fn: Callable[..., Any]) -> None:
    @register(name, low, high)
    def function(context: Context, args: list) -> Any:
        values = [number(_scalar(a), name, i) for i, a in enumerate(args, 1)]
        return _first_error(values) or fn(*values)


def _round(value: float, places: float = 0, mode: str = "half") -> float:
    factor = 10 ** int(places)
    scaled = abs(value) * factor
    if mode == "half":
        rounded = math.floor(scaled + 0.5 + 1e-9)
    elif mode == "up":
        rounded = math.ceil(scaled - 1e-9)
    else:
        rounded = math.floor(scaled + 1e-9)
    return math.copysign(rounded / factor, value)


def _mod(a: float, b: float) -> Any:
    if b == 0:
        return SheetError("DIV_ZERO", "Function MOD parameter 2 cannot be zero.")
    return a - b * math.floor(a / b)


def _sqrt(a: float) -> Any:
    if a < 0:
        return SheetError(
            "NUM", "Function SQRT parameter 1 value is negative. It should be positive or zero."
        )
    return math.sqrt(a)


_math("ROUND", 1, 2, _round)
_math("ROUNDUP", 1, 2, lambda v, p=0: _round(v, p, "up"))
_math("ROUNDDOWN", 1, 2, lambda v, p=0: _round(v, p, "down"))
_math("ABS", 1, 1, abs)
_math("INT", 1, 1, lambda v: float(math.floor(v)))
_math("MOD", 2, 2, _mod)
_math("POWER", 2, 2, lambda a, b: float(a**b))
_math("SQRT", 1, 1, _sqrt)


# -- conditional aggregates ----------------------------------------------------------------------
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


def _grid(value: Any) -> Grid:
    return value if isinstance(value, Grid) else Grid([[value]])


@register("COUNTIF", 2, 2)
def _countif(context: Context, args: list) -> Any:
    test = criterion(_scalar(args[1]))
    return float(sum(1 for v in _grid(args[0]).cells() if test(v)))


def _conditional_sum(name: str, args: list, reduce: Callable[[list[float]], Any]) -> Any:
    cells = _grid(args[0])
    test = criterion(_scalar(args[1]))
    sums = _grid(args[2]) if len(args) > 2 else cells
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
    return _conditional_sum("AVERAGEIF", args, _average)


# -- lookup ---------------------------------------------------------------------------------------
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
    key, table, column = _scalar(args[0]), _grid(args[1]), number(_scalar(args[2]), "VLOOKUP", 3)
    sorted_ = truth(_scalar(args[3]), "VLOOKUP", 4) if len(args) > 3 else True
    error = _first_error([key, column, sorted_])
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
    table = _grid(args[1])
    flipped = Grid([list(col) for col in zip(*table.rows, strict=False)]) if table.rows else table
    return _vlookup(context, [args[0], flipped, *args[2:]])


@register("MATCH", 2, 3)
def _match(context: Context, args: list) -> Any:
    key, cells = _scalar(args[0]), _grid(args[1])
    kind = number(_scalar(args[2]), "MATCH", 3) if len(args) > 2 else 1.0
    error = _first_error([key, kind])
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
    cells = _grid(args[0])
    row = _count_arg("INDEX", _scalar(args[1]) if len(args) > 1 else None, 2, 0)
    col = _count_arg("INDEX", _scalar(args[2]) if len(args) > 2 else None, 3, 0)
    error = _first_error([row, col])
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


# -- dates ----------------------------------------------------------------------------------------
@register("TODAY", 0, 0)
def _today(context: Context, args: list) -> float:
    return float(math.floor(context.book.now()))


@register("NOW", 0, 0)
def _now(context: Context, args: list) -> float:
    return context.book.now()


@register("DATE", 3, 3)
def _date(context: Context, args: list) -> Any:
    values = [number(_scalar(a), "DATE", i) for i, a in enumerate(args, 1)]
    error = _first_error(values)
    if error:
        return error
    year, month, day = (int(v) for v in values)
    if 0 <= year < 1900:
        year += 1900
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    try:
        base = dt.datetime(year, month, 1)
    except ValueError:
        return SheetError("NUM", "Function DATE parameter 1 value is out of range.")
    return to_serial(base) + day - 1


def _date_part(name: str, part: Callable[[dt.datetime], int]) -> None:
    @register(name, 1, 1)
    def function(context: Context, args: list) -> Any:
        value = number(_scalar(args[0]), name, 1)
        return value if isinstance(value, SheetError) else float(part(from_serial(value)))


_date_part("YEAR", lambda d: d.year)
_date_part("MONTH", lambda d: d.month)
_date_part("DAY", lambda d: d.day)


# -- arrays (their results spill into the cells right of and below the formula) -------------------
@register("ARRAYFORMULA", 1, 1)
def _arrayformula(context: Context, args: list) -> Any:
    return args[0]


@register("TRANSPOSE", 1, 1)
def _transpose(context: Context, args: list) -> Any:
    cells = _grid(args[0])
    return Grid([list(col) for col in zip(*cells.rows, strict=True)])


@register("SEQUENCE", 1, 4)
def _sequence(context: Context, args: list) -> Any:
    values = [number(_scalar(a), "SEQUENCE", i) for i, a in enumerate(args, 1)]
    error = _first_error(values)
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
    cells = _grid(args[0])
    tests = [_grid(a) for a in args[1:]]
    by_rows = all(t.height == cells.height and t.width == 1 for t in tests)
    if not by_rows and not all(t.width == cells.width and t.height == 1 for t in tests):
        return SheetError("VALUE", "FILTER has mismatched range sizes.")
    lines = cells.rows if by_rows else [list(c) for c in zip(*cells.rows, strict=True)]
    kept = []
    for index, line in enumerate(lines):
        flags = [t.rows[index][0] if by_rows else t.rows[0][index] for t in tests]
        error = _first_error(flags)
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
    for line in _grid(args[0]).rows:
        key = tuple(compare_key(v) for v in line)
        if key not in seen:
            seen.add(key)
            kept.append(line)
    return Grid(kept)


@register("SORT", 1, 3)
def _sort(context: Context, args: list) -> Any:
    cells = _grid(args[0])
    column = _count_arg("SORT", _scalar(args[1]) if len(args) > 1 else None, 2, 1)
    ascending = truth(_scalar(args[2]), "SORT", 3) if len(args) > 2 else True
    error = _first_error([column, ascending])
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
    value, delimiters = (_scalar(a) for a in args)
    error = _first_error([value, delimiters])
    if error:
        return error
    parts = re.split("|".join(re.escape(d) for d in text(delimiters)), text(value))
    return Grid([[_typed(p) for p in parts if p != ""]])


def _typed(part: str) -> Any:
    try:
        return float(part)
    except ValueError:
        return part
