"""Admin roles and what they permit: Okta's standard roles mapped to the twin's API scopes.

An SSWS API token acts with its admin's roles, assigned directly or through a group, so a token
loses its power when its admin loses the role. A grant names a scope pattern (``okta.apps.*``,
``*.read``) or one operationId (``unlockUser``) for roles narrower than a whole family.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from darkfactory.twins.okta.errors import OktaError, not_found, validation

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
DIRECTORY_READ = ("okta.users.read", "okta.groups.read")
GRANTS: dict[str, tuple[str, ...]] = {
    "SUPER_ADMIN": ("*",),
    "ORG_ADMIN": ("*",),
    "READ_ONLY_ADMIN": ("*.read",),
    "APP_ADMIN": ("okta.apps.*", *DIRECTORY_READ),
    "USER_ADMIN": ("okta.users.*", "okta.groups.*"),
    "GROUP_MEMBERSHIP_ADMIN": (*DIRECTORY_READ, "assignUserToGroup", "unassignUserFromGroup"),
    "HELP_DESK_ADMIN": (
        *DIRECTORY_READ,
        "resetPassword",
        "expirePassword",
        "expirePasswordWithTempPassword",
        "forgotPassword",
        "unlockUser",
        "resetFactors",
        "unenrollFactor",
        "listFactors",
    ),
    "API_ACCESS_MANAGEMENT_ADMIN": ("okta.authorizationServers.*", "okta.apps.read"),
    "REPORT_ADMIN": ("okta.logs.read",),
}


def roles_of(db, user_id: str) -> set[str]:
    """The standard roles ``user_id`` holds, directly or as a member of a group."""
    rows = db.all(
        "SELECT type FROM okta_role_assignments WHERE principal_type = 'USER' AND principal_id = ?"
        " UNION SELECT r.type FROM okta_role_assignments r JOIN okta_members m"
        " ON m.group_id = r.principal_id WHERE r.principal_type = 'GROUP' AND m.user_id = ?",
        (user_id, user_id),
    )
    return {r["type"] for r in rows}


def allows(roles: set[str], scope: str, operation: str) -> bool:
    return any(
        grant == operation or fnmatchcase(scope, grant)
        for role in roles
        for grant in GRANTS.get(role, ())
    )


class RoleState:
    """Mixed into ``OktaState``: standard role assignments to users and groups."""

    EVENTS = {
        ("USER", True): ("user.account.privilege.grant", "Grant user privilege"),
        ("USER", False): ("user.account.privilege.revoke", "Revoke user privilege"),
        ("GROUP", True): ("group.privilege.grant", "Grant group privilege"),
        ("GROUP", False): ("group.privilege.revoke", "Revoke group privilege"),
    }

    def _principal_target(self, principal_type: str, principal_id: str) -> dict:
        if principal_type == "USER":
            return self.user_target(principal_id)
        group = self.group(principal_id)
        return {
            "id": group["id"],
            "type": "UserGroup",
            "alternateId": "unknown",
            "displayName": group["profile"].get("name", ""),
        }

    def assign_role(
        self, principal_type: str, principal_id: str, role_type: str, actor: dict | None = None
    ) -> dict:
        if role_type not in STANDARD_ROLES:
            raise validation("type", f"type: Invalid role type {role_type!r}")
        target = self._principal_target(principal_type, principal_id)
        if self.db.one(
            "SELECT 1 FROM okta_role_assignments WHERE principal_type = ? AND principal_id = ?"
            " AND type = ?",
            (principal_type, principal_id, role_type),
        ):
            raise OktaError(
                "E0000090",
                409,
                "Duplicate role assignment exception",
                ["The role specified is already assigned to the user."],
            )
        role_id, now = self.new_id("ra1"), self.now()
        self.db.execute(
            "INSERT INTO okta_role_assignments(id, principal_type, principal_id, type, created,"
            " last_updated) VALUES (?, ?, ?, ?, ?, ?)",
            (role_id, principal_type, principal_id, role_type, now, now),
        )
        self.log(*self.EVENTS[principal_type, True], actor, target)
        return self.role_assignment(principal_type, principal_id, role_id)

    def role_assignment(self, principal_type: str, principal_id: str, role_id: str):
        row = self.db.one(
            "SELECT * FROM okta_role_assignments WHERE id = ? AND principal_type = ?"
            " AND principal_id = ?",
            (role_id, principal_type, principal_id),
        )
        if row is None:
            raise not_found(role_id, "RoleAssignment")
        return row

    def role_assignments(self, principal_type: str, principal_id: str, via_groups: bool = False):
        """A principal's assignments; a user's include its groups' when ``via_groups``."""
        self._principal_target(principal_type, principal_id)
        groups = "SELECT group_id FROM okta_members WHERE user_id = ?" if via_groups else "''"
        params = (
            (principal_type, principal_id, principal_id)
            if via_groups
            else (principal_type, principal_id)
        )
        return self.db.all(
            "SELECT * FROM okta_role_assignments WHERE (principal_type = ? AND principal_id = ?)"
            f" OR (principal_type = 'GROUP' AND principal_id IN ({groups})) ORDER BY rowid",
            params,
        )

    def unassign_role(
        self, principal_type: str, principal_id: str, role_id: str, actor: dict | None = None
    ) -> None:
        row = self.role_assignment(principal_type, principal_id, role_id)
        self.db.execute("DELETE FROM okta_role_assignments WHERE id = ?", (row["id"],))
        self.log(
            *self.EVENTS[principal_type, False],
            actor,
            self._principal_target(principal_type, principal_id),
        )
