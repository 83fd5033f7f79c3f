"""The ``query`` of ``directory.users.list``: ``field:value`` (``:`` matches words or a prefix
with ``*``) and ``field=value`` (exact) terms, all of which a user must match.

Fields: ``email``, ``givenName``, ``familyName``, ``name``, ``orgUnitPath``, ``isAdmin``,
``isDelegatedAdmin``, ``isSuspended``, ``isEnrolledIn2Sv`` and ``schema.field`` for a custom
schema's field. Values may be quoted with single or double quotes.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

from darkfactory.twins.google.directory.wire import invalid

FIELDS: dict[str, Callable[[dict], list[str]]] = {
    "email": lambda u: [u["primaryEmail"], *u.get("aliases", [])],
    "givenname": lambda u: [u["name"]["givenName"]],
    "familyname": lambda u: [u["name"]["familyName"]],
    "name": lambda u: [u["name"]["fullName"]],
    "orgunitpath": lambda u: [u["orgUnitPath"]],
    "isadmin": lambda u: [str(u["isAdmin"]).lower()],
    "isdelegatedadmin": lambda u: [str(u["isDelegatedAdmin"]).lower()],
    "issuspended": lambda u: [str(u["suspended"]).lower()],
    "isenrolledin2sv": lambda u: [str(u["isEnrolledIn2Sv"]).lower()],
}


def _custom(path: str) -> Callable[[dict], list[str]]:
    schema, _, field = path.partition(".")

    def values(user: dict) -> list[str]:
        value = user.get("customSchemas", {}).get(schema, {}).get(field)
        items = value if isinstance(value, list) else [value]
        return [str(i.get("value") if isinstance(i, dict) else i) for i in items if i is not None]

    return values


def _term(text: str) -> Callable[[dict], bool]:
    for operator in ("=", ":"):
        name, found, value = text.partition(operator)
        if found and name:
            break
    else:
        raise invalid("query")
    values = FIELDS.get(name.lower()) or (_custom(name) if "." in name else None)
    if values is None:
        raise invalid(f"Invalid field name: {name}")
    wanted = value.lower()
    if operator == "=":
        return lambda user: any(v.lower() == wanted for v in values(user))
    if wanted.endswith("*"):
        return lambda user: any(v.lower().startswith(wanted[:-1]) for v in values(user))
    return lambda user: any(
        v.lower() == wanted or wanted in v.lower().split() for v in values(user)
    )


def matcher(query: str) -> Callable[[dict], bool]:
    """Whether a user (its administrator's JSON, custom values included) matches ``query``."""
    try:
        terms = [_term(t) for t in shlex.split(query)]
    except ValueError:
        raise invalid("query") from None
    return lambda user: all(term(user) for term in terms)
