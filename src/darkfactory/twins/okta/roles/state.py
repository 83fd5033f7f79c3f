"""Admin role assignments to users, groups and client apps (``permissions``: what each permits)."""

from __future__ import annotations

from darkfactory.twins.okta.errors import OktaError, not_found, validation
from darkfactory.twins.okta.roles.permissions import STANDARD_ROLES


class RoleState:
    """Mixed into ``OktaState``: standard role assignments to users, groups and client apps."""

    EVENTS = {
        ("USER", True): ("user.account.privilege.grant", "Grant user privilege"),
        ("USER", False): ("user.account.privilege.revoke", "Revoke user privilege"),
        ("GROUP", True): ("group.privilege.grant", "Grant group privilege"),
        ("GROUP", False): ("group.privilege.revoke", "Revoke group privilege"),
        ("CLIENT", True): ("app.oauth2.client.privilege.grant", "Grant client privilege"),
        ("CLIENT", False): ("app.oauth2.client.privilege.revoke", "Revoke client privilege"),
    }

    def _principal_target(self, principal_type: str, principal_id: str) -> dict:
        if principal_type == "USER":
            return self.user_target(principal_id)
        if principal_type == "CLIENT":
            return self.app_target(self.app(principal_id))
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
