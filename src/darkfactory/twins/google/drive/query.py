"""Drive's search language (the ``q`` parameter) parsed by a grammar into a predicate.

    name contains 'report' and mimeType != 'application/vnd.google-apps.folder'
    '1AbC' in parents and trashed = false and not starred = true
    modifiedTime > '2026-01-01T00:00:00' or (fullText contains 'budget' and sharedWithMe)
    'alice@example.com' in writers and properties has { key='dept' and value='eng' }

``syntax(q)`` is the parsed query; ``compile_query(q)`` returns a function of a ``Subject``
(what the query can see of one file or shared drive) answering True or False; a query Drive would
refuse is its 400 ``invalid`` on ``q``; ``query_sql`` turns the same tree into SQL. Strings are
quoted with ``'`` or ``"`` (gspread sends ``name = "Ledger"``) and take backslash escapes
(``\\'``, ``\\"``, ``\\\\``); keywords are case-insensitive.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lark import Lark, LarkError, Token, Transformer, Tree

from darkfactory.twins.google.api import parse_timestamp
from darkfactory.twins.google.errors import GoogleError

GRAMMAR = r"""
?start: disjunction
?disjunction: conjunction (_OR conjunction)*
?conjunction: negation (_AND negation)*
?negation: _NOT negation -> negate
         | atom
?atom: "(" disjunction ")"
     | FIELD OPERATOR value          -> compare
     | value _IN FIELD               -> member
     | FIELD _HAS "{" pair "}"       -> has
     | FIELD                         -> bare
pair: "key" "=" STRING _AND "value" "=" STRING
?value: STRING -> string
      | BOOLEAN -> boolean
      | NUMBER -> number
OPERATOR: "contains"i | "!=" | "<=" | ">=" | "=" | "<" | ">"
BOOLEAN.2: "true"i | "false"i
_OR.2: /or\b/i
_AND.2: /and\b/i
_NOT.2: /not\b/i
_IN.2: /in\b/i
_HAS.2: /has\b/i
FIELD: /[A-Za-z][A-Za-z0-9_]*/
STRING: /'(\\.|[^'\\])*'/ | /"(\\.|[^"\\])*"/
NUMBER: /-?\d+(\.\d+)?/
%ignore /\s+/
"""

TIME_FIELDS = {"modifiedTime", "createdTime", "viewedByMeTime", "sharedWithMeTime"}
TEXT_FIELDS = {"name", "mimeType", "fullText", "visibility"}
BOOLEAN_FIELDS = {"trashed", "starred", "hidden", "sharedWithMe"}
SET_FIELDS = {"parents", "owners", "writers", "readers"}
MAP_FIELDS = {"properties", "appProperties"}


@dataclass
class Subject:
    """What a query sees of one item; unset values never match."""

    name: str = ""
    mimeType: str = ""
    fullText: str = ""
    visibility: str = ""
    times: dict[str, float] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    sets: dict[str, set[str]] = field(default_factory=dict)
    maps: dict[str, dict[str, str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # 'root' -> id, 'me' -> email


Predicate = Callable[[Subject], bool]


def invalid(message: str = "Invalid Value") -> GoogleError:
    return GoogleError(400, "invalid", message, location="q")


def _unquote(token: Token) -> str:
    return re.sub(r"\\(.)", r"\1", str(token)[1:-1])


def _words_start_with(text: str, prefix: str) -> bool:
    """Drive's ``name contains``: a prefix of the name or of one of its words, any case."""
    text, prefix = text.lower(), prefix.lower()
    return text.startswith(prefix) or any(
        word.startswith(prefix) for word in re.split(r"[^0-9a-z]+", text) if word
    )


ORDER = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


class Literals(Transformer):
    """Reads the query's literals as ``(kind, value)``, and a ``has`` pair as ``(key, value)``."""

    def string(self, children):
        return ("string", _unquote(children[0]))

    def boolean(self, children):
        return ("boolean", str(children[0]).lower() == "true")

    def number(self, children):
        return ("number", float(children[0]))

    def pair(self, children):
        return _unquote(children[0]), _unquote(children[1])


class _Compile(Literals):
    def disjunction(self, parts):
        return lambda s: any(p(s) for p in parts)

    def conjunction(self, parts):
        return lambda s: all(p(s) for p in parts)

    def negate(self, children):
        inner = children[0]
        return lambda s: not inner(s)

    def bare(self, children):
        name = str(children[0])
        if name != "sharedWithMe":
            raise invalid()
        return lambda s: s.flags.get(name, False)

    def compare(self, children):
        name, operator, (kind, value) = str(children[0]), str(children[1]).lower(), children[2]
        if name in TIME_FIELDS:
            return self._time(name, operator, kind, value)
        if name in BOOLEAN_FIELDS:
            if kind != "boolean" or operator not in ("=", "!="):
                raise invalid()
            return lambda s: ORDER[operator](s.flags.get(name, False), value)
        if name not in TEXT_FIELDS or kind != "string":
            raise invalid()
        if operator == "contains":
            if name == "name":
                return lambda s: _words_start_with(s.name, value)
            return lambda s: value.lower() in str(getattr(s, name)).lower()
        if operator not in ("=", "!=") or name == "fullText":
            raise invalid()
        return lambda s: ORDER[operator](getattr(s, name), value)

    def _time(self, name, operator, kind, value) -> Predicate:
        if kind != "string" or operator == "contains":
            raise invalid()
        try:
            instant = parse_timestamp(value)
        except ValueError:
            raise invalid() from None
        compare = ORDER[operator]
        return lambda s: name in s.times and compare(round(s.times[name], 3), instant)

    def member(self, children):
        (kind, value), name = children[0], str(children[1])
        if name not in SET_FIELDS or kind != "string":
            raise invalid()
        return lambda s: s.aliases.get(value, value) in s.sets.get(name, set())

    def has(self, children):
        name, (key, value) = str(children[0]), children[1]
        if name not in MAP_FIELDS:
            raise invalid()
        return lambda s: s.maps.get(name, {}).get(key) == value


PARSER = Lark(GRAMMAR, parser="lalr")


@functools.lru_cache(maxsize=256)
def syntax(q: str) -> Tree:
    """The parsed ``q``; Drive's 400 ``invalid`` on ``q`` if it does not parse."""
    try:
        return PARSER.parse(q)
    except LarkError:
        raise invalid() from None


@functools.lru_cache(maxsize=256)
def compile_query(q: str) -> Predicate:
    """The predicate for ``q``; Drive's 400 ``invalid`` on ``q`` if Drive would refuse it."""
    try:
        return _Compile().transform(syntax(q))
    except LarkError as error:
        cause = getattr(error, "orig_exc", None)
        if isinstance(cause, GoogleError):
            raise cause from None
        raise invalid() from None
