"""The caller's own preferences (``/mypreferences``): string values under keys, the locale among
them (``jira.user.locale``); each user reads and writes only their own."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.jira.api import actor, body, no_content, rest, text
from darkfactory.twins.jira.errors import bad_request, invalid_payload, not_found
from darkfactory.twins.jira.state import state_of
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

LOCALE = "jira.user.locale"
DEFAULT_LOCALE = "en_US"


def _key(call: Call) -> str:
    key = call.query.get("key")
    if not key:
        raise bad_request("The 'key' query parameter is required.")
    return key


def _record(call: Call, key: str) -> str:
    return f"{actor(call)}:{key}"


def _stored(call: Call, key: str) -> dict | None:
    return state_of(call).get("preference", _record(call, key))


def _store(call: Call, key: str, value: str) -> None:
    state_of(call).put("preference", _record(call, key), {"key": key, "value": value})


@operation("getPreference")
def get_preference(call: Call) -> str:
    key = _key(call)
    found = _stored(call, key)
    if found is None:
        raise not_found(f"There is no preference with the key '{key}'.")
    return found["value"]


@operation("setPreference")
def set_preference(call: Call):
    """The body is the value: a JSON string, or plain text."""
    key = _key(call)
    if isinstance(call.json, str):
        value = call.json
    elif call.json is None and call.body:
        value = call.body.decode("utf-8", "replace")
    else:
        raise invalid_payload()
    _store(call, key, value)
    return no_content()


@operation("removePreference")
def remove_preference(call: Call):
    key = _key(call)
    if _stored(call, key) is None:
        raise not_found(f"There is no preference with the key '{key}'.")
    state_of(call).delete("preference", _record(call, key))
    return no_content()


@operation("getLocale")
def get_locale(call: Call) -> dict:
    found = _stored(call, LOCALE)
    return {"locale": found["value"] if found else DEFAULT_LOCALE}


@operation("setLocale")
def set_locale(call: Call):
    locale = text(body(call), "locale")
    if not locale:
        raise bad_request(errors={"locale": "A locale is required."})
    _store(call, LOCALE, locale)
    return no_content()


def routes() -> list[Route]:
    return [
        *rest("/mypreferences", get_preference, "GET"),
        *rest("/mypreferences", set_preference, "PUT"),
        *rest("/mypreferences", remove_preference, "DELETE"),
        *rest("/mypreferences/locale", get_locale, "GET"),
        *rest("/mypreferences/locale", set_locale, "PUT"),
    ]
