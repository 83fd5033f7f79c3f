"""Text: LEN, UPPER, LOWER, TRIM, CONCATENATE, LEFT, RIGHT, MID, TEXT."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from darkfactory.twins.google.sheets.formula.functions import (
    Context,
    count_arg,
    first_error,
    register,
    scalar,
)
from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    number,
    text,
)
from darkfactory.twins.google.sheets.numbers import render


def _text_function(name: str, low: int, high: int | None, fn: Callable[..., Any]) -> None:
    @register(name, low, high)
    def function(context: Context, args: list) -> Any:
        values = [scalar(a) for a in args]
        return first_error(values) or fn(*values)


def _concatenate(*values: Any) -> str:
    return "".join(text(v) for v in values)


_text_function("LEN", 1, 1, lambda v: float(len(text(v))))
_text_function("UPPER", 1, 1, lambda v: text(v).upper())
_text_function("LOWER", 1, 1, lambda v: text(v).lower())
_text_function("TRIM", 1, 1, lambda v: re.sub(" +", " ", text(v).strip()))


@register("CONCATENATE", 1)
def _concat(context: Context, args: list) -> Any:
    values = [v for a in args for v in (a.cells() if isinstance(a, Grid) else [a])]
    return first_error(values) or _concatenate(*values)


def _slice(name: str, fn: Callable[[str, int, int], str], low: int, high: int) -> None:
    @register(name, low, high)
    def function(context: Context, args: list) -> Any:
        values = [scalar(a) for a in args]
        error = first_error(values)
        if error:
            return error
        counts = [count_arg(name, v, i + 2, 1) for i, v in enumerate(values[1:])]
        return first_error(counts) or fn(text(values[0]), *counts)


_slice("LEFT", lambda s, n=1: s[: max(n, 0)], 1, 2)
_slice("RIGHT", lambda s, n=1: s[-n:] if n > 0 else "", 1, 2)
_slice("MID", lambda s, start, n: s[start - 1 : start - 1 + n], 3, 3)


@register("TEXT", 2, 2)
def _text(context: Context, args: list) -> Any:
    value, pattern = (scalar(a) for a in args)
    as_number = number(value, "TEXT", 1)
    if isinstance(as_number, SheetError):
        return text(value)
    kind = "DATE" if re.search(r"[dyhs]", text(pattern), re.I) else "NUMBER"
    return render(as_number, {"type": kind, "pattern": text(pattern)})
