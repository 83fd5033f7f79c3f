"""The policies a fresh Okta org has: one system ``Default Policy`` of each type, for Everyone,
each with its system ``Default Rule``."""

from __future__ import annotations

from darkfactory.twins.okta import children_store
from darkfactory.twins.okta.policies.operations import (
    POLICY,
    RULE,
    RULE_TYPES,
    UNCONDITIONAL,
    UNCONDITIONAL_RULES,
)
from darkfactory.twins.okta.users import password_policy

PASSWORD_SETTINGS = {
    "password": {
        "complexity": {**password_policy.COMPLEXITY, "excludeAttributes": []},
        "age": {"maxAgeDays": 0, "expireWarnDays": 0, **password_policy.AGE},
        "lockout": {"maxAttempts": 10, "autoUnlockMinutes": 0, "showLockoutFailures": False},
    }
}
SETTINGS = {"PASSWORD": PASSWORD_SETTINGS}
RULE_ACTIONS = {
    "PASSWORD": {
        "passwordChange": {"access": "ALLOW"},
        "selfServicePasswordReset": {"access": "ALLOW"},
        "selfServiceUnlock": {"access": "DENY"},
    },
    "OKTA_SIGN_ON": {
        "signon": {
            "access": "ALLOW",
            "requireFactor": False,
            "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
            "session": {
                "usePersistentCookie": False,
                "maxSessionIdleMinutes": 720,
                "maxSessionLifetimeMinutes": 0,
            },
        }
    },
    "MFA_ENROLL": {"enroll": {"self": "CHALLENGE"}},
    "PROFILE_ENROLLMENT": {
        "profileEnrollment": {
            "access": "ALLOW",
            "targetGroupIds": [],
            "unknownUserAction": "DENY",
            "activationRequirements": {"emailVerification": True},
            "preRegistrationInlineHooks": [],
            "profileAttributes": [
                {"name": "email", "label": "Email", "required": True},
            ],
        }
    },
    "ACCESS_POLICY": {
        "appSignOn": {
            "access": "ALLOW",
            "verificationMethod": {
                "factorMode": "1FA",
                "type": "ASSURANCE",
                "reauthenticateIn": "PT12H",
                "constraints": [],
            },
        }
    },
}
# Okta names the default rule of app sign-in and profile enrollment policies a catch-all.
RULE_NAMES = {"ACCESS_POLICY": "Catch-all Rule", "PROFILE_ENROLLMENT": "Catch-all Rule"}


def seed(state, everyone: str) -> None:
    for policy_type, rule_type in RULE_TYPES.items():
        parent = f"org:{policy_type}"
        policy = children_store.insert(
            state,
            POLICY.name,
            parent,
            {
                "type": policy_type,
                "name": "Default Policy",
                "description": "The default policy applies in all situations if no other"
                " policy applies.",
                "system": True,
                "conditions": None
                if policy_type in UNCONDITIONAL
                else {"people": {"groups": {"include": [everyone]}}},
                "settings": SETTINGS.get(policy_type, {}),
            },
            POLICY.prefix,
        )
        children_store.insert(
            state,
            RULE.name,
            policy,
            {
                "type": rule_type,
                "name": RULE_NAMES.get(policy_type, "Default Rule"),
                "system": True,
                "conditions": None
                if rule_type in UNCONDITIONAL_RULES
                else {"people": {"users": {"exclude": []}}},
                "actions": RULE_ACTIONS.get(policy_type, {}),
            },
            RULE.prefix,
        )
