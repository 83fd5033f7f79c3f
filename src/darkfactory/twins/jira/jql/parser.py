"""Parsing JQL with a lark grammar; syntax errors worded as Jira words them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from darkfactory.twins.jira.errors import JiraError

OPERATORS = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' "
    "and 'IS NOT'."
)
KEYWORDS = {"and", "or", "not", "in", "is", "empty", "null", "order", "by", "was", "changed"}
RESERVED = set(
    ["a", "an", "abort", "access", "add", "after", "alias", "all", "alter", "and", "any", "are", "as", "asc", "at", "audit", "avg", "before", "begin", "between", "boolean", "break", "by", "byte", "catch", "cf", "char", "character", "check", "checkpoint", "collate", "collation", "column", "commit", "connect", "continue", "count", "create", "current", "date", "decimal", "declare", "decrement", "default", "defaults", "define", "delete", "delimiter", "desc", "difference", "distinct", "divide", "do", "double", "drop", "else", "empty", "encoding", "end", "equals", "escape", "exclusive", "exec", "execute", "exists", "explain", "false", "fetch", "file", "field", "first", "float", "for", "from", "function", "go", "goto", "grant", "greater", "group", "having", "identified", "if", "immediate", "in", "increment", "index", "initial", "inner", "inout", "input", "insert", "int", "integer", "intersect", "intersection", "into", "is", "isempty", "isnull", "join", "last", "left", "less", "like", "limit", "lock", "long", "max", "min", "minus", "mode", "modify", "modulo", "more", "multiply", "next", "noaudit", "not", "notin", "nowait", "null", "number", "object", "of", "on", "option", "or", "order", "outer", "output", "power", "previous", "prior", "privileges", "public", "raise", "raw", "remainder", "rename", "resource", "return", "returns", "revoke", "right", "row", "rowid", "rownum", "rows", "select", "session", "set", "share", "size", "sqrt", "start", "strict", "string", "subtract", "sum", "synonym", "table", "then", "to", "trans", "transaction", "trigger", "true", "uid", "union", "unique", "update", "user", "validate", "values", "view", "when", "whenever", "where", "while", "with"]
)
RESERVED_CHARACTERS = set("{}*/%+^$#@?;")


def jql_error(message: str) -> JiraError:
    return JiraError(400, f"Error in the JQL Query: {message}")


@cache
def _parser() -> Lark:
    grammar = (Path(__file__).parent / "grammar.lark").read_text()
    return Lark(grammar, parser="lalr", maybe_placeholders=True, propagate_positions=True)


def parse(jql: str) -> Tree:
    """The syntax tree of ``jql``; a JiraError (400) with Jira's wording if it is not JQL."""
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
                f"string or use the escape '{code}' instead. {_where(token.line, token.column + offset)}"
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
            return f"The quoted string '{rest}' has not been completed. {_where(error.line, error.column)}"
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
