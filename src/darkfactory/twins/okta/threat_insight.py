"""ThreatInsight: ``/api/v1/threats/configuration``, what Okta does with sign-ins from suspicious
IPs (nothing, log them, or block them), except from the network zones it is told to trust."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import singletons
from darkfactory.twins.okta.api import timestamp
from darkfactory.twins.okta.errors import validation

ACTIONS = ("none", "audit", "block")
PATH = "/api/v1/threats/configuration"


def _check(call: Call, payload: dict) -> dict:
    action, zones = payload.get("action"), payload.get("excludeZones") or []
    if action not in ACTIONS:
        raise validation("action", f"action: must be one of {', '.join(ACTIONS)}")
    known = {
        r["id"]
        for r in call.universe.store.all("SELECT id FROM okta_resources WHERE kind = 'NetworkZone'")
    }
    if not isinstance(zones, list) or any(zone not in known for zone in zones):
        raise validation("excludeZones", "excludeZones: Each must be a network zone's id")
    created = singletons.value(call, SETTING).get("created") or call.universe.clock.now()
    return {
        "action": action,
        "excludeZones": zones,
        "created": created,
        "lastUpdated": call.universe.clock.now(),
    }


def _shown(call: Call, stored: dict) -> dict:
    created = stored.get("created") or call.universe.store.scalar(
        "SELECT MIN(created) FROM okta_users"
    )
    return {
        "action": stored["action"],
        "excludeZones": stored["excludeZones"],
        "created": timestamp(created),
        "lastUpdated": timestamp(stored.get("lastUpdated") or created),
        "_links": {
            "self": {"href": f"{call.twin.base_url}{PATH}", "hints": {"allow": ["GET", "POST"]}}
        },
    }


SETTING = singletons.Setting(
    PATH,
    "getCurrentConfiguration",
    "updateConfiguration",
    "okta.threatInsights",
    {"action": "none", "excludeZones": []},
    _check,
    method="POST",
    shown=_shown,
)


def routes() -> list[Route]:
    return singletons.routes(SETTING)
