"""The formula grammar (lark, LALR) and parsing with a cache; references can be rewritten.

Precedence, lowest first: comparison, ``&``, ``+ -``, ``* /``, ``^``, unary ``-``, ``%``.
A reference token carries its optional sheet (``'My sheet'!A1:B2``), so ``A1`` in a formula is
parsed by the same code as a range in the API (``a1.parse_cells``).
"""

from __future__ import annotations

import functools

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

_SHEET = r"(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!"
_C = r"\$?[A-Za-z]{1,3}"
_R = r"\$?[0-9]+"
_CELLS = rf"{_C}{_R}(?::{_C}(?:{_R})?)?|{_C}:{_C}(?:{_R})?|{_R}:{_R}"

GRAMMAR = rf"""
?start: expr

?expr: expr "=" concat -> eq
     | expr "<>" concat -> ne
     | expr "<" concat -> lt
     | expr ">" concat -> gt
     | expr "<=" concat -> le
     | expr ">=" concat -> ge
     | concat
?concat: concat "&" additive -> join
       | additive
?additive: additive "+" term -> add
         | additive "-" term -> sub
         | term
?term: term "*" power -> mul
     | term "/" power -> div
     | power
?power: power "^" unary -> pow
      | unary
?unary: "-" unary -> neg
      | "+" unary -> pos
      | postfix
?postfix: postfix "%" -> percent
        | atom
?atom: NUMBER -> number
     | STRING -> string
     | BOOL -> boolean
     | ERROR -> error
     | FUNC arg ("," arg)* ")" -> call
     | REF -> ref
     | NAME -> name
     | "(" expr ")"
     | "{{" row (";" row)* "}}" -> array
row: expr ("," expr)*
arg: expr?

NUMBER: /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/
STRING: /"(?:[^"]|"")*"/
ERROR.3: /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|ERROR!)/
FUNC.4: /[A-Za-z_][A-Za-z0-9_.]*\(/
BOOL.3: /(?i:TRUE|FALSE)(?![A-Za-z0-9_.(!])/
REF.2: /(?:{_SHEET})?(?:{_CELLS})(?![A-Za-z0-9_.(!])/
NAME: /[A-Za-z_][A-Za-z0-9_.]*/
%ignore /[ \t\r\n]+/
"""

_PARSER = Lark(GRAMMAR, parser="lalr", maybe_placeholders=False)


class FormulaSyntaxError(ValueError):
    """A formula that does not parse (the cell shows ``#ERROR!``)."""


@functools.lru_cache(maxsize=4096)
def parse(formula: str) -> Tree:
    """Parse a formula (with or without its leading ``=``)."""
    source = formula[1:] if formula.startswith("=") else formula
    try:
        return _PARSER.parse(source)
    except LarkError as error:
        raise FormulaSyntaxError(str(error)) from None


def references(formula: str) -> list[Token]:
    """The reference tokens of a formula, in order (empty for one that does not parse)."""
    try:
        tree = parse(formula)
    except FormulaSyntaxError:
        return []
    return [t for t in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "REF")]


def rewrite_references(formula: str, change) -> str:
    """``formula`` with each reference token replaced by ``change(token_text)``."""
    tokens = references(formula)
    if not tokens:
        return formula
    offset = 1 if formula.startswith("=") else 0
    out, last = [], 0
    for token in sorted(tokens, key=lambda t: t.start_pos):
        start = token.start_pos + offset
        out.append(formula[last:start])
        out.append(change(str(token)))
        last = start + len(token)
    out.append(formula[last:])
    return "".join(out)
