"""Okta Expression Language, the part group rules, token claims and profile mappings use:
``user.department == "Eng" && ...``, ``source.firstName + " " + source.lastName``.

Supported: ``user.<attr>`` and ``source.<attr>`` (profile attributes), ``app.<attr>`` (the client
app: ``clientId``, ``label``), string literals, ``+`` (concatenation), ``==``/``!=``,
``&&``/``||``/``!``, parentheses, ``String.startsWith``/``endsWith``/``stringContains``/
``toUpperCase``/``toLowerCase``/``substringBefore``/``substringAfter``,
``isMemberOfAnyGroup("00g...", ...)`` and ``isMemberOfGroupName("name")``. ``compile_rule`` (a
condition) and ``compile_value`` (a claim's or a mapped value) raise ``ValueError`` on anything
else.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from lark import Lark, LarkError, Transformer

GRAMMAR = r"""
?start: or_
?or_: and_ ("||" and_)*
?and_: not_ ("&&" not_)*
?not_: "!" not_ -> negate | atom
?atom: operand "==" operand -> equal
     | operand "!=" operand -> unequal
     | operand
     | "(" or_ ")"
?operand: term ("+" term)* -> concat
?term: ATTRIBUTE -> attribute | ESCAPED_STRING -> string | call
call: NAME "(" [operand ("," operand)*] ")"
ATTRIBUTE.2: /(user|source|app)\.[A-Za-z_][A-Za-z0-9_]*/
NAME: /(String\.)?[A-Za-z_][A-Za-z0-9_]*/
%import common.ESCAPED_STRING
%import common.WS
%ignore WS
"""

PARSER = Lark(GRAMMAR, parser="lalr")
Subject = dict  # {"profile": {...}, "groups": group ids, "group_names": ..., "app": {...}}
Rule = Callable[[Subject], object]

FUNCTIONS: dict[str, Callable[..., object]] = {
    "String.startsWith": lambda s, p: str(s or "").startswith(p),
    "String.endsWith": lambda s, p: str(s or "").endswith(p),
    "String.stringContains": lambda s, p: p in str(s or ""),
    "String.toUpperCase": lambda s: None if s is None else str(s).upper(),
    "String.toLowerCase": lambda s: None if s is None else str(s).lower(),
    "String.substringBefore": lambda s, p: None if s is None else str(s).partition(p)[0],
    "String.substringAfter": lambda s, p: None if s is None else str(s).partition(p)[2],
}


class _Compile(Transformer):
    def attribute(self, items) -> Rule:
        source, _, name = str(items[0]).partition(".")
        if source == "app":
            return lambda subject: subject.get("app", {}).get(name)
        return lambda subject: subject["profile"].get(name)  # user. and source. alike

    def concat(self, items) -> Rule:
        if len(items) == 1:
            return items[0]
        return lambda subject: "".join("" if (v := p(subject)) is None else str(v) for p in items)

    def string(self, items) -> Rule:
        value = json.loads(items[0])
        return lambda subject: value

    def call(self, items) -> Rule:
        name, args = str(items[0]), [a for a in items[1:] if a is not None]
        if name == "isMemberOfAnyGroup":
            return lambda subject: any(a(subject) in subject["groups"] for a in args)
        if name == "isMemberOfGroupName":
            return lambda subject: any(a(subject) in subject["group_names"] for a in args)
        if name not in FUNCTIONS:
            raise ValueError(f"unsupported function {name}")
        function = FUNCTIONS[name]
        return lambda subject: function(*(a(subject) for a in args))

    def equal(self, items) -> Rule:
        left, right = items
        return lambda subject: left(subject) == right(subject)

    def unequal(self, items) -> Rule:
        left, right = items
        return lambda subject: left(subject) != right(subject)

    def negate(self, items) -> Rule:
        inner = items[0]
        return lambda subject: not inner(subject)

    def and_(self, items) -> Rule:
        return lambda subject: all(p(subject) for p in items)

    def or_(self, items) -> Rule:
        return lambda subject: any(p(subject) for p in items)


def compile_value(text: str) -> Rule:
    """An expression computing a value from a subject (``None`` where an attribute is unset)."""
    try:
        return _Compile().transform(PARSER.parse(text))
    except (LarkError, ValueError) as error:
        raise ValueError(f"Invalid expression: {text}") from error


def compile_rule(text: str) -> Callable[[Subject], bool]:
    rule = compile_value(text)
    return lambda subject: bool(rule(subject))
