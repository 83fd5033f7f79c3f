"""Who may call the Directory: the caller's token, then their administrator privileges.

``authorize(call, privilege)`` lets in a super administrator, or a user one of whose role
assignments grants ``privilege`` (for a user in an organizational unit, an assignment scoped to
that unit or one above it counts too); anyone else is told ``Not Authorized to access this
resource/api``.
"""

from __future__ import annotations

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.directory import admin_roles
from darkfactory.twins.google.directory.wire import not_authorized
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.operation import Call


def is_super_admin(call: Call, principal: Principal) -> bool:
    account = call.twin.state.account(principal.email)
    return bool(account and account["admin"])


def _unit_path(call: Call, org_unit_id: str) -> str | None:
    row = call.universe.store.one(
        "SELECT path FROM google_directory_orgunits WHERE id = ?", (org_unit_id,)
    )
    return row["path"] if row else None


def _covers(scope: str | None, path: str) -> bool:
    return scope is not None and (scope == "/" or path == scope or path.startswith(scope + "/"))


def allows(call: Call, principal: Principal, privilege: str, org_unit: str | None = None) -> bool:
    """Whether ``principal`` holds ``privilege`` (over a user of ``org_unit``, when given)."""
    if is_super_admin(call, principal):
        return True
    for privileges, scope in admin_roles.grants(call.universe, principal.id):
        if privilege not in privileges:
            continue
        if scope is None or (org_unit and _covers(_unit_path(call, scope), org_unit)):
            return True
    return False


def holds(call: Call, principal: Principal, privilege: str) -> bool:
    """Whether ``principal`` holds ``privilege`` over anything at all (some unit, at least)."""
    grants = admin_roles.grants(call.universe, principal.id)
    return is_super_admin(call, principal) or any(privilege in p for p, _ in grants)


def authorize(call: Call, privilege: str) -> Principal:
    """The caller, if its token has the method's scopes and it holds ``privilege`` over the
    whole customer."""
    principal = require(call)
    if not allows(call, principal, privilege):
        raise not_authorized()
    return principal


def super_admin(call: Call) -> Principal:
    """The caller, if it is a super administrator (roles, domains, the customer, schemas)."""
    principal = require(call)
    if not is_super_admin(call, principal):
        raise not_authorized()
    return principal


def administrator(call: Call) -> Principal:
    """The caller, if it is an administrator of any kind (super, or holding some role)."""
    principal = require(call)
    if not is_super_admin(call, principal) and not admin_roles.grants(call.universe, principal.id):
        raise not_authorized()
    return principal


def member(call: Call) -> Principal:
    """The caller, if it is a user of one of the customer's domains."""
    principal = require(call)
    if principal.kind != "user" or not in_customer(call.universe, principal.domain):
        raise not_authorized()
    return principal


def in_customer(universe, domain: str) -> bool:
    """Whether addresses of ``domain`` are the customer's (one of its domains or aliases)."""
    row = universe.store.one("SELECT 1 FROM google_directory_domains WHERE name = ?", (domain,))
    return row is not None
