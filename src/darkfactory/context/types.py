"""Turn types: ids and versions declared once, published as cxdb's type registry bundles.

A type version is immutable: its fields are numbered tags in declaration order, and declaring the
same id and version again with other fields is an error, so a reader decoding an old turn sees the
fields its writer meant. A new shape of a type is a new version.

    REGISTRY = TypeRegistry()
    MESSAGE = REGISTRY.declare("darkfactory.agent.UserInput", 1, text="string")
    store.publish_bundle(REGISTRY.bundle("darkfactory-1"))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REGISTRY_VERSION = 1


@dataclass(frozen=True)
class TurnType:
    type_id: str
    version: int
    fields: tuple[tuple[str, str, bool], ...]  # (name, type, optional), tags 1..n

    def descriptor(self) -> dict[str, Any]:
        """The version's entry in a bundle: ``{"fields": {"1": {"name", "type"}, ...}}``, with
        ``"optional": true`` on optional fields."""
        fields = {}
        for tag, (name, kind, optional) in enumerate(self.fields, 1):
            fields[str(tag)] = {"name": name, "type": kind}
            if optional:
                fields[str(tag)]["optional"] = True
        return {"fields": fields}


class TypeRegistry:
    def __init__(self) -> None:
        self._types: dict[tuple[str, int], TurnType] = {}

    def declare(self, type_id: str, version: int, **fields: str) -> TurnType:
        """Declare ``type_id`` at ``version``; a field type ending in ``?`` is optional."""
        shape = tuple((name, kind.rstrip("?"), kind.endswith("?")) for name, kind in fields.items())
        declared = TurnType(type_id, version, shape)
        known = self._types.setdefault((type_id, version), declared)
        if known != declared:
            raise ValueError(f"{type_id} v{version} is already declared with other fields")
        return known

    def get(self, type_id: str, version: int) -> TurnType | None:
        return self._types.get((type_id, version))

    def bundle(self, bundle_id: str) -> dict[str, Any]:
        """Every declared type, as a cxdb registry bundle."""
        types: dict[str, Any] = {}
        for (type_id, version), turn_type in sorted(self._types.items()):
            versions = types.setdefault(type_id, {"versions": {}})["versions"]
            versions[str(version)] = turn_type.descriptor()
        return {"registry_version": REGISTRY_VERSION, "bundle_id": bundle_id, "types": types}
