"""The ``query`` parameter of the Directory's lists: ``field:value`` (``:`` matches a word or,
ending in ``*``, a prefix) and ``field=value`` (the whole value) terms, all of which an item
must match; values may be quoted. Each list names its fields (see ``user_query``)."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from darkfactory.twins.google.directory.wire import invalid

Values = Callable[[dict], list[str]]


def _term(text: str, field: Callable[[str], Values | None]) -> Callable[[dict], bool]:
    for operator in ("=", ":"):
        name, found, value = text.partition(operator)
        if found and name:
            break
    else:
        raise invalid("query")
    values = field(name)
    if values is None:
        raise invalid(f"Invalid field name: {name}")
    wanted = value.lower()
    if operator == "=":
        return lambda item: any(v.lower() == wanted for v in values(item))
    if wanted.endswith("*"):
        return lambda item: any(v.lower().startswith(wanted[:-1]) for v in values(item))
    return lambda item: any(
        v.lower() == wanted or wanted in v.lower().split() for v in values(item)
    )


def matcher(query: str, field: Callable[[str], Values | None]) -> Callable[[dict], bool]:
    """Whether an item matches ``query``; ``field(name)`` gives the values of an item's field
    (None for a field the list does not know: 400 ``Invalid Input``)."""
    try:
        terms = [_term(t, field) for t in shlex.split(query)]
    except ValueError:
        raise invalid("query") from None
    return lambda item: all(term(item) for term in terms)
