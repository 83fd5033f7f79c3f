"""Entity properties: a JSON value under a key on one entity (an issue, a project, a user ...),
with Jira's limits on keys and values; no HTTP here."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.records import Records

MAX_KEY = 255
MAX_VALUE = 32768


def _owner(kind: str, entity_id: str) -> str:
    return f"{kind}:{entity_id}"


class EntityProperties(Records):
    def property_keys(self, kind: str, entity_id: str) -> list[str]:
        return [p["key"] for p in self.find("property", _owner(kind, entity_id))]

    def entity_property(self, kind: str, entity_id: str, key: str) -> dict:
        found = self.get("property", f"{_owner(kind, entity_id)}:{key}")
        if found is None:
            raise not_found(f"The property with key '{key}' does not exist.")
        return found

    def property_value(self, kind: str, entity_id: str, key: str) -> Any:
        """The value of an entity's property (None when it has none under ``key``)."""
        found = self.get("property", f"{_owner(kind, entity_id)}:{key}")
        return None if found is None else found["value"]

    def set_property(self, kind: str, entity_id: str, key: str, value: Any) -> bool:
        """Store ``value`` under ``key``; True when the property is new."""
        if not key.strip():
            raise bad_request("The property key cannot be empty.")
        if len(key) > MAX_KEY:
            raise bad_request(f"The property key cannot be longer than {MAX_KEY} characters.")
        if len(json.dumps(value)) > MAX_VALUE:
            raise bad_request(f"The property value cannot be longer than {MAX_VALUE} characters.")
        owner = _owner(kind, entity_id)
        new = self.get("property", f"{owner}:{key}") is None
        self.put("property", f"{owner}:{key}", {"key": key, "value": value}, parent=owner)
        return new

    def delete_property(self, kind: str, entity_id: str, key: str) -> None:
        self.entity_property(kind, entity_id, key)
        self.delete("property", f"{_owner(kind, entity_id)}:{key}")

    def forget_properties(self, kind: str, entity_id: str) -> None:
        """Drop every property of an entity that is gone."""
        self.delete_children("property", _owner(kind, entity_id))
