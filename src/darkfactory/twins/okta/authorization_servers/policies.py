"""An authorization server's access policies and their rules: ``AuthorizationServerPoliciesApi``
and ``AuthorizationServerRulesApi``.

A policy names the clients it applies to (``conditions.clients.include``: client ids or
``ALL_CLIENTS``); its rules, by priority, say for which grant types, people and scopes a token
is minted and how long it lives (``actions.token``). ``evaluation`` applies them.
"""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import children, children_store
from darkfactory.twins.okta.authorization_servers.owner import server_id
from darkfactory.twins.okta.errors import not_found, validation
from darkfactory.twins.okta.policies.shared import EVENTS, RULE_EVENTS, name_of, rules_link

GRANT_TYPES = (
    "authorization_code",
    "client_credentials",
    "implicit",
    "password",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:device_code",
    "urn:ietf:params:oauth:grant-type:token-exchange",
    "urn:ietf:params:oauth:grant-type:saml2-bearer",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
)


def _list(value, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise validation(field, f"{field}: must be a list of strings")
    return value


def _clean_policy(call: Call, payload: dict, current: dict | None) -> dict:
    clients = ((payload.get("conditions") or {}).get("clients") or {}).get("include")
    if not clients:
        raise validation(
            "conditions", "conditions.clients: The policy must apply to at least one client"
        )
    description = payload.get("description")
    return {
        "type": "OAUTH_AUTHORIZATION_POLICY",
        "name": name_of(payload, 100),
        **({"description": description} if isinstance(description, str) and description else {}),
        "system": bool(current and current["document"].get("system")),
        "conditions": {"clients": {"include": _list(clients, "conditions.clients.include")}},
    }


def _minutes(token: dict, field: str, default: int, low: int, high: int | None) -> int:
    value = token.get(field, default)
    if not isinstance(value, int) or value < low or (high is not None and value > high):
        limit = f"between {low} and {high}" if high else f"at least {low}"
        raise validation(f"actions.token.{field}", f"{field}: must be {limit}")
    return value


def _clean_rule(call: Call, payload: dict, current: dict | None) -> dict:
    conditions = payload.get("conditions") or {}
    grants = _list((conditions.get("grantTypes") or {}).get("include"), "grantTypes.include")
    unknown = [g for g in grants if g not in GRANT_TYPES]
    if unknown:
        raise validation("grantTypes", f"grantTypes: unsupported grant type {unknown[0]}")
    scopes = _list((conditions.get("scopes") or {}).get("include"), "scopes.include")
    people = conditions.get("people") or {}
    users = (people.get("users") or {}).get("include") or []
    groups = (people.get("groups") or {}).get("include") or []
    token = (payload.get("actions") or {}).get("token") or {}
    access = _minutes(token, "accessTokenLifetimeMinutes", 60, 5, 1440)
    refresh = _minutes(token, "refreshTokenLifetimeMinutes", 0, 0, None)
    if refresh and refresh < access:
        raise validation(
            "refreshTokenLifetimeMinutes",
            "refreshTokenLifetimeMinutes: must be at least the access token lifetime",
        )
    return {
        "type": "RESOURCE_ACCESS",
        "name": name_of(payload, 100),
        "system": bool(current and current["document"].get("system")),
        "conditions": {
            "people": {
                "users": {"include": _list(users, "people.users.include") if users else []},
                "groups": {"include": _list(groups, "people.groups.include") if groups else []},
            },
            "grantTypes": {"include": grants},
            "scopes": {"include": scopes},
        },
        "actions": {
            "token": {
                "accessTokenLifetimeMinutes": access,
                "refreshTokenLifetimeMinutes": refresh,
                "refreshTokenWindowMinutes": _minutes(
                    token, "refreshTokenWindowMinutes", 10080, 10, 259200
                ),
            }
        },
    }


POLICY = children.Child(
    name="AuthorizationServerPolicy",
    path="/api/v1/authorizationServers/{authServerId}/policies",
    id_param="policyId",
    prefix="00p",
    scope="okta.authorizationServers",
    events=EVENTS,
    parent=server_id,
    clean=_clean_policy,
    ordered=True,
    lifecycle=True,
    stamped=True,
    links=rules_link,
)


def _policy_id(call: Call) -> str:
    """The policy in the path, which must be one of the server's."""
    server = server_id(call)
    wanted = call.path_params["policyId"]
    if not any(
        r["id"] == wanted for r in children_store.rows(call.universe.store, POLICY.name, server)
    ):
        raise not_found(wanted, POLICY.name)
    return wanted


RULE = children.Child(
    name="AuthorizationServerPolicyRule",
    path="/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules",
    id_param="ruleId",
    prefix="0pr",
    scope="okta.authorizationServers",
    events=RULE_EVENTS,
    parent=_policy_id,
    clean=_clean_rule,
    ordered=True,
    lifecycle=True,
    stamped=True,
)


def seed(state, server: str) -> None:
    """The default server's ``Default Policy`` for all clients, with one rule allowing every
    grant type, person and scope."""
    policy = children_store.insert(
        state,
        POLICY.name,
        server,
        {
            "type": "OAUTH_AUTHORIZATION_POLICY",
            "name": "Default Policy",
            "description": "Default policy description",
            "system": False,
            "conditions": {"clients": {"include": ["ALL_CLIENTS"]}},
        },
        POLICY.prefix,
    )
    children_store.insert(
        state,
        RULE.name,
        policy,
        {
            "type": "RESOURCE_ACCESS",
            "name": "Default Policy Rule",
            "system": False,
            "conditions": {
                "people": {"users": {"include": []}, "groups": {"include": ["EVERYONE"]}},
                "grantTypes": {
                    "include": [
                        "implicit",
                        "client_credentials",
                        "authorization_code",
                        "password",
                        "refresh_token",
                    ]
                },
                "scopes": {"include": ["*"]},
            },
            "actions": {
                "token": {
                    "accessTokenLifetimeMinutes": 60,
                    "refreshTokenLifetimeMinutes": 0,
                    "refreshTokenWindowMinutes": 10080,
                }
            },
        },
        RULE.prefix,
    )


def active_policies(db, server: str) -> list[dict]:
    """The server's ACTIVE policies, by priority."""
    return [r for r in children_store.rows(db, POLICY.name, server) if r["status"] == "ACTIVE"]


def active_rules(db, policy: str) -> list[dict]:
    return [r for r in children_store.rows(db, RULE.name, policy) if r["status"] == "ACTIVE"]


def routes() -> list[Route]:
    policy_ops = {
        action: f"{action}AuthorizationServerPolicy"
        for action in ("create", "get", "replace", "delete", "activate", "deactivate")
    }
    rule_ops = {action: f"{name}Rule" for action, name in policy_ops.items()}
    return [
        *children.routes(POLICY, {**policy_ops, "list": "listAuthorizationServerPolicies"}),
        *children.routes(RULE, {**rule_ops, "list": "listAuthorizationServerPolicyRules"}),
    ]
