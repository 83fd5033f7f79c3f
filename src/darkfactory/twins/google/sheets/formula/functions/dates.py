"""Dates: TODAY and NOW on the universe clock, DATE, YEAR, MONTH, DAY, EDATE, EOMONTH, WEEKDAY,
DAYS, DATEDIF."""

from __future__ import annotations

import calendar
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
    text,
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


def _months_later(serial: float, months: int) -> dt.datetime:
    moment = from_serial(serial)
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.datetime(year, month, min(moment.day, last))


@register("EDATE", 2, 2)
def _edate(context: Context, args: list) -> Any:
    start, months = (number(scalar(a), "EDATE", i) for i, a in enumerate(args, 1))
    error = first_error([start, months])
    return error or to_serial(_months_later(start, int(months)))


@register("EOMONTH", 2, 2)
def _eomonth(context: Context, args: list) -> Any:
    start, months = (number(scalar(a), "EOMONTH", i) for i, a in enumerate(args, 1))
    error = first_error([start, months])
    if error:
        return error
    moment = _months_later(start, int(months))
    last = calendar.monthrange(moment.year, moment.month)[1]
    return to_serial(moment.replace(day=last))


@register("WEEKDAY", 1, 2)
def _weekday(context: Context, args: list) -> Any:
    values = [number(scalar(a), "WEEKDAY", i) for i, a in enumerate(args, 1)]
    error = first_error(values)
    if error:
        return error
    kind = int(values[1]) if len(values) > 1 else 1
    weekday = from_serial(values[0]).weekday()  # Monday is 0
    if kind == 1:
        return float((weekday + 1) % 7 + 1)  # Sunday is 1
    if kind == 2:
        return float(weekday + 1)  # Monday is 1
    if kind == 3:
        return float(weekday)  # Monday is 0
    return SheetError("NUM", "Function WEEKDAY parameter 2 value should be 1, 2 or 3.")


@register("DAYS", 2, 2)
def _days(context: Context, args: list) -> Any:
    end, start = (number(scalar(a), "DAYS", i) for i, a in enumerate(args, 1))
    error = first_error([end, start])
    return error or float(math.floor(end) - math.floor(start))


@register("DATEDIF", 3, 3)
def _datedif(context: Context, args: list) -> Any:
    start, end = (number(scalar(a), "DATEDIF", i) for i, a in enumerate(args[:2], 1))
    unit = text(scalar(args[2])).upper()
    error = first_error([start, end])
    if error:
        return error
    if end < start:
        return SheetError(
            "NUM",
            "Function DATEDIF parameter 1 (start date) should be on or before parameter 2"
            " (end date).",
        )
    a, b = from_serial(start), from_serial(end)
    months = (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)
    units = {
        "D": float(math.floor(end) - math.floor(start)),
        "M": float(months),
        "Y": float(months // 12),
    }
    if unit not in units:
        return SheetError("NUM", "Function DATEDIF parameter 3 value is invalid.")
    return units[unit]
