"""Collections read from a document's paths: ``/things`` holds what ``POST`` makes there, and
``/things/{thingId}`` is one of them. Earlier path parameters scope a collection to its parent
(``/owners/{ownerId}/things``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from darkfactory.twins.openapi.document import Operation

PARAMETER = re.compile(r"^\{([^}]+)\}$")


@dataclass(frozen=True)
class Place:
    """Where an operation acts: a collection, or one ``item`` of it named by ``key`` (the item
    path's last parameter); ``scope`` names the parameters that pick the parent."""

    collection: str
    key: str | None
    scope: tuple[str, ...]

    @property
    def item(self) -> bool:
        return self.key is not None

    def parent(self, params: dict[str, str]) -> str:
        return "/".join(str(params.get(name, "")) for name in self.scope)


def place(path: str) -> Place:
    """The collection ``path`` belongs to, and whether it names one item of it."""
    segments = path.rstrip("/").split("/")
    last = PARAMETER.match(segments[-1])
    collection = "/".join(segments[:-1]) if last else "/".join(segments)
    scope = tuple(m.group(1) for s in collection.split("/") if (m := PARAMETER.match(s)))
    return Place(collection, last.group(1) if last else None, scope)


def kind(operation: Operation) -> str | None:
    """What a generic twin does for the operation: ``create``, ``list``, ``read``, ``replace``,
    ``update`` or ``delete``; None for anything else (an action such as ``/things/{id}/archive``
    is served as nothing it can guess)."""
    at = place(operation.path)
    table = (
        {"get": "read", "put": "replace", "patch": "update", "delete": "delete"}
        if at.item
        else {"post": "create", "get": "list"}
    )
    return table.get(operation.method)


def lookups(key: str) -> list[str]:
    """The members an item's path parameter may match besides its id: ``projectIdOrKey`` also
    matches ``key``, ``petId`` nothing more."""
    words = [re.sub(r"^[a-z]+(?=[A-Z])", "", part) or part for part in key.split("Or")]
    return [w[:1].lower() + w[1:] for w in words if w.lower() not in ("id", key.lower())]
