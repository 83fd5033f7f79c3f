"""Partial responses: the ``fields`` parameter's grammar, checked against the discovery schema.

``fields=files(id,name),nextPageToken`` or ``kind,user/emailAddress`` parse into a tree of
selected names (``None`` = the whole value); ``select(value, mask)`` keeps only those. A name the
response's schema does not have is Google's 400 ``invalidParameter`` on ``fields``.
"""

from __future__ import annotations

import functools
from typing import Any

from lark import Lark, LarkError, Transformer

from darkfactory.twins.google import discovery
from darkfactory.twins.google.errors import GoogleError

Mask = dict[str, "Mask | None"]

GRAMMAR = r"""
start: selection
selection: item ("," item)*
item: path ("(" selection ")")?
path: NAME ("/" NAME)*
NAME: /[A-Za-z0-9_@$*.-]+/
%ignore " "
"""


def _merge(into: Mask, name: str, sub: Mask | None) -> None:
    if (name in into and into[name] is None) or sub is None:
        into[name] = None
        return
    _merge_all(into.setdefault(name, {}), sub)


def _merge_all(into: Mask, other: Mask) -> None:
    for name, sub in other.items():
        _merge(into, name, sub)


class _ToMask(Transformer):
    def start(self, children):
        return children[0]

    def selection(self, items):
        mask: Mask = {}
        for item in items:
            _merge_all(mask, item)
        return mask

    def item(self, children):
        names, sub = children[0], children[1] if len(children) > 1 else None
        for name in reversed(names):
            sub = {name: sub}
        return sub

    def path(self, names):
        return [str(n) for n in names]


PARSER = Lark(GRAMMAR, parser="lalr", transformer=_ToMask())


def invalid(fields: str) -> GoogleError:
    return GoogleError(
        400, "invalidParameter", f"Invalid field selection {fields}", location="fields"
    )


@functools.lru_cache(maxsize=512)
def parse(fields: str) -> Mask:
    try:
        return PARSER.parse(fields)
    except LarkError:
        raise invalid(fields) from None


def _check(mask: Mask, schema: dict, schemas: dict, text: str) -> None:
    while "$ref" in schema:
        schema = schemas[schema["$ref"]]
    if schema.get("type") == "array":
        _check(mask, schema.get("items", {}), schemas, text)
        return
    properties = schema.get("properties")
    additional = schema.get("additionalProperties")
    for name, sub in mask.items():
        if name == "*":
            continue
        child = (properties or {}).get(name, additional)
        if child is None:
            raise invalid(name)
        if sub:
            _check(sub, child, schemas, text)


def select(value: Any, mask: Mask | None) -> Any:
    """``value`` with only the fields in ``mask`` kept (lists are masked item by item)."""
    if mask is None:
        return value
    if isinstance(value, list):
        return [select(item, mask) for item in value]
    if not isinstance(value, dict):
        return value
    if "*" in mask:
        return {key: select(item, mask.get(key, mask["*"])) for key, item in value.items()}
    return {key: select(value[key], sub) for key, sub in mask.items() if key in value}


def partial(value: dict, fields: str | None, api: str, version: str, schema: str) -> dict:
    """``value`` (a ``schema`` of ``api``) cut to ``fields``, after checking every name exists."""
    if not fields:
        return value
    mask = parse(fields)
    schemas = discovery.document(api, version)["schemas"]
    _check(mask, schemas[schema], schemas, fields)
    return select(value, mask)
