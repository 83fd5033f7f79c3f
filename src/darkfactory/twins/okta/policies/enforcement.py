"""Which org policy and rule apply to a user, and what they decide: the password rules a new
password must meet, and whether a sign-in is allowed and needs a second factor. No HTTP here."""

from __future__ import annotations

from darkfactory.twins.okta.children_store import rows
from darkfactory.twins.okta.factors import totp

NO_FACTOR = "Sign-in requires a second factor, and none is enrolled"
NEED_CODE = "Enter the code from your authenticator app"
DENIED = "Sign-in is not allowed by the sign-on policy"


def group_ids(db, user_id: str | None) -> set[str]:
    """The user's group ids; a user not yet created is only in Everyone."""
    if user_id is None:
        found = db.all("SELECT id FROM okta_groups WHERE type = 'BUILT_IN'")
    else:
        found = db.all("SELECT group_id AS id FROM okta_members WHERE user_id = ?", (user_id,))
    return {r["id"] for r in found}


def people_match(conditions: dict, user_id: str | None, groups: set[str]) -> bool:
    people = (conditions or {}).get("people") or {}
    users, group_sets = people.get("users") or {}, people.get("groups") or {}
    if user_id in (users.get("exclude") or []) or groups & set(group_sets.get("exclude") or []):
        return False
    included_users, included_groups = users.get("include") or [], group_sets.get("include") or []
    if (not included_users and not included_groups) or "EVERYONE" in included_groups:
        return True
    return user_id in included_users or bool(groups & set(included_groups))


def applicable(
    db, policy_type: str, user_id: str | None, by_rule: bool = True, only: str | None = None
) -> tuple[dict, dict | None] | None:
    """The first ACTIVE policy of ``policy_type`` for the user with an ACTIVE rule matching
    them, and that rule (a policy none of whose rules match is passed over); None when no
    policy applies. Without ``by_rule`` (a password policy's settings) the policy's own
    conditions decide, and the rule is None. ``only``: that policy alone (an app's sign-in
    policy)."""
    groups = group_ids(db, user_id)
    for policy in rows(db, "Policy", f"org:{policy_type}"):
        if policy["status"] != "ACTIVE" or only not in (None, policy["id"]):
            continue
        if not people_match(policy["document"]["conditions"], user_id, groups):
            continue
        if not by_rule:
            return policy["document"], None
        for rule in rows(db, "PolicyRule", policy["id"]):
            if rule["status"] == "ACTIVE" and people_match(
                rule["document"]["conditions"], user_id, groups
            ):
                return policy["document"], rule["document"]
    return None


def password_settings(db, user_id: str | None) -> dict:
    """The ``password`` settings (``complexity``, ``age``) of the user's password policy."""
    found = applicable(db, "PASSWORD", user_id, by_rule=False)
    password = ((found[0].get("settings") or {}).get("password") or {}) if found else {}
    return password if isinstance(password, dict) else {}


def sign_on(db, user_id: str) -> dict:
    """The ``signon`` actions that apply to the user's sign-in (``access``,
    ``requireFactor``); an org without a matching rule denies the sign-in."""
    found = applicable(db, "OKTA_SIGN_ON", user_id)
    if found is None:
        return {"access": "DENY"}
    return ((found[1] or {}).get("actions") or {}).get("signon") or {"access": "ALLOW"}


def app_sign_on(db, app_id: str, user_id: str) -> dict:
    """The ``appSignOn`` actions of the app's sign-in policy (the one assigned to it while it
    exists, else the default ``ACCESS_POLICY``) for this user; no matching rule denies."""
    assigned = db.one(
        "SELECT p.id FROM okta_children a JOIN okta_children p"
        " ON p.kind = 'Policy' AND p.id = json_extract(a.document, '$.policy')"
        " WHERE a.kind = 'AppSignInPolicy' AND a.parent = ?",
        (app_id,),
    ) or db.one(
        "SELECT id FROM okta_children WHERE kind = 'Policy' AND parent = 'org:ACCESS_POLICY'"
        " AND json_extract(document, '$.system') ORDER BY rowid"
    )
    policy = assigned["id"] if assigned else None
    found = applicable(db, "ACCESS_POLICY", user_id, only=policy) if policy else None
    if found is None:
        return {"access": "DENY"}
    return ((found[1] or {}).get("actions") or {}).get("appSignOn") or {"access": "ALLOW"}


def sign_on_refusal(
    db,
    user_id: str,
    pass_code: str,
    now: float,
    app_id: str | None = None,
    proven: bool = False,
) -> str | None:
    """Why the sign-on policy (and the app's sign-in policy, for an app's sign-in) stop this
    sign-in, None when it may go on: a rule denying access, or one requiring a factor the user
    has not enrolled or did not prove (a current code of an ACTIVE TOTP factor; ``proven``: the
    session proved one already)."""
    signon = sign_on(db, user_id)
    app = app_sign_on(db, app_id, user_id) if app_id else {}
    if "DENY" in (signon.get("access"), app.get("access")):
        return DENIED
    two_factors = (app.get("verificationMethod") or {}).get("factorMode") == "2FA"
    if not (signon.get("requireFactor") or two_factors):
        return None
    factors = db.all(
        "SELECT * FROM okta_factors WHERE user_id = ? AND status = 'ACTIVE'", (user_id,)
    )
    if not factors:
        return NO_FACTOR
    if proven:
        return None
    for factor in factors:
        secret = factor["secret"]
        if secret and pass_code and totp.matching_step(secret, pass_code, now) is not None:
            return None
    return NEED_CODE
