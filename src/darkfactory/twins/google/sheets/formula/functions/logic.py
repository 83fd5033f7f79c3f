"""Logic: IF, IFS, SWITCH, IFERROR, IFNA (lazy), CHOOSE, AND, OR, NOT, NA and the IS* tests."""

from __future__ import annotations

from typing import Any

from darkfactory.twins.google.sheets.formula.functions import (
    Context,
    count_arg,
    register,
    scalar,
)
from darkfactory.twins.google.sheets.formula.values import (
    Grid,
    SheetError,
    compare_key,
    is_number,
    truth,
)


@register("IF", 2, 3, lazy=True)
def _if(context: Context, nodes: list) -> Any:
    condition = truth(scalar(context.evaluator.arg(nodes[0])), "IF", 1)
    if isinstance(condition, SheetError):
        return condition
    if condition:
        return context.evaluator.arg(nodes[1])
    return context.evaluator.arg(nodes[2]) if len(nodes) > 2 else False


@register("IFERROR", 1, 2, lazy=True)
def _iferror(context: Context, nodes: list) -> Any:
    value = context.evaluator.arg(nodes[0])
    if isinstance(scalar(value), SheetError):
        return context.evaluator.arg(nodes[1]) if len(nodes) > 1 else None
    return value


@register("IFNA", 2, 2, lazy=True)
def _ifna(context: Context, nodes: list) -> Any:
    value = context.evaluator.arg(nodes[0])
    first = scalar(value)
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
    value = truth(scalar(args[0]), "NOT", 1)
    return value if isinstance(value, SheetError) else not value


for _name, _kind in (("ISBLANK", None), ("ISNUMBER", float), ("ISTEXT", str)):

    def _is(context: Context, args: list, kind=_kind) -> bool:
        value = scalar(args[0])
        if kind is None:
            return value is None
        if kind is float:
            return is_number(value)
        return isinstance(value, str)

    register(_name, 1, 1)(_is)


@register("ISERROR", 1, 1)
def _iserror(context: Context, args: list) -> bool:
    return isinstance(scalar(args[0]), SheetError)


@register("IFS", 2, lazy=True)
def _ifs(context: Context, nodes: list) -> Any:
    if len(nodes) % 2:
        return SheetError("N_A", "Wrong number of arguments to IFS.")
    for position in range(0, len(nodes), 2):
        condition = truth(scalar(context.evaluator.arg(nodes[position])), "IFS", position + 1)
        if isinstance(condition, SheetError):
            return condition
        if condition:
            return context.evaluator.arg(nodes[position + 1])
    return SheetError("N_A", "No conditions evaluated to true in IFS.")


@register("SWITCH", 3, lazy=True)
def _switch(context: Context, nodes: list) -> Any:
    value = scalar(context.evaluator.arg(nodes[0]))
    if isinstance(value, SheetError):
        return value
    cases = nodes[1:]
    for position in range(0, len(cases) - 1, 2):
        if compare_key(scalar(context.evaluator.arg(cases[position]))) == compare_key(value):
            return context.evaluator.arg(cases[position + 1])
    if len(cases) % 2:
        return context.evaluator.arg(cases[-1])
    return SheetError("N_A", "No match found in SWITCH evaluation.")


@register("CHOOSE", 2)
def _choose(context: Context, args: list) -> Any:
    index = count_arg("CHOOSE", scalar(args[0]), 1, 0)
    if isinstance(index, SheetError):
        return index
    if not 1 <= index < len(args):
        return SheetError("NUM", f"CHOOSE has index {index} out of range.")
    return args[index]


@register("ISNA", 1, 1)
def _isna(context: Context, args: list) -> bool:
    value = scalar(args[0])
    return isinstance(value, SheetError) and value.type == "N_A"


@register("NA", 0, 0)
def _na(context: Context, args: list) -> SheetError:
    return SheetError("N_A", "Value not available.")
