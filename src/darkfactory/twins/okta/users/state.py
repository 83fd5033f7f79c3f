"""Users and their lifecycle: profiles, statuses and transitions. No HTTP here."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.okta.errors import OktaError, not_allowed, not_found, validation
from darkfactory.twins.okta.schemas.profile import ProfileSchema

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


class UserState:
    """Mixed into ``OktaState``: users, their profiles and lifecycle."""

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
            " last_updated, password_changed) VALUES (?, 'STAGED', ?, ?, ?, ?, NULL, ?, ?)",
            (
                user_id,
                profile["login"],
                json.dumps(profile),
                password,
                now,
                now,
                now if password else None,
            ),
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

    def user_target(self, user_id: str) -> dict:
        user = self.user(user_id)
        name = f"{user['profile'].get('firstName', '')} {user['profile'].get('lastName', '')}"
        return {
            "id": user["id"],
            "type": "User",
            "alternateId": user["login"],
            "displayName": name.strip(),
        }
