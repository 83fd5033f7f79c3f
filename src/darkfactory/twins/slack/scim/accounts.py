"""SCIM Users as changes to the workspace, with no HTTP: the SCIM endpoints and Okta's
provisioning into Slack both go through here, so both obey the same rules (unique user names
and emails, new members join #general, deactivation ends every session)."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.slack.scim.resources import ScimError, user_fields
from darkfactory.twins.slack.state import PEOPLE, SlackState


def user_row(state: SlackState, user_id: str):
    row = state.db.one(f"SELECT * FROM slack_users WHERE id = ? AND {PEOPLE}", (user_id,))
    if row is None:
        raise ScimError("user_not_found", 404)
    return row


def create_account(state: SlackState, body: dict[str, Any]) -> str:
    """A new workspace member from a SCIM User; returns the new user's id."""
    fields = user_fields(body)
    columns = fields["columns"]
    if not columns.get("name") or not columns.get("email"):
        raise ScimError("missing_required_fields: userName and emails", 400)
    for column, error in (("name", "username_taken"), ("email", "email_taken")):
        if state.db.one(
            f"SELECT 1 FROM slack_users WHERE lower({column}) = lower(?)", (columns[column],)
        ):
            raise ScimError(error, 409)
    profile = fields["profile"]
    real = " ".join(p for p in (profile.get("first_name"), profile.get("last_name")) if p)
    user_id = state.create_user(
        columns["name"],
        real or columns["name"],
        columns["email"],
        display_name=profile.get("display_name", ""),
        title=profile.get("title", ""),
    )
    general = state.db.one("SELECT id FROM slack_channels WHERE is_general = 1")
    if general:
        state.add_member(general["id"], user_id)
    return user_id


def update_account(state: SlackState, user_id: str, body: dict[str, Any]) -> None:
    """Apply a SCIM User (PUT or PATCH body) to a member; ``active: false`` deactivates."""
    changes = user_fields(body)
    columns = changes["columns"]
    if "name" in columns and state.db.one(
        "SELECT 1 FROM slack_users WHERE name = ? AND id != ?", (columns["name"], user_id)
    ):
        raise ScimError("username_taken", 409)
    if "email" in columns and state.db.one(
        "SELECT 1 FROM slack_users WHERE lower(email) = lower(?) AND id != ?",
        (columns["email"], user_id),
    ):
        raise ScimError("email_taken", 409)
    row = user_row(state, user_id)
    profile = {**json.loads(row["profile"]), **changes["profile"]}
    if "email" in columns:
        profile["email"] = columns["email"]
    real = " ".join(p for p in (profile.get("first_name"), profile.get("last_name")) if p)
    if real:
        profile["real_name"] = real
    assignments = {
        **columns,
        "profile": json.dumps(profile),
        "real_name": real or row["real_name"],
        "updated": state.now(),
    }
    sets = ", ".join(f"{column} = ?" for column in assignments)
    state.db.execute(
        f"UPDATE slack_users SET {sets} WHERE id = ?", (*assignments.values(), user_id)
    )
    if columns.get("deleted") == 1:
        state.universe.tokens.revoke_principal("slack", user_id)
