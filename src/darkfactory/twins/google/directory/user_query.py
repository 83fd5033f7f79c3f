"""The fields of ``directory.users.list``'s ``query`` (see ``queries``): ``email``,
``givenName``, ``familyName``, ``name``, ``orgUnitPath``, ``isAdmin``, ``isDelegatedAdmin``,
``isSuspended``, ``isEnrolledIn2Sv``, and ``schema.field`` for a custom schema's field."""

from __future__ import annotations

from collections.abc import Callable

from darkfactory.twins.google.directory import queries

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


def matcher(query: str) -> Callable[[dict], bool]:
    """Whether a user (its administrator's JSON, custom values included) matches ``query``."""
    return queries.matcher(
        query, lambda name: FIELDS.get(name.lower()) or (_custom(name) if "." in name else None)
    )
