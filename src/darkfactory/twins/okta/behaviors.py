"""Behavior detection rules: ``/api/v1/behaviors``, what counts as unusual about a sign-in (a new
device, IP, place, or impossible travel), for policies to react to. A fresh org has Okta's
rules for each; a rule's type never changes."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation

TYPES = ("ANOMALOUS_DEVICE", "ANOMALOUS_IP", "ANOMALOUS_LOCATION", "VELOCITY", "ANOMALOUS_ASN")
GRANULARITIES = ("LAT_LONG", "CITY", "COUNTRY", "SUBDIVISION")
HISTORY = {"maxEventsUsedForEvaluation": 20, "minEventsNeededForEvaluation": 0}
# A fresh org's rules: name -> (type, settings)
FRESH_ORG = {
    "New Geo-Location": (
        "ANOMALOUS_LOCATION",
        {**HISTORY, "granularity": "LAT_LONG", "radiusKilometers": 20},
    ),
    "New Device": ("ANOMALOUS_DEVICE", HISTORY),
    "New IP": ("ANOMALOUS_IP", HISTORY),
    "New State": ("ANOMALOUS_LOCATION", {**HISTORY, "granularity": "SUBDIVISION"}),
    "New Country": ("ANOMALOUS_LOCATION", {**HISTORY, "granularity": "COUNTRY"}),
    "New City": ("ANOMALOUS_LOCATION", {**HISTORY, "granularity": "CITY"}),
    "Velocity": ("VELOCITY", {"velocityKph": 805}),
}


def _settings(rule_type: str, given: dict) -> dict:
    if rule_type == "VELOCITY":
        kph = given.get("velocityKph", 805)
        if isinstance(kph, bool) or not isinstance(kph, int) or kph < 1:
            raise validation("settings", "settings.velocityKph: must be a positive integer")
        return {"velocityKph": kph}
    settings = {}
    for field, default in HISTORY.items():
        count = given.get(field, default)
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 100:
            raise validation("settings", f"settings.{field}: must be an integer from 0 to 100")
        settings[field] = count
    if settings["minEventsNeededForEvaluation"] > settings["maxEventsUsedForEvaluation"]:
        raise validation("settings", "settings: more events needed than are evaluated")
    if rule_type == "ANOMALOUS_LOCATION":
        granularity = given.get("granularity")
        if granularity not in GRANULARITIES:
            raise validation("settings", "settings.granularity: " + ", ".join(GRANULARITIES))
        settings["granularity"] = granularity
        if granularity == "LAT_LONG":
            radius = given.get("radiusKilometers")
            if isinstance(radius, bool) or not isinstance(radius, int) or radius < 5:
                raise validation("settings", "settings.radiusKilometers: at least 5 for LAT_LONG")
            settings["radiusKilometers"] = radius
    return settings


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, rule_type = payload.get("name"), payload.get("type")
    if not name or not isinstance(name, str) or len(name) > 128:
        raise validation("name", "name: The field must have 1 to 128 characters")
    if rule_type not in TYPES:
        raise validation("type", f"type: must be one of {', '.join(TYPES)}")
    if (
        own_id is not None
        and resources.document(call, KIND, own_id)["document"]["type"] != rule_type
    ):
        raise validation("type", "type: The type of a rule cannot be changed")
    resources.unique(call, KIND, "name", name, own_id)
    given = payload.get("settings") if isinstance(payload.get("settings"), dict) else {}
    return {"name": name, "type": rule_type, "settings": _settings(rule_type, given)}


KIND = resources.Kind(
    name="BehaviorRule",
    path="/api/v1/behaviors",
    id_param="behaviorId",
    prefix="abr",
    scope="okta.behaviors",
    event="security.behavior",
    clean=_clean,
    paged=False,
)


def seed(state) -> None:
    """Give a fresh org Okta's behavior detection rules, all active."""
    for name, (rule_type, settings) in FRESH_ORG.items():
        stored = {"name": name, "type": rule_type, "settings": settings}
        resources.insert(state, KIND, state.new_id(KIND.prefix), stored)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createBehaviorDetectionRule",
            "list": "listBehaviorDetectionRules",
            "get": "getBehaviorDetectionRule",
            "replace": "replaceBehaviorDetectionRule",
            "delete": "deleteBehaviorDetectionRule",
            "activate": "activateBehaviorDetectionRule",
            "deactivate": "deactivateBehaviorDetectionRule",
        },
    )
