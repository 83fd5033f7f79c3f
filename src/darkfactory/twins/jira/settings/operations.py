"""Application properties (``/application-properties``): Jira administrators read the site's
settings, the advanced ones among them, and change a setting's value."""

from __future__ import annotations

import re

from starlette.routing import Route

from darkfactory.twins.jira.api import admin, body, rest, text
from darkfactory.twins.jira.errors import bad_request, invalid_payload
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call


@operation("getApplicationProperty")
def get_application_property(call: Call):
    """The one setting ``key`` names (an object), or all settings whose key the ``keyFilter``
    regular expression matches (an array)."""
    admin(call)
    state = state_of(call)
    if call.query.get("key"):
        return state.application_property(call.query["key"])
    try:
        pattern = re.compile(call.query.get("keyFilter") or ".*")
    except re.error:
        raise bad_request("The key filter is not a valid regular expression.") from None
    return [p for p in state.application_properties() if pattern.fullmatch(p["key"])]


@operation("getAdvancedSettings")
def get_advanced_settings(call: Call) -> list:
    admin(call)
    return state_of(call).application_properties(advanced=True)


@operation("setApplicationProperty")
def set_application_property(call: Call) -> dict:
    admin(call)
    data = body(call)
    if "value" not in data:
        raise invalid_payload()
    return state_of(call).set_application_property(call.path_params["id"], text(data, "value"))


def routes() -> list[Route]:
    return [
        *rest("/application-properties", get_application_property, "GET"),
        *rest("/application-properties/advanced-settings", get_advanced_settings, "GET"),
        *rest("/application-properties/{id}", set_application_property, "PUT"),
    ]
