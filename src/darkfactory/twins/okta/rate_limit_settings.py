"""Rate limit settings: ``/api/v1/rate-limit-settings/...``, the org's three settings about its
rate limits: admin notifications, per-client limits and the warning threshold."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import singletons
from darkfactory.twins.okta.errors import validation

MODES = ("ENFORCE", "DISABLE", "PREVIEW")
USE_CASES = ("LOGIN_PAGE", "OAUTH2_AUTHORIZE", "OKTA_SIGN_IN")


def _per_client(call: Call, payload: dict) -> dict:
    if payload.get("defaultMode") not in MODES:
        raise validation("defaultMode", f"defaultMode: must be one of {', '.join(MODES)}")
    overrides = payload.get("useCaseModeOverrides") or {}
    if not isinstance(overrides, dict) or any(
        k not in USE_CASES or v not in MODES for k, v in overrides.items()
    ):
        raise validation("useCaseModeOverrides", "useCaseModeOverrides: Invalid use case or mode")
    settings = {"defaultMode": payload["defaultMode"]}
    return {**settings, "useCaseModeOverrides": overrides} if overrides else settings


def _threshold(call: Call, payload: dict) -> dict:
    value = payload.get("warningThreshold")
    if isinstance(value, bool) or not isinstance(value, int) or not 30 <= value <= 90:
        raise validation("warningThreshold", "warningThreshold: must be an integer from 30 to 90")
    return {"warningThreshold": value}


BASE = "/api/v1/rate-limit-settings"
SETTINGS = (
    singletons.Setting(
        f"{BASE}/admin-notifications",
        "getRateLimitSettingsAdminNotifications",
        "replaceRateLimitSettingsAdminNotifications",
        "okta.orgs",
        {"notificationsEnabled": True},
        singletons.flag("notificationsEnabled"),
    ),
    singletons.Setting(
        f"{BASE}/per-client",
        "getRateLimitSettingsPerClient",
        "replaceRateLimitSettingsPerClient",
        "okta.orgs",
        {"defaultMode": "ENFORCE"},
        _per_client,
    ),
    singletons.Setting(
        f"{BASE}/warning-threshold",
        "getRateLimitSettingsWarningThreshold",
        "replaceRateLimitSettingsWarningThreshold",
        "okta.orgs",
        {"warningThreshold": 90},
        _threshold,
    ),
)


def routes() -> list[Route]:
    return [route for setting in SETTINGS for route in singletons.routes(setting)]
