"""Profile mappings: how an Okta user's profile becomes an app user's profile downstream.

Each app that provisions into another twin has one mapping, Okta user -> app user: per target
attribute an Okta expression over ``source`` (the user's profile). Provisioning sends exactly
what the mapping computes, so changing an expression changes what the other twin receives.
"""

from __future__ import annotations

import json

from darkfactory.twins.okta.groups.rule_expressions import compile_value

KIND = "ProfileMapping"
# app name -> its app user attributes and the expressions a new mapping gives them
DEFAULTS = {
    "slack": {
        "userName": 'String.toLowerCase(String.substringBefore(source.login, "@"))',
        "givenName": "source.firstName",
        "familyName": "source.lastName",
        "email": "source.email",
        "title": "source.title",
        "displayName": None,
    },
}


def _rows(db) -> list[dict]:
    rows = db.all("SELECT id, document FROM okta_resources WHERE kind = ? ORDER BY rowid", (KIND,))
    return [{"id": r["id"], **json.loads(r["document"])} for r in rows]


def ensure(state) -> None:
    """Give every provisioning app its mapping, and drop the mappings of apps that are gone."""
    apps = {r["id"]: r for r in state.db.all("SELECT id, name, label FROM okta_apps")}
    mapped = set()
    for mapping in _rows(state.db):
        if mapping["target"]["id"] not in apps:
            state.db.execute(
                "DELETE FROM okta_resources WHERE kind = ? AND id = ?", (KIND, mapping["id"])
            )
        mapped.add(mapping["target"]["id"])
    for app_id, app in apps.items():
        if app["name"] in DEFAULTS and app_id not in mapped:
            properties = {
                attribute: {"expression": expression, "pushStatus": "PUSH"}
                for attribute, expression in DEFAULTS[app["name"]].items()
                if expression
            }
            document = {
                "source": {
                    "id": state.db.setting("okta.default_user_type"),
                    "name": "user",
                    "type": "user",
                },
                "target": {"id": app_id, "name": app["name"], "type": "appuser"},
                "properties": properties,
            }
            now = state.now()
            state.db.execute(
                "INSERT INTO okta_resources(kind, id, status, document, created, last_updated)"
                " VALUES (?, ?, 'ACTIVE', ?, ?, ?)",
                (KIND, state.new_id("prm"), json.dumps(document), now, now),
            )


def attributes(app_name: str) -> tuple[str, ...]:
    """The app user attributes a mapping into ``app_name`` may set."""
    return tuple(DEFAULTS.get(app_name, {}))


def mapped(state, app_id: str, profile: dict) -> dict:
    """The app user profile the app's mapping computes from an Okta user's ``profile``."""
    ensure(state)
    for mapping in _rows(state.db):
        if mapping["target"]["id"] == app_id:
            subject = {"profile": profile, "groups": set()}
            return {
                attribute: compile_value(rule["expression"])(subject)
                for attribute, rule in mapping["properties"].items()
            }
    return {}
