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
DATE_FUNCTIONS = {"DATE": "DATE", "TODAY": "DATE", "NOW": "DATE_TIME"}


class Book(Protocol):
    def grid(self, sheet: str | None, span: Span) -> Grid | SheetError: ...

    def named_range(self, name: str) -> tuple[str, Span] | None: ...

    def now(self) -> float: ...


def evaluate(book: Book, formula: str) -> Any:
    """The value of ``formula`` (a scalar, or a Grid for a range or array result)."""
    try:
        tree = parse(formula)
    except FormulaSyntaxError:
        return PARSE_ERROR
    return _Evaluator(book).eval(tree)


def result_type(formula: str) -> str | None:
    """The number format type Sheets gives a formula's cell by its outer function (DATE...)."""
    try:
        tree = parse(formula)
    except FormulaSyntaxError:
        return None
    if isinstance(tree, Tree) and tree.data == "call":
        return DATE_FUNCTIONS.get(str(tree.children[0])[:-1].upper())
    return None


def scalar(value: Any) -> Any:
    """A single value: a range gives its top-left cell (an empty range is empty)."""
    if isinstance(value, Grid):
        return value.rows[0][0] if value.rows and value.rows[0] else None
    return value


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

    # -- operators ------------------------------------------------------------------------------
    def _operands(self, node: Tree, function: str) -> tuple[Any, Any] | SheetError:
        values = []
        for position, child in enumerate(node.children, 1):
            value = number(scalar(self.eval(child)), function, position)
            if isinstance(value, SheetError):
                return value
            values.append(value)
        return values[0], values[1]

    def _arithmetic(self, kind: str, node: Tree) -> Any:
        function, op = _ARITHMETIC[kind]
        operands = self._operands(node, function)
        if isinstance(operands, SheetError):
            return operands
        left, right = operands
        if kind == "div":
            if right == 0:
                return SheetError("DIV_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
            return left / right
        if kind == "pow":
            try:
                result = left**right
            except (OverflowError, ZeroDivisionError):
                return SheetError("NUM", "Function POW caused a number overflow.")
            if isinstance(result, complex):
                return SheetError("NUM", "Function POW caused a divide by zero error.")
            return float(result)
        return op(left, right)

    def _compare(self, kind: str, node: Tree) -> Any:
        left, right = (scalar(self.eval(child)) for child in node.children)
        for value in (left, right):
            if isinstance(value, SheetError):
                return value
        if left is None:
            left = "" if isinstance(right, str) else (False if isinstance(right, bool) else 0.0)
        if right is None:
            right = "" if isinstance(left, str) else (False if isinstance(left, bool) else 0.0)
        return _COMPARE[kind](compare_key(left), compare_key(right))

    def _join(self, node: Tree) -> Any:
        parts = [scalar(self.eval(child)) for child in node.children]
        for part in parts:
            if isinstance(part, SheetError):
                return part
        return "".join(text(part) for part in parts)

    def _neg(self, node: Tree) -> Any:
        value = number(scalar(self.eval(node.children[0])), "UMINUS")
        return value if isinstance(value, SheetError) else -value

    def _pos(self, node: Tree) -> Any:
        return scalar(self.eval(node.children[0]))

    def _percent(self, node: Tree) -> Any:
        value = number(scalar(self.eval(node.children[0])), "UNARY_PERCENT")
        return value if isinstance(value, SheetError) else value / 100
