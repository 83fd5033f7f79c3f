"""Network zones: ``/api/v1/zones``, IP zones (gateways and proxies as CIDRs or ranges) and
dynamic zones (locations, ASNs, proxy types), used by policies or as blocklists."""

from __future__ import annotations

import ipaddress

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation

TYPES = ("IP", "DYNAMIC", "DYNAMIC_V2")
USAGES = ("POLICY", "BLOCKLIST")


def _address(field: str, address: dict) -> dict:
    kind, value = (address or {}).get("type"), str((address or {}).get("value") or "")
    try:
        if kind == "CIDR":
            ipaddress.ip_network(value, strict=False)
        elif kind == "RANGE":
            low, high = (ipaddress.ip_address(v.strip()) for v in value.split("-"))
            if low > high:
                raise ValueError(value)
        else:
            raise ValueError(kind)
    except ValueError as error:
        raise validation(field, f"{field}: Invalid {kind or 'address'} value {value!r}") from error
    return {"type": kind, "value": value}


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, zone_type = payload.get("name"), payload.get("type")
    if not name or len(name) > 128:
        raise validation("name", "name: The field must have 1 to 128 characters")
    if zone_type not in TYPES:
        raise validation("type", f"type: must be one of {', '.join(TYPES)}")
    usage = payload.get("usage") or "POLICY"
    if usage not in USAGES:
        raise validation("usage", f"usage: must be one of {', '.join(USAGES)}")
    resources.unique(call, KIND, "name", name, own_id)
    zone = {"name": name, "type": zone_type, "usage": usage, "system": False}
    if zone_type == "IP":
        zone["gateways"] = [_address("gateways", a) for a in payload.get("gateways") or []]
        zone["proxies"] = [_address("proxies", a) for a in payload.get("proxies") or []]
        if not zone["gateways"] and not zone["proxies"]:
            raise validation("gateways", "gateways: An IP zone needs gateways or proxies")
    else:
        for field in ("locations", "asns", "proxyType", "ipServiceCategories"):
            if payload.get(field) is not None:
                zone[field] = payload[field]
    return zone


KIND = resources.Kind(
    name="NetworkZone",
    path="/api/v1/zones",
    id_param="zoneId",
    prefix="nzo",
    scope="okta.networkZones",
    event="zone",
    clean=_clean,
    delete_needs_inactive=True,
)


# The zones every org starts with: the legacy IP zone policies refer to and the IP blocklist.
SYSTEM_ZONES = (("LegacyIpZone", "POLICY"), ("BlockedIpZone", "BLOCKLIST"))


def seed(state) -> None:
    """Give a fresh org its system zones, empty and active."""
    for name, usage in SYSTEM_ZONES:
        zone = {"name": name, "type": "IP", "usage": usage, "system": True}
        resources.insert(
            state, KIND, state.new_id(KIND.prefix), {**zone, "gateways": [], "proxies": []}
        )


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createNetworkZone",
            "list": "listNetworkZones",
            "get": "getNetworkZone",
            "replace": "replaceNetworkZone",
            "delete": "deleteNetworkZone",
            "activate": "activateNetworkZone",
            "deactivate": "deactivateNetworkZone",
        },
    )
