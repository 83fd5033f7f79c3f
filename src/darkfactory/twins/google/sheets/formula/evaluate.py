"""Evaluating a parsed formula against a workbook: operators, references, lazy IF/IFERROR.

A ``Book`` answers references (evaluating the formulas they point at, so dependents see fresh
values) and named ranges, and gives the clock for TODAY/NOW. Errors are values, never exceptions:
``=1/0`` evaluates to ``SheetError("DIV_ZERO", ...)`` and flows on through the operators.
"""

from __future__ import annotations

import operator
from typing import Any, Protocol

from lark import Token, Tree

from darkfactory.twins.google.sheets.a1 import RangeError, Span, parse_cells, split_sheet
from darkfactory.twins.google.sheets.formula.functions import FUNCTIONS, LAZY, Context
from darkfactory.twins.google.sheets.formula.grammar import FormulaSyntaxError, parse
from darkfactory.twins.google.sheets.formula.values import (
    ERROR_TYPES,
    Grid,
    SheetError,
    compare_key,
    number,
    scalar,
    text,
)

PARSE_ERROR = SheetError("ERROR", "Formula parse error.")
_ARITHMETIC = {
    "add": ("ADD", operator.add),
    "sub": ("MINUS", operator.sub),
    "mul": ("MULTIPLY", operator.mul),
    "div": ("DIVIDE", None),
    "pow": ("POW", None),
}
_COMPARE = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "gt": operator.gt,
    "le": operator.le,
    "ge": operator.ge,
}


class Book(Protocol):
    def grid(self, sheet: str | None, span: Span) -> Grid | SheetError: ...

    def named_range(self, name: str) -> tuple[str, Span] | None: ...

    def now(self) -> float: ...

    here: tuple[int, int]  # (row, column) of the formula's own cell


def evaluate(book: Book, formula: str) -> Any:
    """The value of ``formula`` (a scalar, or a Grid for a range or array result)."""
    try:
        tree = parse(formula)
    except FormulaSyntaxError:
        return PARSE_ERROR
    return _Evaluator(book).eval(tree)


class _Evaluator:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.context = Context(book, self)

    def eval(self, node: Tree | Token) -> Any:
        kind = node.data
        if kind in _ARITHMETIC:
            return self._arithmetic(kind, node)
        if kind in _COMPARE:
            return self._compare(kind, node)
        return getattr(self, f"_{kind}")(node)

    def arg(self, node: Tree) -> Any:
        """Evaluate one function argument node (``arg``); an omitted argument is empty."""
        return self.eval(node.children[0]) if node.children else None

    # -- atoms ----------------------------------------------------------------------------------
    def _number(self, node: Tree) -> float:
        return float(node.children[0])

    def _string(self, node: Tree) -> str:
        return str(node.children[0])[1:-1].replace('""', '"')

    def _boolean(self, node: Tree) -> bool:
        return str(node.children[0]).upper() == "TRUE"

    def _error(self, node: Tree) -> SheetError:
        code = str(node.children[0])
        return SheetError(ERROR_TYPES[code], f"{code} literal.")

    def _array(self, node: Tree) -> Grid:
        return Grid([[scalar(self.eval(cell)) for cell in row.children] for row in node.children])

    def _ref(self, node: Tree) -> Grid | SheetError:
        sheet, cells = split_sheet(str(node.children[0]))
        try:
            span = parse_cells(cells)
        except RangeError:
            return SheetError("REF", f"Invalid reference {node.children[0]}.")
        return self.book.grid(sheet, span)

    def _name(self, node: Tree) -> Grid | SheetError:
        name = str(node.children[0])
        found = self.book.named_range(name)
        if found is None:
            return SheetError("NAME", f"Unknown range name: '{name}'.")
        return self.book.grid(*found)

    def _call(self, node: Tree) -> Any:
        name = str(node.children[0])[:-1].upper()
        args = node.children[1:]
        if len(args) == 1 and not args[0].children:
            args = []
        if name in LAZY:
            return LAZY[name](self.context, args)
        function = FUNCTIONS.get(name)
        if function is None:
            return SheetError("NAME", f"Unknown function: '{str(node.children[0])[:-1]}'.")
        return function(self.context, [self.arg(a) for a in args])

    # -- operators ----------------------------------------------------------------------------
    def _binary(self, node: Tree, combine) -> Any:
        """``combine(left, right)`` on scalars; on ranges, cell by cell (a single value spreads)."""
        left, right = (self.eval(child) for child in node.children)
        if not (_is_array(left) or _is_array(right)):
            return combine(scalar(left), scalar(right))
        height = max(_shape(left)[0], _shape(right)[0])
        width = max(_shape(left)[1], _shape(right)[1])
        return Grid(
            [
                [combine(_pick(left, r, c), _pick(right, r, c)) for c in range(width)]
                for r in range(height)
            ]
        )

    def _unary(self, node: Tree, apply) -> Any:
        value = self.eval(node.children[0])
        if _is_array(value):
            return Grid([[apply(v) for v in row] for row in value.rows])
        return apply(scalar(value))

    def _arithmetic(self, kind: str, node: Tree) -> Any:
        function, op = _ARITHMETIC[kind]
        return self._binary(node, lambda a, b: _arithmetic(kind, function, op, a, b))

    def _compare(self, kind: str, node: Tree) -> Any:
        return self._binary(node, lambda a, b: _compare(kind, a, b))

    def _join(self, node: Tree) -> Any:
        def join(left: Any, right: Any) -> Any:
            error = next((v for v in (left, right) if isinstance(v, SheetError)), None)
            return error or text(left) + text(right)

        return self._binary(node, join)

    def _neg(self, node: Tree) -> Any:
        def negate(value: Any) -> Any:
            value = number(value, "UMINUS")
            return value if isinstance(value, SheetError) else -value

        return self._unary(node, negate)

    def _pos(self, node: Tree) -> Any:
        return self._unary(node, lambda value: value)

    def _percent(self, node: Tree) -> Any:
        def percent(value: Any) -> Any:
            value = number(value, "UNARY_PERCENT")
            return value if isinstance(value, SheetError) else value / 100

        return self._unary(node, percent)


def _is_array(value: Any) -> bool:
    return isinstance(value, Grid) and (value.height > 1 or value.width > 1)


def _shape(value: Any) -> tuple[int, int]:
    return (value.height, value.width) if isinstance(value, Grid) else (1, 1)


def _pick(value: Any, row: int, col: int) -> Any:
    """The element at (row, col) of a range, a single value everywhere, #N/A off the edge."""
    if not isinstance(value, Grid):
        return value
    height, width = _shape(value)
    if height == 1 and width == 1:
        return value.rows[0][0]
    r = 0 if height == 1 else row
    c = 0 if width == 1 else col
    if r >= height or c >= width:
        return SheetError("N_A", "Array arguments are of different size.")
    return value.rows[r][c]


def _arithmetic(kind: str, function: str, op, left: Any, right: Any) -> Any:
    operands = []
    for position, value in enumerate((left, right), 1):
        value = number(value, function, position)
        if isinstance(value, SheetError):
            return value
        operands.append(value)
    a, b = operands
    if kind == "div":
        if b == 0:
            return SheetError("DIV_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
        return a / b
    if kind == "pow":
        try:
            result = a**b
        except (OverflowError, ZeroDivisionError):
            return SheetError("NUM", "Function POW caused a number overflow.")
        if isinstance(result, complex):
            return SheetError("NUM", "Function POW caused a divide by zero error.")
        return float(result)
    return op(a, b)


def _compare(kind: str, left: Any, right: Any) -> Any:
    for value in (left, right):
        if isinstance(value, SheetError):
            return value
    if left is None:
        left = "" if isinstance(right, str) else (False if isinstance(right, bool) else 0.0)
    if right is None:
        right = "" if isinstance(left, str) else (False if isinstance(left, bool) else 0.0)
    return _COMPARE[kind](compare_key(left), compare_key(right))
