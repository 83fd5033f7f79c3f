"""Org policies and their rules: ``PolicyApi`` under ``/api/v1/policies``.

Policies of each type are ordered by ``priority`` among themselves, the type's system
``Default Policy`` last; a policy's rules likewise, its system ``Default Rule`` last. A policy
applies to the groups in ``conditions.people.groups.include``; ``enforcement`` applies them.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import children, children_store
from darkfactory.twins.okta.api import authorize, body
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.policies.shared import EVENTS, RULE_EVENTS, name_of, rules_link
from darkfactory.twins.okta.state import state_of

# Policy types and the type of their rules.
RULE_TYPES = {
    "PASSWORD": "PASSWORD",
    "OKTA_SIGN_ON": "SIGN_ON",
    "MFA_ENROLL": "MFA_ENROLL",
    "PROFILE_ENROLLMENT": "PROFILE_ENROLLMENT",
    "ACCESS_POLICY": "ACCESS_POLICY",
}
# Policy types whose policies, or rules, carry no conditions (``conditions: null``).
UNCONDITIONAL = frozenset({"PROFILE_ENROLLMENT", "ACCESS_POLICY"})
UNCONDITIONAL_RULES = frozenset({"PROFILE_ENROLLMENT"})


def _type_of(value) -> str:
    if value not in RULE_TYPES:
        raise validation("type", f"type: Invalid policy type specified: {value}")
    return value


def _policy_row(call: Call) -> dict:
    wanted = call.path_params["policyId"]
    row = call.universe.store.one(
        "SELECT * FROM okta_children WHERE kind = 'Policy' AND id = ?", (wanted,)
    )
    if row is None:
        raise not_found(wanted, "Policy")
    return dict(row)


def _policy_parent(call: Call) -> str:
    """Policies are kept per type (``org:PASSWORD`` ...), so each type has its own order."""
    if "policyId" in call.path_params:
        return _policy_row(call)["parent"]
    wanted = call.query.get("type") or body(call).get("type")
    return f"org:{_type_of(wanted)}"


def _object(payload: dict, field: str) -> dict:
    value = payload.get(field) or {}
    if not isinstance(value, dict):
        raise validation(field, f"{field}: must be an object")
    return value


def _clean_policy(call: Call, payload: dict, current: dict | None) -> dict:
    policy_type = _type_of(payload.get("type"))
    if current and current["parent"] != f"org:{policy_type}":
        raise validation("type", "type: A policy's type cannot be changed")
    description = payload.get("description")
    return {
        "type": policy_type,
        "name": name_of(payload, 255),
        **({"description": description} if isinstance(description, str) and description else {}),
        "system": bool(current and current["document"].get("system")),
        "conditions": None if policy_type in UNCONDITIONAL else _object(payload, "conditions"),
        "settings": _object(payload, "settings"),
    }


def _clean_rule(call: Call, payload: dict, current: dict | None) -> dict:
    policy_type = _policy_row(call)["parent"].removeprefix("org:")
    rule_type = payload.get("type", RULE_TYPES[policy_type])
    if rule_type != RULE_TYPES[policy_type]:
        raise validation("type", f"type: A {policy_type} policy's rules are {rule_type} rules")
    return {
        "type": rule_type,
        "name": name_of(payload, 255),
        "system": bool(current and current["document"].get("system")),
        "conditions": None if rule_type in UNCONDITIONAL_RULES else _object(payload, "conditions"),
        "actions": _object(payload, "actions"),
    }


POLICY = children.Child(
    name="Policy",
    path="/api/v1/policies",
    id_param="policyId",
    prefix="00p",
    scope="okta.policies",
    events=EVENTS,
    parent=_policy_parent,
    clean=_clean_policy,
    ordered=True,
    lifecycle=True,
    stamped=True,
    links=rules_link,
    created_status=200,
)
RULE = children.Child(
    name="PolicyRule",
    path="/api/v1/policies/{policyId}/rules",
    id_param="ruleId",
    prefix="0pr",
    scope="okta.policies",
    events=RULE_EVENTS,
    parent=lambda call: _policy_row(call)["id"],
    clean=_clean_rule,
    ordered=True,
    lifecycle=True,
    stamped=True,
    created_status=200,
)


@operation("clonePolicy")
def clone_policy(call: Call) -> dict:
    """A copy of the policy (``Copy of ...``, not system) with copies of its rules."""
    authorize(call, "okta.policies.manage")
    source = children.one(call, POLICY)
    state = state_of(call)
    document = {
        **source["document"],
        "name": f"Copy of {source['document']['name']}",
        "system": False,
    }
    copy = children_store.insert(state, POLICY.name, source["parent"], document, POLICY.prefix)
    children_store.place(state.db, POLICY.name, source["parent"], copy)
    for rule in children_store.rows(state.db, RULE.name, source["id"]):
        children_store.insert(state, RULE.name, copy, rule["document"], RULE.prefix, rule["status"])
    return children.child_json(call, POLICY, children.one(call, POLICY, copy))


def routes() -> list[Route]:
    actions = ("create", "get", "replace", "delete", "activate", "deactivate")
    return [
        *children.routes(POLICY, {**{a: f"{a}Policy" for a in actions}, "list": "listPolicies"}),
        *children.routes(
            RULE, {**{a: f"{a}PolicyRule" for a in actions}, "list": "listPolicyRules"}
        ),
        Route("/api/v1/policies/{policyId}/clone", clone_policy, methods=["POST"]),
    ]
