"""Parsing JQL with a lark grammar; syntax errors worded as Jira words them."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from darkfactory.twins.jira.errors import JiraError

OPERATORS = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' "
    "and 'IS NOT'."
)
KEYWORDS = {"and", "or", "not", "in", "is", "empty", "null", "order", "by", "was", "changed"}
RESERVED = frozenset((Path(__file__).parent / "reserved_words.txt").read_text().split())
RESERVED_CHARACTERS = set("{}*/%+^$#@?;")


def jql_error(message: str) -> JiraError:
    return JiraError(400, f"Error in the JQL Query: {message}")


@cache
def _parser() -> Lark:
    grammar = (Path(__file__).parent / "grammar.lark").read_text()
    return Lark(grammar, parser="lalr", maybe_placeholders=True, propagate_positions=True)


@lru_cache(maxsize=1024)
def parse(jql: str) -> Tree:
    """The syntax tree of ``jql``; a JiraError (400) with Jira's wording if it is not JQL.

    A search parses its query more than once and clients repeat theirs, so trees are kept, shared
    by every caller: nothing changes a tree once parsed."""
    try:
        tree = _parser().parse(jql)
    except UnexpectedInput as error:
        raise jql_error(_explain(jql, error)) from None
    for token in tree.scan_values(lambda t: isinstance(t, Token) and t.type == "WORD"):
        _check_word(token)
    return tree


def _where(line: int, column: int) -> str:
    return f"(line {line}, character {column})"


def _check_word(token: Token) -> None:
    word = str(token)
    for offset, char in enumerate(word):
        if char in RESERVED_CHARACTERS and not (char in "+" and offset == 0):
            code = f"\\u{ord(char):04x}"
            raise jql_error(
                f"The character '{char}' is a reserved JQL character. You must enclose it in a "
                f"string or use the escape '{code}' instead. "
                + _where(token.line, token.column + offset)
            )
    if word.lower() in KEYWORDS - {"empty", "null"}:
        raise jql_error(
            f"Expecting either a value, list or function but got '{word}'. You must surround "
            f"'{word}' in quotation marks to use it as a value. {_where(token.line, token.column)}"
        )
    if word.lower() in RESERVED:
        raise jql_error(
            f"'{word}' is a reserved JQL word. You must surround it in quotation marks to use it "
            f"in a query. {_where(token.line, token.column)}"
        )


def _explain(jql: str, error: UnexpectedInput) -> str:
    if isinstance(error, UnexpectedCharacters):
        char = jql[error.pos_in_stream]
        if char in "\"'":
            rest = jql[error.pos_in_stream + 1 :]
            where = _where(error.line, error.column)
            return f"The quoted string '{rest}' has not been completed. {where}"
        code = f"\\u{ord(char):04x}"
        return (
            f"The character '{char}' is a reserved JQL character. You must enclose it in a string "
            f"or use the escape '{code}' instead. {_where(error.line, error.column)}"
        )
    expected = set(getattr(error, "expected", ()) or ())
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        got = str(error.token)
        where = _where(error.line, error.column)
        if "OPERATOR" in expected:
            return f"Expecting operator but got '{got}'. {OPERATORS} {where}"
        if (expected & {"STRING", "WORD"} and "_RPAR" not in expected) or "EMPTY" in expected:
            return (
                f"Expecting either a value, list or function but got '{got}'. You must surround "
                f"'{got}' in quotation marks to use it as a value. {where}"
            )
        if "_AND" in expected or "_OR" in expected or "_RPAR" not in expected:
            return f"Expecting either 'OR' or 'AND' but got '{got}'. {where}"
        return f"Expecting ')' but got '{got}'. {where}"
    where = _where(1, len(jql) + 1)
    if isinstance(error, UnexpectedEOF) or getattr(error, "token", None) is not None:
        if "OPERATOR" in expected:
            return f"Expecting operator before the end of the query. {OPERATORS} {where}"
        if "_RPAR" in expected and not expected & {"STRING", "WORD"}:
            return f"Expecting ')' before the end of the query. {where}"
        if "NOT" in expected and "_LPAR" in expected and "EMPTY" not in expected:
            return f"Expecting a field name before the end of the query. {where}"
        if expected == {"BY"}:
            return f"Expecting 'BY' before the end of the query. {where}"
    return f"Expecting either a value, list or function before the end of the query. {where}"
