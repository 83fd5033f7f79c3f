"""Rate limit settings: ``/api/v1/rate-limit-settings/...``, the org's three settings about its
rate limits: admin notifications, per-client limits and the warning threshold."""

from __future__ import annotations

from collections.abc import Callable

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import validation
from darkfactory.twins.okta.state import state_of

SCOPE = "okta.orgs"
MODES = ("ENFORCE", "DISABLE", "PREVIEW")
USE_CASES = ("LOGIN_PAGE", "OAUTH2_AUTHORIZE", "OKTA_SIGN_IN")


def _notifications(payload: dict) -> dict:
    if not isinstance(payload.get("notificationsEnabled"), bool):
        raise validation("notificationsEnabled", "notificationsEnabled: must be true or false")
    return {"notificationsEnabled": payload["notificationsEnabled"]}


def _per_client(payload: dict) -> dict:
    if payload.get("defaultMode") not in MODES:
        raise validation("defaultMode", f"defaultMode: must be one of {', '.join(MODES)}")
    overrides = payload.get("useCaseModeOverrides") or {}
    if not isinstance(overrides, dict) or any(
        k not in USE_CASES or v not in MODES for k, v in overrides.items()
    ):
        raise validation("useCaseModeOverrides", "useCaseModeOverrides: Invalid use case or mode")
    settings = {"defaultMode": payload["defaultMode"]}
    return {**settings, "useCaseModeOverrides": overrides} if overrides else settings


def _threshold(payload: dict) -> dict:
    value = payload.get("warningThreshold")
    if isinstance(value, bool) or not isinstance(value, int) or not 30 <= value <= 90:
        raise validation("warningThreshold", "warningThreshold: must be an integer from 30 to 90")
    return {"warningThreshold": value}


# path -> (operationId suffix, what a fresh org has, how a replacement is checked)
SETTINGS: dict[str, tuple[str, dict, Callable[[dict], dict]]] = {
    "admin-notifications": (
        "AdminNotifications",
        {"notificationsEnabled": True},
        _notifications,
    ),
    "per-client": ("PerClient", {"defaultMode": "ENFORCE"}, _per_client),
    "warning-threshold": ("WarningThreshold", {"warningThreshold": 90}, _threshold),
}


def _handlers(path: str):
    suffix, fresh, check = SETTINGS[path]
    key = f"okta.rate_limit_settings.{path}"

    @operation(f"getRateLimitSettings{suffix}")
    def get(call: Call) -> dict:
        authorize(call, f"{SCOPE}.read")
        return call.universe.store.setting(key) or fresh

    @operation(f"replaceRateLimitSettings{suffix}")
    def replace(call: Call) -> dict:
        actor = authorize(call, f"{SCOPE}.manage")
        settings = check(body(call))
        call.universe.store.set_setting(key, settings)
        target = {"id": path, "type": "RateLimitSettings", "alternateId": path, "displayName": path}
        state_of(call).log(
            "system.rate_limit.settings.update", "Update rate limit settings", actor, target
        )
        return settings

    return get, replace


def routes() -> list[Route]:
    found = []
    for path in SETTINGS:
        get, replace = _handlers(path)
        url = f"/api/v1/rate-limit-settings/{path}"
        found += [Route(url, get, methods=["GET"]), Route(url, replace, methods=["PUT"])]
    return found
