"""What org policies and authorization server policies share: log events, names, rules links."""

from __future__ import annotations

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta.errors import validation

EVENTS = {
    "create": "policy.lifecycle.create",
    "update": "policy.lifecycle.update",
    "delete": "policy.lifecycle.delete",
    "activate": "policy.lifecycle.activate",
    "deactivate": "policy.lifecycle.deactivate",
}
RULE_EVENTS = {
    "create": "policy.rule.add",
    "update": "policy.rule.update",
    "delete": "policy.rule.delete",
    "activate": "policy.rule.activate",
    "deactivate": "policy.rule.deactivate",
}


def name_of(payload: dict, longest: int) -> str:
    """A policy's or rule's ``name``: 1 to ``longest`` characters, not blank (E0000001)."""
    name = payload.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > longest:
        raise validation("name", f"name: The field must have 1 to {longest} characters")
    return name


def rules_link(call: Call, row: dict, href: str) -> dict:
    """A policy's link to its rules."""
    return {"rules": {"href": f"{href}/rules", "hints": {"allow": ["GET", "POST"]}}}
