"""Groups, their members and the rules that assign them. No HTTP here."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.okta.errors import OktaError, not_found, validation
from darkfactory.twins.okta.groups.rule_expressions import compile_rule


class GroupState:
    """Mixed into ``OktaState``: groups, memberships and group rules."""

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
