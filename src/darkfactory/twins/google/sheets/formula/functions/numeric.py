"""Math: ROUND, ROUNDUP, ROUNDDOWN, ABS, INT, MOD, POWER, SQRT."""

from __future__ import annotations

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


def _math(name: str, low: int, high: int, fn: Callable[..., Any]) -> None:
    @register(name, low, high)
    def function(context: Context, args: list) -> Any:
        values = [number(scalar(a), name, i) for i, a in enumerate(args, 1)]
        return first_error(values) or fn(*values)


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
