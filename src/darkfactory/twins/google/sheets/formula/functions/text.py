"""Text: LEN, UPPER, LOWER, PROPER, TRIM, CONCATENATE, CONCAT, TEXTJOIN, LEFT, RIGHT, MID, TEXT,
SUBSTITUTE, FIND, SEARCH, VALUE, REPT, EXACT, HYPERLINK."""

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
    truth,
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


@register("SUBSTITUTE", 3, 4)
def _substitute(context: Context, args: list) -> Any:
    values = [scalar(a) for a in args]
    error = first_error(values)
    if error:
        return error
    source, old, new = (text(v) for v in values[:3])
    if len(values) < 4 or values[3] is None:
        return source.replace(old, new) if old else source
    occurrence = count_arg("SUBSTITUTE", values[3], 4, 1)
    if isinstance(occurrence, SheetError):
        return occurrence
    at = -1
    for _ in range(occurrence):
        at = source.find(old, at + 1)
        if at < 0 or not old:
            return source
    return source[:at] + new + source[at + len(old) :]


def _finder(name: str, fold: bool) -> None:
    @register(name, 2, 3)
    def function(context: Context, args: list) -> Any:
        values = [scalar(a) for a in args]
        error = first_error(values)
        if error:
            return error
        needle, haystack = text(values[0]), text(values[1])
        start = count_arg(name, values[2] if len(values) > 2 else None, 3, 1)
        if isinstance(start, SheetError):
            return start
        if fold:
            needle, haystack = needle.lower(), haystack.lower()
        at = haystack.find(needle, max(start - 1, 0))
        if at < 0:
            return SheetError(
                "VALUE", f"In {name} evaluation, cannot find '{values[0]}' within '{values[1]}'."
            )
        return float(at + 1)


_finder("FIND", False)
_finder("SEARCH", True)


@register("VALUE", 1, 1)
def _value(context: Context, args: list) -> Any:
    value = scalar(args[0])
    if isinstance(value, SheetError | float | int) and not isinstance(value, bool):
        return value
    return number(text(value).replace("$", "").strip() or "0", "VALUE", 1)


@register("TEXTJOIN", 3)
def _textjoin(context: Context, args: list) -> Any:
    delimiter, skip = scalar(args[0]), truth(scalar(args[1]), "TEXTJOIN", 2)
    values = [v for a in args[2:] for v in (a.cells() if isinstance(a, Grid) else [a])]
    error = first_error([delimiter, skip, *values])
    if error:
        return error
    parts = [text(v) for v in values if not (skip and (v is None or v == ""))]
    return text(delimiter).join(parts)


_text_function("PROPER", 1, 1, lambda v: text(v).title())
_text_function("EXACT", 2, 2, lambda a, b: text(a) == text(b))
_text_function("HYPERLINK", 1, 2, lambda url, label=None: text(url if label is None else label))


@register("CONCAT", 2, 2)
def _concat_two(context: Context, args: list) -> Any:
    values = [scalar(a) for a in args]
    return first_error(values) or text(values[0]) + text(values[1])


@register("REPT", 2, 2)
def _rept(context: Context, args: list) -> Any:
    value, times = scalar(args[0]), count_arg("REPT", scalar(args[1]), 2, 0)
    error = first_error([value, times])
    if error:
        return error
    if times < 0:
        return SheetError("VALUE", "Function REPT parameter 2 value is negative.")
    return text(value) * times
