"""Spreadsheet functions, registered by name: math and aggregates, logic, text, lookup, dates,
arrays (one module each).

Each function takes the evaluated arguments (scalars, or ``Grid`` for ranges) and returns a value;
IF, IFERROR and IFNA are lazy and get the argument nodes. Argument counts are checked as Sheets
does, answering ``#N/A`` "Wrong number of arguments to ...".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    is_number,
    number,
    scalar,
)

__all__ = ["FUNCTIONS", "LAZY", "Context", "register", "scalar"]

FUNCTIONS: dict[str, Callable[[Context, list], Any]] = {}
LAZY: dict[str, Callable[[Context, list], Any]] = {}
MODULES = ("aggregates", "logic", "text", "numeric", "lookup", "dates", "arrays")


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


def first_error(values) -> SheetError | None:
    return next((v for v in values if isinstance(v, SheetError)), None)


def numbers(name: str, args: list) -> list[float] | SheetError:
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


def as_grid(value: Any) -> Grid:
    return value if isinstance(value, Grid) else Grid([[value]])


def count_arg(name: str, value: Any, position: int, default: int) -> int | SheetError:
    if value is None:
        return default
    result = number(value, name, position)
    return result if isinstance(result, SheetError) else int(result)


for _module in MODULES:
    importlib.import_module(f"{__name__}.{_module}")
