"""Applications and their assignments: users directly, or through assigned groups. No HTTP here.

An app's users are its direct assignments (scope ``USER``) plus the members of its assigned
groups (scope ``GROUP``); ``after_assignment_change`` is called whenever that set may have moved.
"""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.okta.apps.provisioning import PROVISIONERS, reconcile
from darkfactory.twins.okta.errors import OktaError, not_found, validation

SIGN_ON_MODES = (
    "BOOKMARK",
    "AUTO_LOGIN",
    "BASIC_AUTH",
    "BROWSER_PLUGIN",
    "OPENID_CONNECT",
    "SAML_2_0",
    "SECURE_PASSWORD_STORE",
    "WS_FEDERATION",
)


class AppState:
    """Mixed into ``OktaState``: apps, app users and app group assignments."""

    def create_app(self, payload: dict[str, Any], activate: bool = True) -> dict:
        mode = payload.get("signOnMode")
        if mode not in SIGN_ON_MODES:
            raise validation("signOnMode", f"signOnMode: '{mode}' is not a valid sign-on mode")
        if not payload.get("label"):
            raise validation("label", "label: The field cannot be left blank")
        app_id = self.new_id("0oa")
        now = self.now()
        credentials = payload.get("credentials") or {}
        if mode == "OPENID_CONNECT":
            client = credentials.get("oauthClient") or {}
            method = client.get("token_endpoint_auth_method", "client_secret_basic")
            client = {
                "autoKeyRotation": True,
                "client_id": app_id,
                "token_endpoint_auth_method": method,
                **client,
            }
            if method != "none":
                client["client_secret"] = self.universe.ids.token(
                    "okta.client-secret", 40, MIXED_ALNUM
                )
            credentials = {**credentials, "oauthClient": client}
        self.db.execute(
            "INSERT INTO okta_apps(id, name, label, sign_on_mode, status, settings, credentials,"
            " created, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                app_id,
                payload.get("name") or mode.lower(),
                payload["label"],
                mode,
                "ACTIVE" if activate else "INACTIVE",
                json.dumps(payload.get("settings") or {}),
                json.dumps(credentials),
                now,
                now,
            ),
        )
        return self.app(app_id)

    def app(self, app_id: str) -> dict:
        row = self.db.one("SELECT * FROM okta_apps WHERE id = ?", (app_id,))
        if row is None:
            raise not_found(app_id, "AppInstance")
        return {
            **dict(row),
            "settings": json.loads(row["settings"]),
            "credentials": json.loads(row["credentials"]),
        }

    def apps(self) -> list[dict]:
        return [self.app(r["id"]) for r in self.db.all("SELECT id FROM okta_apps ORDER BY rowid")]

    def replace_app(self, app_id: str, payload: dict[str, Any]) -> dict:
        app = self.app(app_id)
        if payload.get("signOnMode", app["sign_on_mode"]) != app["sign_on_mode"]:
            raise validation("signOnMode", "signOnMode: cannot be changed")
        self.db.execute(
            "UPDATE okta_apps SET label = ?, settings = ?, credentials = ?, last_updated = ?"
            " WHERE id = ?",
            (
                payload.get("label") or app["label"],
                json.dumps(payload.get("settings", app["settings"])),
                json.dumps(payload.get("credentials", app["credentials"])),
                self.now(),
                app_id,
            ),
        )
        return self.app(app_id)

    def set_app_status(self, app_id: str, status: str) -> None:
        self.app(app_id)
        self.db.execute(
            "UPDATE okta_apps SET status = ?, last_updated = ? WHERE id = ?",
            (status, self.now(), app_id),
        )
        self.after_assignment_change(app_id)

    def delete_app(self, app_id: str) -> None:
        if self.app(app_id)["status"] != "INACTIVE":
            raise OktaError(
                "E0000056",
                400,
                "Delete application forbidden.",
                ["The application must be deactivated before it can be deleted."],
            )
        self.db.execute("DELETE FROM okta_apps WHERE id = ?", (app_id,))

    # -- assignments ----------------------------------------------------------------------------
    def assign_user(
        self,
        app_id: str,
        user_id: str,
        profile: dict,
        user_name: str | None,
        actor: dict | None = None,
    ) -> dict:
        app, user = self.app(app_id), self.user(user_id)
        now = self.now()
        self.db.execute(
            "INSERT INTO okta_app_users(app_id, user_id, profile, user_name, created, last_updated)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(app_id, user_id) DO UPDATE SET"
            " profile = excluded.profile, user_name = excluded.user_name,"
            " last_updated = excluded.last_updated",
            (app["id"], user["id"], json.dumps(profile), user_name, now, now),
        )
        self.log(
            "application.user_membership.add",
            "Add user to application membership",
            actor,
            self.user_target(user["id"]),
            self.app_target(app),
        )
        self.after_assignment_change(app["id"])
        return self.app_user(app["id"], user["id"])

    def update_app_user(
        self, app_id: str, user_id: str, profile: dict, user_name: str | None = None
    ) -> dict:
        """Merge ``profile`` into an app user's; a ``user_name`` replaces its app username."""
        current = self.app_user(app_id, user_id)
        merged = {**current["profile"], **profile}
        self.db.execute(
            "INSERT INTO okta_app_users(app_id, user_id, profile, user_name, created, last_updated)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(app_id, user_id) DO UPDATE SET"
            " profile = excluded.profile, last_updated = excluded.last_updated,"
            " user_name = COALESCE(?, okta_app_users.user_name)",
            (
                app_id,
                current["user_id"],
                json.dumps(merged),
                user_name,
                self.now(),
                self.now(),
                user_name,
            ),
        )
        self.after_assignment_change(app_id)
        return self.app_user(app_id, current["user_id"])

    def unassign_user(self, app_id: str, user_id: str, actor: dict | None = None) -> None:
        app, user = self.app(app_id), self.user(user_id)
        removed = self.db.execute(
            "DELETE FROM okta_app_users WHERE app_id = ? AND user_id = ?", (app["id"], user["id"])
        ).rowcount
        if not removed:
            raise not_found(user_id, "AppUser")
        self.log(
            "application.user_membership.remove",
            "Remove user from application membership",
            actor,
            self.user_target(user["id"]),
            self.app_target(app),
        )
        self.after_assignment_change(app["id"])

    def assign_group(self, app_id: str, group_id: str, priority: int, profile: dict) -> dict:
        app, group = self.app(app_id), self.group(group_id)
        self.db.execute(
            "INSERT INTO okta_app_groups(app_id, group_id, priority, profile, last_updated)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(app_id, group_id) DO UPDATE SET"
            " priority = excluded.priority, profile = excluded.profile,"
            " last_updated = excluded.last_updated",
            (app["id"], group["id"], priority, json.dumps(profile), self.now()),
        )
        self.after_assignment_change(app["id"])
        return self.app_group(app["id"], group["id"])

    def app_group(self, app_id: str, group_id: str) -> dict:
        row = self.db.one(
            "SELECT * FROM okta_app_groups WHERE app_id = ? AND group_id = ?",
            (self.app(app_id)["id"], group_id),
        )
        if row is None:
            raise not_found(group_id, "ApplicationGroupAssignment")
        return {**dict(row), "profile": json.loads(row["profile"])}

    def app_groups(self, app_id: str) -> list[dict]:
        rows = self.db.all(
            "SELECT group_id FROM okta_app_groups WHERE app_id = ? ORDER BY priority, rowid",
            (self.app(app_id)["id"],),
        )
        return [self.app_group(app_id, r["group_id"]) for r in rows]

    def unassign_group(self, app_id: str, group_id: str) -> None:
        self.app_group(app_id, group_id)
        self.db.execute(
            "DELETE FROM okta_app_groups WHERE app_id = ? AND group_id = ?", (app_id, group_id)
        )
        self.after_assignment_change(app_id)

    def app_user(self, app_id: str, user_id: str) -> dict:
        user = self.user(user_id)
        for app_user in self.app_users(app_id):
            if app_user["user_id"] == user["id"]:
                return app_user
        raise not_found(user_id, "AppUser")

    def app_users(self, app_id: str) -> list[dict]:
        """Direct assignments, then users who reach the app through an assigned group."""
        app_id = self.app(app_id)["id"]
        rows = self.db.all(
            "SELECT u.id AS user_id, au.profile, au.user_name, au.created, au.last_updated,"
            " au.app_id IS NOT NULL AS direct FROM okta_users u"
            " LEFT JOIN okta_app_users au ON au.user_id = u.id AND au.app_id = :app"
            " WHERE au.app_id IS NOT NULL OR EXISTS (SELECT 1 FROM okta_members m"
            "  JOIN okta_app_groups ag ON ag.group_id = m.group_id"
            "  WHERE m.user_id = u.id AND ag.app_id = :app) ORDER BY u.rowid",
            {"app": app_id},
        )
        answer = []
        for row in rows:
            user = self.user(row["user_id"])
            answer.append(
                {
                    "app_id": app_id,
                    "user_id": user["id"],
                    "user": user,
                    "scope": "USER" if row["direct"] else "GROUP",
                    "profile": json.loads(row["profile"] or "{}"),
                    "user_name": row["user_name"] or user["login"],
                    "created": row["created"] or user["created"],
                    "last_updated": row["last_updated"] or user["last_updated"],
                }
            )
        return answer

    def user_apps(self, user_id: str) -> list[dict]:
        user = self.user(user_id)
        return [
            a
            for a in self.apps()
            if a["status"] == "ACTIVE"
            and any(au["user_id"] == user["id"] for au in self.app_users(a["id"]))
        ]

    def app_target(self, app: dict) -> dict:
        return {
            "id": app["id"],
            "type": "AppInstance",
            "alternateId": app["label"],
            "displayName": app["label"],
        }

    def after_assignment_change(self, app_id: str) -> None:
        """Push the change to the twin the app provisions into, if it is linked to one."""
        reconcile(self, app_id)

    def after_user_change(self) -> None:
        """A user's status, profile or groups moved: reconcile every provisioning app."""
        for app in self.apps():
            if app["name"] in PROVISIONERS:
                reconcile(self, app["id"])
