"""SCIM User and Group resources, built from and applied to the Slack twin's state."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from typing import Any

from darkfactory.twins.slack.api import SlackError
from darkfactory.twins.slack.state import SlackState

SCHEMAS = {
    "v1": {
        "user": ["urn:scim:schemas:core:1.0"],
        "group": ["urn:scim:schemas:core:1.0"],
        "list": ["urn:scim:schemas:core:1.0"],
    },
    "v2": {
        "user": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "group": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "list": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    },
}
FILTER = re.compile(r'^\s*([\w.]+)\s+(eq|co|sw)\s+"([^"]*)"\s*$', re.IGNORECASE)


class ScimError(SlackError):
    """``{"Errors": {"description": ..., "code": status}}``."""

    def __init__(self, description: str, status: int) -> None:
        super().__init__(description, status)


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S%z")


def user_resource(state: SlackState, row: sqlite3.Row, version: str) -> dict[str, Any]:
    profile = json.loads(row["profile"])
    groups = state.db.all(
        "SELECT g.id, g.name FROM slack_usergroup_members m JOIN slack_usergroups g "
        "ON g.id = m.usergroup_id WHERE m.user_id = ? ORDER BY g.name",
        (row["id"],),
    )
    return {
        "schemas": SCHEMAS[version]["user"],
        "id": row["id"],
        "externalId": "",
        "meta": {
            "created": iso(row["updated"]),
            "location": f"{state.universe.url}/slack/scim/{version}/Users/{row['id']}",
        },
        "userName": row["name"],
        "nickName": profile.get("display_name") or row["name"],
        "name": {
            "givenName": profile.get("first_name", ""),
            "familyName": profile.get("last_name", ""),
        },
        "displayName": profile.get("display_name", ""),
        "profileUrl": "",
        "title": profile.get("title", ""),
        "timezone": row["tz"],
        "active": not row["deleted"],
        "emails": [{"value": row["email"], "primary": True}] if row["email"] else [],
        "photos": [],
        "groups": [{"value": g["id"], "display": g["name"]} for g in groups],
    }


def group_resource(state: SlackState, row: sqlite3.Row, version: str) -> dict[str, Any]:
    members = state.db.all(
        "SELECT u.id, u.name FROM slack_usergroup_members m JOIN slack_users u "
        "ON u.id = m.user_id WHERE m.usergroup_id = ? ORDER BY u.id",
        (row["id"],),
    )
    return {
        "schemas": SCHEMAS[version]["group"],
        "id": row["id"],
        "displayName": row["name"],
        "meta": {
            "created": iso(row["date_create"]),
            "location": f"{state.universe.url}/slack/scim/{version}/Groups/{row['id']}",
        },
        "members": [{"value": m["id"], "display": m["name"]} for m in members],
    }


def user_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The twin's columns and profile fields a SCIM user body sets."""
    name = body.get("name") if isinstance(body.get("name"), dict) else {}
    emails = body.get("emails") if isinstance(body.get("emails"), list) else []
    email = next(
        (e.get("value") for e in emails if isinstance(e, dict) and e.get("primary")), None
    ) or next((e.get("value") for e in emails if isinstance(e, dict)), None)
    fields: dict[str, Any] = {}
    if "userName" in body:
        fields["name"] = str(body["userName"])
    if email is not None:
        fields["email"] = str(email)
    if "active" in body:
        fields["deleted"] = 0 if body["active"] in (True, "true", "True") else 1
    profile = {
        key: str(value)
        for key, value in (
            ("first_name", name.get("givenName")),
            ("last_name", name.get("familyName")),
            ("display_name", body.get("displayName")),
            ("title", body.get("title")),
        )
        if value is not None
    }
    return {"columns": fields, "profile": profile}


def matches(resource: dict[str, Any], expression: str | None) -> bool:
    """SCIM filters Slack supports: ``attribute eq|co|sw "value"``."""
    if not expression:
        return True
    found = FILTER.match(expression)
    if found is None:
        raise ScimError(f"invalid_filter: {expression}", 400)
    attribute, op, wanted = found.group(1), found.group(2).lower(), found.group(3).lower()
    if attribute.lower() in ("email", "emails", "emails.value"):
        values = [e["value"] for e in resource.get("emails", [])]
    else:
        value: Any = resource
        for part in attribute.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        values = [value] if value is not None else []
    test = {"eq": str.__eq__, "co": str.__contains__, "sw": str.startswith}[op]
    return any(test(str(v).lower(), wanted) for v in values)
