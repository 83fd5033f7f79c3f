"""Okta org state: users and their lifecycle, groups and rules, the System Log. No HTTP here."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.state import TwinState
from darkfactory.twins.okta.app_state import AppState
from darkfactory.twins.okta.credential_state import CredentialState
from darkfactory.twins.okta.errors import OktaError, not_allowed, not_found, validation
from darkfactory.twins.okta.permissions import RoleState
from darkfactory.twins.okta.profile_schema import ProfileSchema
from darkfactory.twins.okta.rule_expressions import compile_rule

STATUSES = (
    "STAGED",
    "PROVISIONED",
    "ACTIVE",
    "RECOVERY",
    "PASSWORD_EXPIRED",
    "LOCKED_OUT",
    "SUSPENDED",
    "DEPROVISIONED",
)


def state_of(call) -> OktaState:
    return call.twin.state


class OktaState(TwinState, AppState, CredentialState, RoleState):
    def new_id(self, prefix: str) -> str:
        """Okta ids: 20 characters, a two-letter kind prefix then a ``0g4``-style tail."""
        return prefix + self.universe.ids.token(f"okta.{prefix}", 17, MIXED_ALNUM)

    # -- users ----------------------------------------------------------------------------------
    def create_user(
        self,
        profile: dict[str, Any],
        password: str | None = None,
        activate: bool = True,
        actor: dict | None = None,
        group_ids: list[str] = (),
    ) -> dict:
        self._check_profile(profile)
        now = self.now()
        user_id = self.new_id("00u")
        self.db.execute(
            "INSERT INTO okta_users(id, status, login, profile, password, created, status_changed,"
            " last_updated) VALUES (?, 'STAGED', ?, ?, ?, ?, NULL, ?)",
            (user_id, profile["login"], json.dumps(profile), password, now, now),
        )
        self.log("user.lifecycle.create", "Create Okta user", actor, self.user_target(user_id))
        everyone = self.db.scalar("SELECT id FROM okta_groups WHERE type = 'BUILT_IN'")
        for group_id in [everyone, *group_ids] if everyone else group_ids:
            self.add_member(group_id, user_id, actor)
        if activate:
            self.activate(user_id, actor)
        self.apply_rules(user_id)
        return self.user(user_id)

    def _check_profile(self, profile: dict[str, Any], user_id: str | None = None) -> None:
        def taken(name: str, value: Any) -> bool:
            if name == "login":  # indexed, case-insensitive
                other = self.find_user(str(value))
                return other is not None and other["id"] != user_id
            wanted = str(value).lower()
            return any(
                str(u["profile"].get(name, "")).lower() == wanted
                for u in self.users()
                if u["id"] != user_id
            )

        ProfileSchema(self.db).check(profile, taken)

    def find_user(self, id_or_login: str) -> dict | None:
        row = self.db.one(
            "SELECT * FROM okta_users WHERE id = ? OR login = ?", (id_or_login, id_or_login)
        )
        return None if row is None else {**dict(row), "profile": json.loads(row["profile"])}

    def user(self, id_or_login: str) -> dict:
        found = self.find_user(id_or_login)
        if found is None:
            raise not_found(id_or_login, "User")
        return found

    def users(self) -> list[dict]:
        rows = self.db.all("SELECT id FROM okta_users ORDER BY rowid")
        return [self.user(r["id"]) for r in rows]

    def update_profile(
        self, user_id: str, profile: dict[str, Any], replace: bool, actor: dict | None = None
    ) -> dict:
        user = self.user(user_id)
        merged = profile if replace else {**user["profile"], **profile}
        self._check_profile(merged, user["id"])
        self.db.execute(
            "UPDATE okta_users SET profile = ?, login = ?, last_updated = ? WHERE id = ?",
            (json.dumps(merged), merged["login"], self.now(), user["id"]),
        )
        self.log(
            "user.account.update_profile",
            "Update user profile for Okta",
            actor,
            self.user_target(user["id"]),
        )
        self.apply_rules(user["id"])
        self.after_user_change()
        return self.user(user["id"])

    # -- lifecycle ------------------------------------------------------------------------------
    def _move(self, user: dict, status: str, event: str, message: str, actor: dict | None) -> dict:
        now = self.now()
        activated = (
            now
            if status in ("ACTIVE", "PROVISIONED") and not user["activated"]
            else user["activated"]
        )
        self.db.execute(
            "UPDATE okta_users SET status = ?, status_changed = ?, last_updated = ?, activated = ?"
            " WHERE id = ?",
            (status, now, now, activated, user["id"]),
        )
        self.log(event, message, actor, self.user_target(user["id"]))
        self.apply_rules(user["id"])
        self.after_user_change()
        return self.user(user["id"])

    def activate(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] not in ("STAGED", "DEPROVISIONED"):
            raise OktaError("E0000016", 403, "Activation failed because the user is already active")
        status = "ACTIVE" if user["password"] else "PROVISIONED"
        return self._move(user, status, "user.lifecycle.activate", "Activate Okta user", actor)

    def reactivate(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] != "PROVISIONED":
            raise not_allowed("This operation is not allowed in the user's current status.")
        return self._move(
            user, "PROVISIONED", "user.lifecycle.reactivate", "Reactivate Okta user", actor
        )

    def deactivate(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] == "DEPROVISIONED":
            raise not_allowed("This operation is not allowed in the user's current status.")
        return self._move(
            user, "DEPROVISIONED", "user.lifecycle.deactivate", "Deactivate Okta user", actor
        )

    def suspend(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] != "ACTIVE":
            raise validation("suspendUser", "Cannot suspend a user that is not active")
        return self._move(user, "SUSPENDED", "user.lifecycle.suspend", "Suspend Okta user", actor)

    def unsuspend(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] != "SUSPENDED":
            raise validation("unsuspendUser", "Cannot unsuspend a user that is not suspended")
        return self._move(user, "ACTIVE", "user.lifecycle.unsuspend", "Unsuspend Okta user", actor)

    def unlock(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] != "LOCKED_OUT":
            raise not_allowed("Unlock is not allowed for this user.")
        return self._move(user, "ACTIVE", "user.account.unlock", "Unlock user account", actor)

    def lock_out(self, user_id: str) -> dict:
        """Too many failed sign-ins: ACTIVE becomes LOCKED_OUT."""
        user = self.user(user_id)
        return self._move(
            user, "LOCKED_OUT", "user.account.lock", "Max sign in attempts exceeded", None
        )

    def expire_password(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] not in ("ACTIVE", "PASSWORD_EXPIRED", "RECOVERY"):
            raise not_allowed()
        return self._move(
            user, "PASSWORD_EXPIRED", "user.password.reset", "Expire user password", actor
        )

    def reset_password(self, user_id: str, actor: dict | None = None) -> dict:
        user = self.user(user_id)
        if user["status"] in ("STAGED", "DEPROVISIONED", "SUSPENDED"):
            raise not_allowed()
        return self._move(
            user,
            "RECOVERY",
            "user.account.reset_password",
            "Fired when the user's Okta password is reset",
            actor,
        )

    def delete_user(self, user_id: str, actor: dict | None = None) -> None:
        """Okta's rule: the first DELETE deactivates; only a DEPROVISIONED user is removed."""
        user = self.user(user_id)
        if user["status"] != "DEPROVISIONED":
            self.deactivate(user["id"], actor)
            return
        self.log(
            "user.lifecycle.delete.initiated",
            "Delete Okta user",
            actor,
            self.user_target(user["id"]),
        )
        self.db.execute("DELETE FROM okta_users WHERE id = ?", (user["id"],))

    # -- groups ---------------------------------------------------------------------------------
    def create_group(self, profile: dict[str, Any], type_: str = "OKTA_GROUP") -> str:
        now = self.now()
        group_id = self.new_id("00g")
        self.db.execute(
            "INSERT INTO okta_groups(id, type, profile, created, last_updated,"
            " last_membership_updated) VALUES (?, ?, ?, ?, ?, ?)",
            (group_id, type_, json.dumps(profile), now, now, now),
        )
        return group_id

    def group(self, group_id: str) -> dict:
        row = self.db.one("SELECT * FROM okta_groups WHERE id = ?", (group_id,))
        if row is None:
            raise not_found(group_id, "UserGroup")
        return {**dict(row), "profile": json.loads(row["profile"])}

    def groups(self) -> list[dict]:
        rows = self.db.all("SELECT id FROM okta_groups ORDER BY rowid")
        return [self.group(r["id"]) for r in rows]

    def update_group(self, group_id: str, profile: dict[str, Any]) -> dict:
        group = self.group(group_id)
        if group["type"] != "OKTA_GROUP":
            raise OktaError(
                "E0000006", 403, "You do not have permission to perform the requested action"
            )
        self.db.execute(
            "UPDATE okta_groups SET profile = ?, last_updated = ? WHERE id = ?",
            (json.dumps(profile), self.now(), group_id),
        )
        return self.group(group_id)

    def delete_group(self, group_id: str) -> None:
        group = self.group(group_id)
        if group["type"] == "BUILT_IN":
            raise OktaError(
                "E0000006", 403, "You do not have permission to perform the requested action"
            )
        self.db.execute("DELETE FROM okta_groups WHERE id = ?", (group_id,))

    def add_member(
        self, group_id: str, user_id: str, actor: dict | None = None, rule_id: str | None = None
    ) -> None:
        group, user = self.group(group_id), self.user(user_id)
        added = self.db.execute(
            "INSERT OR IGNORE INTO okta_members(group_id, user_id, rule_id) VALUES (?, ?, ?)",
            (group["id"], user["id"], rule_id),
        ).rowcount
        if added:
            self._membership_changed(
                group, user, "group.user_membership.add", "Add user to group membership", actor
            )

    def remove_member(self, group_id: str, user_id: str, actor: dict | None = None) -> None:
        group, user = self.group(group_id), self.user(user_id)
        removed = self.db.execute(
            "DELETE FROM okta_members WHERE group_id = ? AND user_id = ?", (group["id"], user["id"])
        ).rowcount
        if removed:
            self._membership_changed(
                group,
                user,
                "group.user_membership.remove",
                "Remove user from group membership",
                actor,
            )

    def _membership_changed(
        self, group: dict, user: dict, event: str, message: str, actor: dict | None
    ) -> None:
        self.db.execute(
            "UPDATE okta_groups SET last_membership_updated = ? WHERE id = ?",
            (self.now(), group["id"]),
        )
        target = {
            "id": group["id"],
            "type": "UserGroup",
            "alternateId": "unknown",
            "displayName": group["profile"].get("name", ""),
        }
        self.log(event, message, actor, self.user_target(user["id"]), target)
        self.after_user_change()

    def members(self, group_id: str) -> list[dict]:
        rows = self.db.all(
            "SELECT user_id FROM okta_members m JOIN okta_users u ON u.id = m.user_id"
            " WHERE group_id = ? ORDER BY u.rowid",
            (self.group(group_id)["id"],),
        )
        return [self.user(r["user_id"]) for r in rows]

    def user_groups(self, user_id: str) -> list[dict]:
        rows = self.db.all(
            "SELECT g.* FROM okta_groups g JOIN okta_members m ON m.group_id = g.id "
            "WHERE m.user_id = ? ORDER BY g.rowid",
            (self.user(user_id)["id"],),
        )
        return [{**dict(r), "profile": json.loads(r["profile"])} for r in rows]

    # -- group rules ----------------------------------------------------------------------------
    def create_rule(self, name: str, expression: str, group_ids: list[str]) -> dict:
        self._check_rule(name, expression, group_ids)
        rule_id = self.new_id("0pr")
        now = self.now()
        self.db.execute(
            "INSERT INTO okta_group_rules(id, name, expression, group_ids, created, last_updated)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (rule_id, name, expression, json.dumps(group_ids), now, now),
        )
        return self.rule(rule_id)

    def _check_rule(self, name: str, expression: str, group_ids: list[str]) -> None:
        if not name:
            raise validation("name", "name: The field cannot be left blank")
        try:
            compile_rule(expression)
        except ValueError as error:
            raise validation("conditions.expression.value", str(error)) from error
        if not group_ids:
            raise validation("actions.assignUserToGroups.groupIds", "groupIds: required")
        for group_id in group_ids:
            self.group(group_id)

    def rule(self, rule_id: str) -> dict:
        row = self.db.one("SELECT * FROM okta_group_rules WHERE id = ?", (rule_id,))
        if row is None:
            raise not_found(rule_id, "GroupRule")
        return {**dict(row), "group_ids": json.loads(row["group_ids"])}

    def rules(self) -> list[dict]:
        rows = self.db.all("SELECT id FROM okta_group_rules ORDER BY rowid")
        return [self.rule(r["id"]) for r in rows]

    def update_rule(self, rule_id: str, name: str, expression: str, group_ids: list[str]) -> dict:
        if self.rule(rule_id)["status"] == "ACTIVE":
            raise validation("status", "Cannot update rule in ACTIVE status")
        self._check_rule(name, expression, group_ids)
        self.db.execute(
            "UPDATE okta_group_rules SET name = ?, expression = ?, group_ids = ?, last_updated = ?"
            " WHERE id = ?",
            (name, expression, json.dumps(group_ids), self.now(), rule_id),
        )
        return self.rule(rule_id)

    def set_rule_status(self, rule_id: str, status: str) -> None:
        self.rule(rule_id)
        self.db.execute(
            "UPDATE okta_group_rules SET status = ?, last_updated = ? WHERE id = ?",
            (status, self.now(), rule_id),
        )
        if status == "ACTIVE":
            for user in self.users():
                self.apply_rules(user["id"])

    def delete_rule(self, rule_id: str, remove_users: bool) -> None:
        self.rule(rule_id)
        if remove_users:
            for row in self.db.all(
                "SELECT group_id, user_id FROM okta_members WHERE rule_id = ?", (rule_id,)
            ):
                self.remove_member(row["group_id"], row["user_id"])
        self.db.execute("UPDATE okta_members SET rule_id = NULL WHERE rule_id = ?", (rule_id,))
        self.db.execute("DELETE FROM okta_group_rules WHERE id = ?", (rule_id,))

    def apply_rules(self, user_id: str) -> None:
        """Re-evaluate every active rule for one user: add matches, drop rule-made misfits."""
        user = self.user(user_id)
        groups = {
            r["group_id"]
            for r in self.db.all("SELECT group_id FROM okta_members WHERE user_id = ?", (user_id,))
        }
        subject = {"profile": user["profile"], "groups": groups}
        live = user["status"] not in ("STAGED", "DEPROVISIONED")
        for rule in self.rules():
            if rule["status"] != "ACTIVE":
                continue
            matches = live and compile_rule(rule["expression"])(subject)
            for group_id in rule["group_ids"]:
                if matches:
                    self.add_member(group_id, user_id, rule_id=rule["id"])
                elif self.db.one(
                    "SELECT 1 FROM okta_members WHERE group_id = ? AND user_id = ? AND rule_id = ?",
                    (group_id, user_id, rule["id"]),
                ):
                    self.remove_member(group_id, user_id)

    # -- System Log -----------------------------------------------------------------------------
    def user_target(self, user_id: str) -> dict:
        user = self.user(user_id)
        name = f"{user['profile'].get('firstName', '')} {user['profile'].get('lastName', '')}"
        return {
            "id": user["id"],
            "type": "User",
            "alternateId": user["login"],
            "displayName": name.strip(),
        }

    def log(
        self,
        event_type: str,
        message: str,
        actor: dict | None,
        *targets: dict,
        outcome: str = "SUCCESS",
    ) -> str:
        uuid = self.universe.ids.token("okta.log", 32, "0123456789abcdef")
        uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        self.db.execute(
            "INSERT INTO okta_logs(uuid, published, event_type, display_message, outcome, actor,"
            " target) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                uuid,
                self.now(),
                event_type,
                message,
                outcome,
                json.dumps(
                    actor
                    or {
                        "id": "system",
                        "type": "SystemPrincipal",
                        "alternateId": "system@okta.com",
                        "displayName": "Okta System",
                    }
                ),
                json.dumps(list(targets)),
            ),
        )
        return uuid
