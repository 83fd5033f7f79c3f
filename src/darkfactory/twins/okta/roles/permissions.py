"""Who may do what: Okta's standard admin roles, the table of what each permits, one decision.

Every management call is decided by ``decide``: an OAuth access token needs a scope covering the
operation (``manage`` implies ``read``) *and* a subject whose admin roles permit it; an SSWS API
token is unscoped and acts with the roles of the admin who created it. The subject of an OAuth
token is the signed-in user, or for ``client_credentials`` the service app, with the roles
granted to it. Roles reach a user directly or through a group.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Any

STANDARD_ROLES = {
    "SUPER_ADMIN": "Super Organization Administrator",
    "ORG_ADMIN": "Organizational Administrator",
    "APP_ADMIN": "Application Administrator",
    "USER_ADMIN": "Group Administrator",
    "HELP_DESK_ADMIN": "Help Desk Administrator",
    "READ_ONLY_ADMIN": "Read Only Administrator",
    "GROUP_MEMBERSHIP_ADMIN": "Group Membership Administrator",
    "API_ACCESS_MANAGEMENT_ADMIN": "API Access Management Administrator",
    "REPORT_ADMIN": "Report Administrator",
    "WORKFLOWS_ADMIN": "Workflows Administrator",
    "ACCESS_CERTIFICATIONS_ADMIN": "Access Certifications Administrator",
    "ACCESS_REQUESTS_ADMIN": "Access Requests Administrator",
}

# What each role permits. An entry is a scope pattern (``okta.apps.*``, ``*.read``), which
# permits every operation under the scopes it matches, or ``scope/operationId`` for a role that
# may do only some of a scope's operations (a help desk admin resets passwords, under
# ``okta.users.manage``, but does not create users).
DIRECTORY_READ = ("okta.users.read", "okta.groups.read")
HELP_DESK = (
    "resetPassword",
    "expirePassword",
    "expirePasswordWithTempPassword",
    "forgotPassword",
    "unlockUser",
    "resetFactors",
    "unenrollFactor",
)
GRANTS: dict[str, tuple[str, ...]] = {
    "SUPER_ADMIN": ("*",),
    "ORG_ADMIN": ("*",),
    "READ_ONLY_ADMIN": ("*.read",),
    "APP_ADMIN": ("okta.apps.*", *DIRECTORY_READ),
    "USER_ADMIN": ("okta.users.*", "okta.groups.*"),
    "GROUP_MEMBERSHIP_ADMIN": (
        *DIRECTORY_READ,
        "okta.groups.manage/assignUserToGroup",
        "okta.groups.manage/unassignUserFromGroup",
    ),
    "HELP_DESK_ADMIN": (*DIRECTORY_READ, *(f"okta.users.manage/{op}" for op in HELP_DESK)),
    "API_ACCESS_MANAGEMENT_ADMIN": ("okta.authorizationServers.*", "okta.apps.read"),
    "REPORT_ADMIN": ("okta.logs.read",),
}
# Custom role permissions narrower than a scope: label -> (its scope, the operations it permits).
FINE_PERMISSIONS = {
    "okta.users.create": ("okta.users.manage", ("createUser",)),
    "okta.users.userprofile.manage": ("okta.users.manage", ("updateUser", "replaceUser")),
    "okta.users.lifecycle.manage": (
        "okta.users.manage",
        (
            "activateUser",
            "reactivateUser",
            "deactivateUser",
            "suspendUser",
            "unsuspendUser",
            "unlockUser",
            "deleteUser",
        ),
    ),
    "okta.users.credentials.manage": ("okta.users.manage", HELP_DESK),
    "okta.groups.members.manage": (
        "okta.groups.manage",
        ("assignUserToGroup", "unassignUserFromGroup"),
    ),
}
# Roles only some roles may grant or revoke (beyond ``okta.roles.manage`` itself).
GRANTORS = {"SUPER_ADMIN": frozenset({"SUPER_ADMIN"})}


def roles_of(db, principal_id: str, principal_type: str = "USER") -> set[str]:
    """The standard roles a user holds directly or through its groups, or a client app holds."""
    if principal_type != "USER":
        rows = db.all(
            "SELECT type FROM okta_role_assignments WHERE principal_type = ? AND principal_id = ?",
            (principal_type, principal_id),
        )
        return {r["type"] for r in rows}
    rows = db.all(
        "SELECT type FROM okta_role_assignments WHERE principal_type = 'USER' AND principal_id = ?"
        " UNION SELECT r.type FROM okta_role_assignments r JOIN okta_members m"
        " ON m.group_id = r.principal_id WHERE r.principal_type = 'GROUP' AND m.user_id = ?",
        (principal_id, principal_id),
    )
    return {r["type"] for r in rows}


def permits(roles: Iterable[str], scope: str, operation: str | None) -> bool:
    """Whether ``roles`` permit ``operation`` under ``scope``; ``None``: any of its operations."""
    for role in roles:
        for grant in GRANTS.get(role, ()):
            pattern, _, only = grant.partition("/")
            if fnmatchcase(scope, pattern) and (not only or operation in (None, only)):
                return True
    return False


def covers(scopes: Iterable[str], scope: str) -> bool:
    """Whether a token's ``scopes`` hold ``scope``; ``okta.x.manage`` holds ``okta.x.read``."""
    family = scope.rsplit(".", 1)[0]
    return scope in scopes or f"{family}.manage" in scopes


def custom_permits(labels: Iterable[str], scope: str, operation: str) -> bool:
    """Whether a custom role's permission ``labels`` permit ``operation`` under ``scope``:
    a label naming the scope (``manage`` implies ``read``) or a narrower label listing it."""
    for label in labels:
        if covers((label,), scope):
            return True
        fine_scope, operations = FINE_PERMISSIONS.get(label, ("", ()))
        if fine_scope == scope and operation in operations:
            return True
    return False


def decide(
    roles: set[str],
    scopes: Iterable[str] | None,
    scope: str,
    operation: str,
    role_granted: str | None = None,
    custom: Iterable[tuple[frozenset[str], Any]] = (),
    target: tuple[str, str | None] | None = None,
) -> bool:
    """The one decision: may a subject holding ``roles``, with a token of ``scopes`` (``None``
    for an unscoped API token), call ``operation`` under ``scope`` (granting or revoking
    ``role_granted``)? Failing its standard roles, a custom role it holds decides: its
    permissions (``custom``: labels and the reach of the resource set they are bound on) must
    permit the operation on its ``target`` (family and id, ``None`` for the collection)."""
    if scopes is not None and not covers(scopes, scope):
        return False
    if permits(roles, scope, operation):
        return role_granted is None or bool(roles & GRANTORS.get(role_granted, roles))
    if role_granted is not None or target is None:
        return False
    return any(
        custom_permits(labels, scope, operation) and reach.covers(*target)
        for labels, reach in custom
    )


def grantable(roles: set[str], requested: Iterable[str]) -> list[str]:
    """The requested scopes a user may be granted: Okta API scopes only where a role permits
    something under them; other scopes (``openid``, ``profile`` ...) as asked."""
    return [s for s in requested if not s.startswith("okta.") or permits(roles, s, None)]
