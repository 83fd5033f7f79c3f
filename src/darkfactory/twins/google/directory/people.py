"""The domain's users as the Directory keeps them: the account (``google_accounts``) and its
directory record (names, unit, suspension, password, details, custom schema values), and how a
user reads on the wire in the administrator's view and the domain's public one.

``details`` holds the repeated fields a user carries as given (``organizations``, ``relations``,
``phones``, ``addresses``, ``externalIds``...); the company's titles and managers are seeded
into it.
"""

from __future__ import annotations

import hashlib
import json

from darkfactory.twins.google.api import timestamp
from darkfactory.twins.google.directory import admin_roles
from darkfactory.twins.google.directory.access import in_customer
from darkfactory.twins.google.directory.wire import customer_id, tagged

SCHEMA = """
CREATE TABLE IF NOT EXISTS google_directory_users (
    email TEXT PRIMARY KEY COLLATE NOCASE, given TEXT NOT NULL, family TEXT NOT NULL,
    org_unit_path TEXT NOT NULL DEFAULT '/', suspension_reason TEXT,
    archived INTEGER NOT NULL DEFAULT 0, change_password INTEGER NOT NULL DEFAULT 0,
    password TEXT, include_gal INTEGER NOT NULL DEFAULT 1,
    enrolled_2sv INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '{}', custom TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS google_directory_deleted (
    id TEXT PRIMARY KEY, email TEXT NOT NULL, account TEXT NOT NULL, record TEXT NOT NULL,
    deleted REAL NOT NULL
);
"""
DETAILS = (
    "organizations",
    "relations",
    "phones",
    "addresses",
    "externalIds",
    "ims",
    "websites",
    "locations",
    "keywords",
    "languages",
    "posixAccounts",
    "sshPublicKeys",
    "notes",
    "gender",
    "recoveryEmail",
    "recoveryPhone",
)
PUBLIC = ("kind", "id", "primaryEmail", "name", "emails", "organizations", "relations", "phones")
SUSPENDED_BY_ADMIN = "ADMIN"


def hashed(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def record(universe, email: str) -> dict:
    """The directory record of ``email`` (a plain one for an account the directory never saw),
    with the account's ``suspended`` flag."""
    account = universe.twins["google"].state.account(email) or {"name": email, "suspended": 0}
    row = universe.store.one("SELECT * FROM google_directory_users WHERE email = ?", (email,))
    if row is not None:
        return dict(row) | {"suspended": account["suspended"]}
    given, _, family = account["name"].partition(" ")
    return {
        "email": email,
        "given": given,
        "family": family,
        "org_unit_path": "/",
        "suspended": account["suspended"],
        "suspension_reason": None,
        "archived": 0,
        "change_password": 0,
        "password": None,
        "include_gal": 1,
        "enrolled_2sv": 0,
        "details": "{}",
        "custom": "{}",
    }


def save(universe, rec: dict) -> None:
    """Write the record, and the account's display name and suspension with it."""
    row = {k: v for k, v in rec.items() if k != "suspended"}
    universe.store.execute("DELETE FROM google_directory_users WHERE email = ?", (rec["email"],))
    universe.store.insert("google_directory_users", row)
    universe.store.execute(
        "UPDATE google_accounts SET name = ?, suspended = ? WHERE email = ?",
        (f"{rec['given']} {rec['family']}".strip(), int(rec["suspended"]), rec["email"]),
    )


def aliases(universe, email: str) -> list[str]:
    rows = universe.store.all(
        "SELECT alias FROM google_directory_aliases WHERE target = ? ORDER BY rowid", (email,)
    )
    return [r["alias"] for r in rows]


def taken(universe, email: str) -> bool:
    """Whether ``email`` is already a user's, a group's or an alias."""
    state = universe.twins["google"].state
    alias = universe.store.one("SELECT 1 FROM google_directory_aliases WHERE alias = ?", (email,))
    return alias is not None or state.account(email) is not None or state.group(email) is not None


def customer_people(universe) -> list[dict]:
    """The user accounts of the customer's domains."""
    state = universe.twins["google"].state
    return [a for a in state.accounts("user") if in_customer(universe, a["domain"])]


def find(universe, key: str) -> dict | None:
    """The customer's user named by ``key``: primary email, alias or id."""
    key = key.lower()
    row = universe.store.one("SELECT target FROM google_directory_aliases WHERE alias = ?", (key,))
    if row is not None:
        key = row["target"].lower()
    return next(
        (a for a in customer_people(universe) if key in (a["email"].lower(), a["id"])),
        None,
    )


def deleted(universe) -> list[dict]:
    """The deleted users, as ``user_json`` shows them, with their ``deletionTime``."""
    rows = universe.store.all("SELECT * FROM google_directory_deleted ORDER BY rowid")
    return [
        user_json(universe, json.loads(r["account"]), rec=json.loads(r["record"]))
        | {"deletionTime": timestamp(r["deleted"])}
        for r in rows
    ]


def user_json(
    universe,
    account: dict,
    admin_view: bool = True,
    custom: dict | None = None,
    rec: dict | None = None,
) -> dict:
    """The user resource; ``custom``: the custom schema values to show (none by default);
    ``rec``: the directory record, when not the stored one (a deleted user's)."""
    rec = rec or record(universe, account["email"])
    alias_list = aliases(universe, account["email"])
    user = {
        "kind": "admin#directory#user",
        "id": account["id"],
        "primaryEmail": account["email"],
        "name": {
            "givenName": rec["given"],
            "familyName": rec["family"],
            "fullName": f"{rec['given']} {rec['family']}".strip(),
        },
        "isAdmin": bool(account["admin"]),
        "isDelegatedAdmin": admin_roles.is_delegated_admin(universe, account["id"]),
        "lastLoginTime": "1970-01-01T00:00:00.000Z",
        "creationTime": timestamp(account["created"]),
        "agreedToTerms": True,
        "suspended": bool(rec["suspended"]),
        "archived": bool(rec["archived"]),
        "changePasswordAtNextLogin": bool(rec["change_password"]),
        "ipWhitelisted": False,
        "emails": [{"address": account["email"], "primary": True}]
        + [{"address": alias} for alias in alias_list],
        "customerId": customer_id(universe),
        "orgUnitPath": rec["org_unit_path"],
        "isMailboxSetup": True,
        "isEnrolledIn2Sv": bool(rec["enrolled_2sv"]),
        "isEnforcedIn2Sv": False,
        "includeInGlobalAddressList": bool(rec["include_gal"]),
    }
    if rec["suspended"]:
        user["suspensionReason"] = rec["suspension_reason"] or SUSPENDED_BY_ADMIN
    if alias_list:
        user["aliases"] = alias_list
    if universe.store.one("SELECT 1 FROM google_directory_photos WHERE email = ?", (rec["email"],)):
        user["thumbnailPhotoUrl"] = f"https://www.google.com/s2/photos/private/{account['id']}"
    user.update(json.loads(rec["details"]))
    if custom:
        user["customSchemas"] = custom
    if not admin_view:
        user = {k: v for k, v in user.items() if k in (*PUBLIC, "customSchemas")}
    return tagged(user)
