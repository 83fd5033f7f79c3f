"""Provisioning: pushing an Okta app's assigned users into another twin of the universe.

An app is linked to a twin by its OIN name (an app named ``slack`` provisions into the Slack twin).
``Provisioner`` is the small interface a target implements; ``SlackProvisioner`` pushes SCIM Users
through the Slack twin's SCIM layer, so Okta's users obey the same rules as any IdP's. What is
sent is the app user profile the app's profile mapping computes (``mappings.mapped``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Protocol

from darkfactory.twins.kit.operation import current_call
from darkfactory.twins.okta.apps.mappings import mapped
from darkfactory.twins.slack.scim.accounts import create_account, update_account
from darkfactory.twins.slack.scim.routes import announce

PROVISIONING_FEATURES = [
    "PUSH_NEW_USERS",
    "PUSH_PROFILE_UPDATES",
    "PUSH_USER_DEACTIVATION",
    "REACTIVATE_USERS",
]
# Statuses in which an assigned user keeps a live account downstream.
LIVE = ("ACTIVE", "PROVISIONED", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT")


class Provisioner(Protocol):
    def create(self, profile: dict) -> str:
        """Create (or adopt, matched by email) the account from a mapped app user ``profile``;
        returns its id there."""

    def update(self, external_id: str, profile: dict) -> None: ...

    def deprovision(self, external_id: str) -> None: ...

    def reactivate(self, external_id: str) -> None: ...


class SlackProvisioner:
    """Pushes users into Slack as SCIM Users, through the Slack twin's SCIM layer; Slack's apps
    hear of it as they would from any IdP (``team_join``, ``user_change``)."""

    def __init__(self, twin) -> None:
        self.twin = twin
        self.state = twin.state

    def _announce(self, kind: str, user_id: str) -> None:
        call = current_call.get()
        if call is not None:
            announce(replace(call, twin=self.twin), kind, user_id)

    @staticmethod
    def _scim_user(profile: dict) -> dict:
        scim = {
            "name": {
                "givenName": profile.get("givenName"),
                "familyName": profile.get("familyName"),
            },
            "emails": [{"value": profile.get("email"), "primary": True}],
            "title": profile.get("title") or "",
        }
        return (
            {**scim, "displayName": profile["displayName"]} if profile.get("displayName") else scim
        )

    def create(self, profile: dict) -> str:
        email = profile.get("email") or ""
        existing = self.state.db.one(
            "SELECT id FROM slack_users WHERE lower(email) = lower(?)", (email,)
        )
        if existing is not None:
            self.reactivate(existing["id"])
            return existing["id"]
        handle = name = (profile.get("userName") or email.split("@")[0]).lower()
        suffix = 1
        while self.state.db.one("SELECT 1 FROM slack_users WHERE lower(name) = ?", (name,)):
            suffix += 1
            name = f"{handle}{suffix}"
        user_id = create_account(self.state, {"userName": name, **self._scim_user(profile)})
        self._announce("team_join", user_id)
        return user_id

    def update(self, external_id: str, profile: dict) -> None:
        self._change(external_id, self._scim_user(profile))

    def deprovision(self, external_id: str) -> None:
        self._change(external_id, {"active": False})

    def reactivate(self, external_id: str) -> None:
        self._change(external_id, {"active": True})

    def _change(self, user_id: str, changes: dict) -> None:
        update_account(self.state, user_id, changes)
        self._announce("user_change", user_id)


PROVISIONERS = {"slack": SlackProvisioner}


def provisioner_for(universe, app: dict) -> Provisioner | None:
    """The provisioner of the twin ``app`` is linked to, if that twin runs in this universe."""
    target = PROVISIONERS.get(app["name"])
    twin = universe.twins.get(app["name"])
    return target(twin) if target and twin is not None else None


def reconcile(state, app_id: str) -> None:
    """Bring the linked twin in line with who is assigned to ``app_id`` and how they look."""
    app = state.app(app_id)
    target = provisioner_for(state.universe, app)
    if target is None:
        return
    wanted = {}
    if app["status"] == "ACTIVE":
        wanted = {
            au["user_id"]: au["user"]
            for au in state.app_users(app_id)
            if au["user"]["status"] in LIVE
        }
    pushed = {
        r["user_id"]: r
        for r in state.db.all("SELECT * FROM okta_app_pushes WHERE app_id = ?", (app_id,))
    }
    for user_id, row in pushed.items():
        if row["active"] and user_id not in wanted:
            target.deprovision(row["external_id"])
            _record(
                state,
                app,
                user_id,
                row["external_id"],
                0,
                row["profile"],
                "application.provision.user.deactivate",
                "Deactivate user in app",
            )
    for user_id, user in wanted.items():
        row = pushed.get(user_id)
        profile = mapped(state, app_id, user["profile"])
        snapshot = json.dumps(profile, sort_keys=True)
        if row is None:
            external_id = target.create(profile)
            _record(
                state,
                app,
                user_id,
                external_id,
                1,
                snapshot,
                "application.provision.user.push",
                "Push new user to external application",
            )
        elif not row["active"]:
            target.reactivate(row["external_id"])
            target.update(row["external_id"], profile)
            _record(
                state,
                app,
                user_id,
                row["external_id"],
                1,
                snapshot,
                "application.provision.user.reactivate",
                "Reactivate user in app",
            )
        elif row["profile"] != snapshot:
            target.update(row["external_id"], profile)
            _record(
                state,
                app,
                user_id,
                row["external_id"],
                1,
                snapshot,
                "application.provision.user.push_profile",
                "Push user's profile to external application",
            )


def _record(
    state,
    app: dict,
    user_id: str,
    external_id: str,
    active: int,
    profile: str,
    event: str,
    message: str,
) -> None:
    state.db.execute(
        "INSERT INTO okta_app_pushes(app_id, user_id, external_id, active, profile)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(app_id, user_id) DO UPDATE SET"
        " external_id = excluded.external_id, active = excluded.active,"
        " profile = excluded.profile",
        (app["id"], user_id, external_id, active, profile),
    )
    target = {**state.app_target(app), "detailEntry": {"externalId": external_id}}
    state.log(event, message, None, state.user_target(user_id), target)
