"""Edge condition language (spec §10): `outcome=success && context.tests_passed=true`.

    evaluate_condition("outcome=success", outcome, context)  # -> bool
    condition_error("outcome==success")                      # -> message, or None when valid

Clauses are `key = literal`, `key != literal` or a bare `key` (true when its value is non-empty),
joined by `&&`. Keys are `outcome`, `preferred_label`, `context.<path>` or an unqualified path that
is looked up in the context directly (§10.4). Values compare as exact strings; booleans in the
context compare as `true`/`false`, missing keys as the empty string.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput

from darkfactory.pipeline.parser import unescape

GRAMMAR = r"""
condition: clause ("&&" clause)*
clause: KEY (OP literal)?
?literal: STRING | BARE
OP: "!=" | "="
KEY: /[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/
BARE: /[A-Za-z0-9_.:\-]+/
STRING: /"[^"\\]*+(?:\\.[^"\\]*+)*+"/s
%import common.WS
%ignore WS
"""

_PARSER = Lark(GRAMMAR, start="condition", parser="lalr", lexer="contextual")


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; `column` is 1-based within the expression."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


class OutcomeLike(Protocol):
    status: Any
    preferred_label: str


class ContextLike(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...


@dataclass(frozen=True)
class Clause:
    key: str
    operator: str | None = None  # "=", "!=" or None for a bare key
    literal: str = ""

    def holds(self, outcome: OutcomeLike | None, context: ContextLike | Mapping | None) -> bool:
        value = resolve_key(self.key, outcome, context)
        if self.operator == "=":
            return value == self.literal
        if self.operator == "!=":
            return value != self.literal
        return bool(value)


@dataclass(frozen=True)
class Condition:
    clauses: tuple[Clause, ...]

    def evaluate(self, outcome: OutcomeLike | None, context: ContextLike | Mapping | None) -> bool:
        return all(clause.holds(outcome, context) for clause in self.clauses)


@lru_cache(maxsize=4096)
def parse_condition(expr: str) -> Condition:
    """The parsed condition; the empty expression has no clauses. Raises ConditionSyntaxError."""
    if not expr.strip():
        return Condition(())
    try:
        tree = _PARSER.parse(expr)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, expr) from None
    return Condition(tuple(_clause(c.children) for c in tree.children))


def condition_error(expr: str) -> str | None:
    """Why `expr` is not a valid condition, or None when it is (for validation)."""
    try:
        parse_condition(expr)
    except ConditionSyntaxError as exc:
        return str(exc)
    return None


def evaluate_condition(
    expr: str, outcome: OutcomeLike | None, context: ContextLike | Mapping | None
) -> bool:
    """Whether the edge guarded by `expr` is eligible; the empty condition always is."""
    return parse_condition(expr).evaluate(outcome, context)


def resolve_key(
    key: str, outcome: OutcomeLike | None, context: ContextLike | Mapping | None
) -> str:
    """The string a condition key stands for (§10.4)."""
    if key == "outcome":
        return _text(getattr(outcome, "status", None))
    if key == "preferred_label":
        return _text(getattr(outcome, "preferred_label", None))
    if context is None:
        return ""
    value = context.get(key)
    if value is None and key.startswith("context."):
        value = context.get(key.removeprefix("context."))
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _clause(children: list[Token]) -> Clause:
    if len(children) == 1:
        return Clause(str(children[0]))
    key, operator, literal = children
    text = unescape(literal[1:-1]) if literal.type == "STRING" else str(literal)
    return Clause(str(key), str(operator), text)


def _syntax_error(exc: UnexpectedInput, expr: str) -> ConditionSyntaxError:
    column = getattr(exc, "column", -1)
    token = getattr(exc, "token", None)
    if column is None or column < 1 or (token is not None and token.type == "$END"):
        return ConditionSyntaxError("unexpected end of condition", len(expr) + 1)
    if isinstance(exc, UnexpectedCharacters):
        found = expr[exc.pos_in_stream : exc.pos_in_stream + 2]
        if found.startswith('"'):
            return ConditionSyntaxError("unterminated string", column)
        return ConditionSyntaxError(f"unexpected {found[:1]!r}", column)
    hint = "operators are '=' and '!=', clauses are joined by '&&'"
    return ConditionSyntaxError(f"unexpected {str(token)!r}; {hint}", column)
