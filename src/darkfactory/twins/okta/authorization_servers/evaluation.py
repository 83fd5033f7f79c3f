"""What a custom authorization server grants: its access policies and rules, and its claims.

``decide`` runs Okta's evaluation: the client must be allowed the grant type, every requested
scope must be one the server knows, then the first ACTIVE policy (by priority) naming the client
and, within it, the first ACTIVE rule matching the grant type, the user (or no user) and *all*
the requested scopes decides; no match is ``access_denied``. ``claims`` renders the server's
custom claims of one type for the scopes granted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from darkfactory.twins.okta.authorization_servers import claims as claim_defs
from darkfactory.twins.okta.authorization_servers import policies, scopes
from darkfactory.twins.okta.errors import OAuthError
from darkfactory.twins.okta.groups.rule_expressions import compile_value
from darkfactory.twins.okta.policies.enforcement import group_ids, people_match

NO_POLICY = "Policy evaluation failed for this request, please check the policy configurations."
DEFAULT_GRANT_TYPES = ("authorization_code",)


@dataclass(frozen=True)
class Decision:
    """The scopes granted and the token lifetimes (seconds; 0: a refresh token never expires)."""

    scopes: list[str]
    access_ttl: int
    refresh_ttl: int


def allowed_grant_types(app: dict) -> list[str]:
    settings = app["settings"].get("oauthClient") or {}
    return list(settings.get("grant_types") or DEFAULT_GRANT_TYPES)


def check_grant_type(app: dict, grant_type: str) -> None:
    """``unauthorized_client`` unless the client app may use ``grant_type``."""
    allowed = allowed_grant_types(app)
    if grant_type not in allowed:
        raise OAuthError(
            "unauthorized_client",
            "The client is not authorized to use the provided grant type."
            f" Configured grant types: [{', '.join(allowed)}].",
        )


def check_scopes(db, server: str, requested: list[str]) -> None:
    if not requested or not set(requested) <= scopes.names(db, server):
        raise OAuthError(
            "invalid_scope",
            "One or more scopes are not configured for the authorization server resource.",
        )


def _rule_matches(state, rule: dict, grant_type: str, user, requested: list[str]) -> bool:
    conditions = rule["conditions"]
    allowed_scopes = conditions["scopes"]["include"]
    return (
        grant_type in conditions["grantTypes"]["include"]
        and (user is None or people_match(conditions, user["id"], group_ids(state.db, user["id"])))
        and ("*" in allowed_scopes or set(requested) <= set(allowed_scopes))
    )


def decide(
    state, server: str, app: dict, grant_type: str, user: dict | None, requested: list[str]
) -> Decision:
    """The server's decision on a request, or the OAuth error Okta answers."""
    check_grant_type(app, grant_type)
    check_scopes(state.db, server, requested)
    for policy in policies.active_policies(state.db, server):
        clients = policy["document"]["conditions"]["clients"]["include"]
        if "ALL_CLIENTS" not in clients and app["id"] not in clients:
            continue
        for rule in policies.active_rules(state.db, policy["id"]):
            if _rule_matches(state, rule["document"], grant_type, user, requested):
                token = rule["document"]["actions"]["token"]
                return Decision(
                    list(requested),
                    token["accessTokenLifetimeMinutes"] * 60,
                    token["refreshTokenLifetimeMinutes"] * 60,
                )
    raise OAuthError("access_denied", NO_POLICY)


def _subject(state, app: dict, user: dict | None) -> dict:
    groups = state.user_groups(user["id"]) if user else []
    return {
        "profile": user["profile"] if user else {},
        "groups": {g["id"] for g in groups},
        "group_names": {g["profile"]["name"] for g in groups},
        "app": {"id": app["id"], "clientId": app["id"], "label": app["label"]},
    }


def _group_names(names: set[str], claim: dict) -> list[str]:
    wanted = claim["value"]
    tests = {
        "EQUALS": lambda name: name == wanted,
        "STARTS_WITH": lambda name: name.startswith(wanted),
        "CONTAINS": lambda name: wanted in name,
        "REGEX": lambda name: re.fullmatch(wanted, name) is not None,
    }
    return sorted(n for n in names if tests[claim["group_filter_type"]](n))


def claims(
    state,
    server: str,
    app: dict,
    user: dict | None,
    granted: list[str],
    claim_type: str,
    in_token: bool = True,
) -> dict:
    """The server's ACTIVE custom claims of ``claim_type`` for a token granted ``granted``;
    ``in_token``: only those always included in the token (not only at ``/userinfo``). A
    claim whose value comes out empty (``null``, no groups) is left out, as Okta does."""
    subject = _subject(state, app, user)
    found: dict = {}
    for claim in claim_defs.active(state.db, server, claim_type):
        wanted = claim["conditions"]["scopes"]
        if wanted and not set(wanted) & set(granted):
            continue
        if in_token and not claim["alwaysIncludeInToken"]:
            continue
        if claim["valueType"] == "GROUPS":
            value = _group_names(subject["group_names"], claim) if user else []
        else:
            value = compile_value(claim["value"])(subject)
        if value not in (None, "", []):
            found[claim["name"]] = value
    return found
