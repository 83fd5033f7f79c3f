"""Profile schemas of users and groups: Okta's base attributes, the org's custom ones, checks.

Custom attributes live in ``okta_profile_attributes`` (sections ``user.custom``, ``group.base``
...); creating or updating a user or group checks its profile against base + custom definitions
(required, type, enum/oneOf, min/max length, unique) and answers E0000001 with one
``errorCauses`` entry per broken attribute, as Okta does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from darkfactory.twins.okta.errors import validation

TYPES = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "array": (list,),
}
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
BASE_REQUIRED = ("login", "email", "firstName", "lastName")
BASE_TITLES = {
    "login": "Username",
    "email": "Primary email",
    "firstName": "First name",
    "lastName": "Last name",
    "middleName": "Middle name",
    "honorificPrefix": "Honorific prefix",
    "honorificSuffix": "Honorific suffix",
    "title": "Title",
    "displayName": "Display name",
    "nickName": "Nickname",
    "profileUrl": "Profile Url",
    "secondEmail": "Secondary email",
    "mobilePhone": "Mobile phone",
    "primaryPhone": "Primary phone",
    "streetAddress": "Street address",
    "city": "City",
    "state": "State",
    "zipCode": "Zip code",
    "countryCode": "Country code",
    "postalAddress": "Postal Address",
    "preferredLanguage": "Preferred language",
    "locale": "Locale",
    "timezone": "Time zone",
    "userType": "User type",
    "employeeNumber": "Employee number",
    "costCenter": "Cost center",
    "organization": "Organization",
    "division": "Division",
    "department": "Department",
    "managerId": "ManagerId",
    "manager": "Manager",
}
# Base attributes an admin may retitle or re-permission; their type and limits are Okta's.
BASE_EDITABLE = ("title", "description", "permissions", "master")


def _base_attribute(name: str) -> dict:
    attribute = {
        "title": BASE_TITLES[name],
        "type": "string",
        "mutability": "READ_WRITE",
        "scope": "NONE",
        "permissions": [{"principal": "SELF", "action": "READ_WRITE"}],
        "master": {"type": "PROFILE_MASTER"},
    }
    if name in BASE_REQUIRED:
        attribute["required"] = True
    if name == "login":  # a user sees their username but cannot change it
        attribute.update(minLength=5, maxLength=100, pattern=".+", unique=True)
        attribute["permissions"] = [{"principal": "SELF", "action": "READ_ONLY"}]
    elif name in ("firstName", "lastName"):
        attribute.update(minLength=1, maxLength=50)
    elif name in ("email", "secondEmail"):
        attribute["format"] = "email"
    return attribute


def _group_base() -> dict[str, dict]:
    common = {
        "type": "string",
        "mutability": "READ_WRITE",
        "scope": "NONE",
        "permissions": [{"principal": "SELF", "action": "READ_ONLY"}],
        "master": {"type": "OKTA"},
    }
    return {
        "name": {**common, "title": "Name", "required": True, "maxLength": 255},
        "description": {**common, "title": "Description", "maxLength": 1024},
    }


# target -> (its base attributes, the base attributes it requires)
BASES = {
    "user": (lambda: {name: _base_attribute(name) for name in BASE_TITLES}, BASE_REQUIRED),
    "group": (_group_base, ("name",)),
}


class ProfileSchema:
    """The org's user or group profile schema (``target``), read from and written to the store."""

    def __init__(self, db, target: str = "user") -> None:
        self.db = db
        self.target = target
        self.base_names = tuple(BASES[target][0]())
        self.required = BASES[target][1]

    def base(self) -> dict[str, dict]:
        overrides = self._rows("base")
        return {n: {**d, **overrides.get(n, {})} for n, d in BASES[self.target][0]().items()}

    def custom(self) -> dict[str, dict]:
        return self._rows("custom")

    def _rows(self, section: str) -> dict[str, dict]:
        rows = self.db.all(
            "SELECT name, definition FROM okta_profile_attributes WHERE section = ? ORDER BY rowid",
            (f"{self.target}.{section}",),
        )
        return {r["name"]: json.loads(r["definition"]) for r in rows}

    def attributes(self) -> dict[str, dict]:
        return {**self.base(), **self.custom()}

    # -- changing the schema --------------------------------------------------------------------
    def update(self, definitions: dict) -> None:
        """Apply a partial schema: custom attributes added, replaced or (``null``) removed.

        An attribute is required by its own ``required: true``; ``definitions.custom.required``
        is derived, read-only, as in Okta's OpenAPI.
        """
        custom = (definitions.get("custom") or {}).get("properties") or {}
        base = (definitions.get("base") or {}).get("properties") or {}
        current = self.base()
        for name, definition in base.items():
            if name not in self.base_names:
                raise validation("definitions.base", f"{name}: is not a base attribute")
            changed = sorted(
                key
                for key, value in (definition or {}).items()
                if key not in BASE_EDITABLE and current[name].get(key) != value
            )
            if changed:
                raise validation(
                    "definitions.base",
                    f"{name}: base attribute property '{changed[0]}' cannot be changed",
                )
            editable = {k: v for k, v in (definition or {}).items() if k in BASE_EDITABLE}
            self._put("base", name, editable)
        existing = self.custom()
        for name, definition in custom.items():
            if definition is None:
                self.db.execute(
                    "DELETE FROM okta_profile_attributes WHERE section = ? AND name = ?",
                    (f"{self.target}.custom", name),
                )
                continue
            self._check_custom(name, definition, existing.get(name))
            required = bool(definition.get("required"))  # the section's list is read-only
            self._put("custom", name, {**definition, **_flags(definition), "required": required})

    def _put(self, section: str, name: str, definition: dict) -> None:
        self.db.execute(
            "INSERT INTO okta_profile_attributes(section, name, definition) VALUES (?, ?, ?)"
            " ON CONFLICT(section, name) DO UPDATE SET definition = excluded.definition",
            (f"{self.target}.{section}", name, json.dumps(definition)),
        )

    def _check_custom(self, name: str, definition: dict, old: dict | None) -> None:
        cause = None
        if not NAME.match(name) or name in self.base_names:
            cause = f"{name}: The attribute name is invalid or already used by a base attribute"
        elif not definition.get("title"):
            cause = f"{name}: title: The field cannot be left blank"
        elif definition.get("type") not in TYPES:
            cause = f"{name}: type: must be one of {', '.join(TYPES)}"
        elif old is not None and old["type"] != definition["type"]:
            cause = f"{name}: The type of an existing attribute cannot be changed"
        elif (definition.get("minLength") or 0) > (definition.get("maxLength") or 10**9):
            cause = f"{name}: minLength cannot be greater than maxLength"
        elif any(_type_error(name, definition, v) for v in definition.get("enum") or []):
            cause = f"{name}: enum values must be of type {definition['type']}"
        if cause:
            raise validation("definitions.custom", cause)

    # -- checking a profile ---------------------------------------------------------------------
    def check(self, profile: dict[str, Any], taken: Callable[[str, Any], bool]) -> None:
        """Raise E0000001 with a cause per attribute of ``profile`` the schema rejects;
        ``taken(name, value)`` says whether another user already holds a unique value."""
        attributes = self.attributes()
        causes = []
        for name, value in profile.items():
            definition = attributes.get(name)
            if definition is None:
                causes.append(f"{name}: Property name '{name}' is not defined in profile schema")
            elif value is not None and value != "":
                causes += _value_errors(name, definition, value)
        for name, definition in attributes.items():
            if definition.get("required") and profile.get(name) in (None, "", []):
                causes.append(f"{name}: The field cannot be left blank")
            elif (
                definition.get("unique")
                and profile.get(name) is not None
                and taken(name, profile[name])
            ):
                causes.append(
                    f"{name}: An object with this field already exists in the current organization"
                )
        if causes:
            raise validation(causes[0].split(":", 1)[0], *causes)


def _flags(definition: dict) -> dict:
    return {
        "mutability": definition.get("mutability") or "READ_WRITE",
        "scope": definition.get("scope") or "NONE",
        "permissions": definition.get("permissions")
        or [{"principal": "SELF", "action": "READ_ONLY"}],
        "master": definition.get("master") or {"type": "PROFILE_MASTER"},
    }


def _type_error(name: str, definition: dict, value: Any) -> str | None:
    wanted = definition["type"]
    if (isinstance(value, bool) and wanted != "boolean") or not isinstance(value, TYPES[wanted]):
        return f"{name}: Does not match the expected type {wanted}"
    if wanted == "array":
        items = (definition.get("items") or {}).get("type", "string")
        if any(_type_error(name, {"type": items}, v) for v in value):
            return f"{name}: Array items must be of type {items}"
    return None


def _value_errors(name: str, definition: dict, value: Any) -> list[str]:
    wrong = _type_error(name, definition, value)
    if wrong:
        return [wrong]
    errors = []
    allowed = definition.get("enum") or [o["const"] for o in definition.get("oneOf") or []]
    values = value if isinstance(value, list) else [value]
    if allowed and any(v not in allowed for v in values):
        errors.append(f"{name}: Does not match any of the allowed values")
    if isinstance(value, str):
        if len(value) < (definition.get("minLength") or 0):
            errors.append(
                f"{name}: The field is too short. Minimum length is {definition['minLength']}."
            )
        if definition.get("maxLength") is not None and len(value) > definition["maxLength"]:
            errors.append(
                f"{name}: The field is too long. Maximum length is {definition['maxLength']}."
            )
        if definition.get("format") == "email" and not re.match(r"^[^@\s]+@[^@\s]+$", value):
            errors.append(f"{name}: Does not match required pattern")
    return errors
