"""Okta's SCIM-style filter and search expressions (``profile.login eq "a" and status sw "A"``).

``parse(text)`` compiles an expression into a predicate over a resource's wire JSON; a malformed
expression raises ``ValueError``, which the API answers with ``E0000031``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from lark import Lark, LarkError, Transformer

GRAMMAR = r"""
?start: or_
?or_: and_ (_OR and_)*
?and_: atom (_AND atom)*
?atom: comparison | present | "(" or_ ")"
comparison: PATH OP value
present: PATH _PR
?value: ESCAPED_STRING -> string
      | SIGNED_NUMBER -> number
      | _TRUE -> true
      | _FALSE -> false
_OR: /or\b/i
_AND: /and\b/i
_PR: /pr\b/i
_TRUE: /true\b/i
_FALSE: /false\b/i
OP: /(eq|ne|sw|co|ew|gt|ge|lt|le)\b/i
PATH: /(?!(and|or|pr)\b)[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/
%import common.ESCAPED_STRING
%import common.SIGNED_NUMBER
%import common.WS
%ignore WS
"""

PARSER = Lark(GRAMMAR, parser="lalr")
Predicate = Callable[[dict[str, Any]], bool]


def _lookup(resource: Any, path: str) -> Any:
    """The value at ``path``; through an array it is the list of its elements' values."""
    value = resource
    for part in path.split("."):
        if isinstance(value, list):
            value = [item.get(part) for item in value if isinstance(item, dict)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _compare(op: str, actual: Any, wanted: Any, fold: bool) -> bool:
    if isinstance(actual, list):
        return any(_compare(op, item, wanted, fold) for item in actual)
    if actual is None:
        return False
    if isinstance(wanted, str):
        actual = str(actual)
        if fold:
            actual, wanted = actual.lower(), wanted.lower()
    elif isinstance(wanted, bool) or isinstance(actual, str):
        return op == "eq" and actual == wanted
    tests = {
        "eq": lambda: actual == wanted,
        "ne": lambda: actual != wanted,
        "sw": lambda: isinstance(actual, str) and actual.startswith(wanted),
        "ew": lambda: isinstance(actual, str) and actual.endswith(wanted),
        "co": lambda: isinstance(actual, str) and wanted in actual,
        "gt": lambda: actual > wanted,
        "ge": lambda: actual >= wanted,
        "lt": lambda: actual < wanted,
        "le": lambda: actual <= wanted,
    }
    return tests[op]()


class _Compile(Transformer):
    def __init__(self, fold: bool) -> None:
        super().__init__()
        self.fold = fold

    def string(self, items):
        return json.loads(items[0])

    def number(self, items):
        return float(items[0])

    def true(self, _):
        return True

    def false(self, _):
        return False

    def comparison(self, items) -> Predicate:
        path, op, wanted = str(items[0]), str(items[1]).lower(), items[2]
        return lambda r: _compare(op, _lookup(r, path), wanted, self.fold)

    def present(self, items) -> Predicate:
        path = str(items[0])
        return lambda r: _lookup(r, path) not in (None, "", [])

    def and_(self, items) -> Predicate:
        return lambda r: all(p(r) for p in items)

    def or_(self, items) -> Predicate:
        return lambda r: any(p(r) for p in items)


def parse(text: str, fold: bool = True) -> Predicate:
    """Compile ``text``; ``fold`` makes string values case-insensitive (``search``'s rule)."""
    try:
        return _Compile(fold).transform(PARSER.parse(text))
    except LarkError as error:
        raise ValueError(f"Invalid search criteria: {text}") from error
