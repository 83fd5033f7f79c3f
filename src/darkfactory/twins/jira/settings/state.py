"""Application properties: the site's settings, each with a type, a default and (for enums) the
values it may take; a value set replaces the default. No HTTP here."""

from __future__ import annotations

from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.records import Records

# key, name, type, default, allowed values (enums), shown among the advanced settings
PROPERTIES = (
    ("jira.title", "The name of this Jira site", "string", "Jira", (), True),
    (
        "jira.clone.prefix",
        "The prefix added to the summary of cloned issues",
        "string",
        "CLONE -",
        (),
        True,
    ),
    (
        "jira.date.picker.java.format",
        "The date format of the date picker",
        "string",
        "d/MMM/yy",
        (),
        True,
    ),
    (
        "jira.issue.actions.order",
        "The order of actions on the issue view",
        "enum",
        "asc",
        ("asc", "desc"),
        True,
    ),
    (
        "jira.view.issue.links.sort.order",
        "The order of issue links on the issue view",
        "string",
        "type, status, priority",
        (),
        True,
    ),
    (
        "jira.option.watching",
        "Whether users may watch issues",
        "boolean",
        "true",
        ("true", "false"),
        False,
    ),
    (
        "jira.option.voting",
        "Whether users may vote on issues",
        "boolean",
        "true",
        ("true", "false"),
        False,
    ),
)


class Settings(Records):
    def application_properties(self, advanced: bool | None = None) -> list[dict]:
        return [
            self.application_property(key)
            for key, *_, shown in PROPERTIES
            if advanced is None or shown == advanced
        ]

    def application_property(self, key: str) -> dict:
        spec = next((p for p in PROPERTIES if p[0] == key), None)
        if spec is None:
            raise not_found(f"No application property with key '{key}' exists.")
        key, name, kind, default, allowed, _ = spec
        stored = self.get("appproperty", key)
        prop = {
            "id": key,
            "key": key,
            "value": stored["value"] if stored else default,
            "name": name,
            "desc": name + ".",
            "type": kind,
            "defaultValue": default,
        }
        if allowed:
            prop["allowedValues"] = list(allowed)
        return prop

    def set_application_property(self, key: str, value: str) -> dict:
        prop = self.application_property(key)
        if prop.get("allowedValues") and value not in prop["allowedValues"]:
            raise bad_request(
                f"The value '{value}' is not allowed for the application property '{key}'."
            )
        self.put("appproperty", key, {"value": value})
        return self.application_property(key)
