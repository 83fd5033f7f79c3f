"""Dates: TODAY and NOW on the universe clock, DATE, YEAR, MONTH, DAY."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from darkfactory.twins.google.sheets.formula.functions import (
    Context,
    first_error,
    register,
    scalar,
)
from darkfactory.twins.google.sheets.formula.values import (
    SheetError,
    number,
)
from darkfactory.twins.google.sheets.numbers import from_serial, to_serial


@register("TODAY", 0, 0)
def _today(context: Context, args: list) -> float:
    return float(math.floor(context.book.now()))


@register("NOW", 0, 0)
def _now(context: Context, args: list) -> float:
    return context.book.now()


@register("DATE", 3, 3)
def _date(context: Context, args: list) -> Any:
    values = [number(scalar(a), "DATE", i) for i, a in enumerate(args, 1)]
    error = first_error(values)
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
        value = number(scalar(args[0]), name, 1)
        return value if isinstance(value, SheetError) else float(part(from_serial(value)))


_date_part("YEAR", lambda d: d.year)
_date_part("MONTH", lambda d: d.month)
_date_part("DAY", lambda d: d.day)
