"""``admin.teams.*``: workspaces of the org, their owners, admins and settings."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page

DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]{0,20}$")
DISCOVERABILITY = ("open", "invite_only", "closed", "unlisted")


def _team(call: SlackCall, team_id: str | None = None) -> sqlite3.Row:
    """A workspace with its settings: ``team_id`` or the call's ``team_id`` argument."""
    row = call.state.db.one(
        "SELECT t.*, s.description, s.discoverability, s.icon, s.default_channels, "
        "s.primary_owner FROM slack_teams t LEFT JOIN slack_team_settings s ON s.team_id = t.id "
        "WHERE t.id = ?",
        (team_id or call.require("team_id", "team_not_found"),),
    )
    if row is None:
        raise SlackError("team_not_found")
    return row


def _people(call: SlackCall, team: sqlite3.Row, role: str) -> list[str]:
    rows = call.state.db.all(
        f"SELECT id FROM slack_users WHERE team_id = ? AND {role} = 1 AND deleted = 0 "
        "ORDER BY rowid",
        (team["id"],),
    )
    ids = [r["id"] for r in rows]
    if team["primary_owner"] and team["primary_owner"] not in ids:
        ids.insert(0, team["primary_owner"])
    return ids


def _set(call: SlackCall, **columns: Any) -> dict:
    team = _team(call)
    call.state.db.execute(
        "INSERT OR IGNORE INTO slack_team_settings(team_id) VALUES (?)", (team["id"],)
    )
    for column, value in columns.items():
        call.state.db.execute(
            f"UPDATE slack_team_settings SET {column} = ? WHERE team_id = ?", (value, team["id"])
        )
    return {}


@web_method("admin.teams.create", scopes="admin.teams:write")
def create(call: SlackCall) -> dict:
    domain = str(call.require("team_domain")).lower()
    name = call.require("team_name")
    if not DOMAIN.match(domain):
        raise SlackError("bad_url")
    if call.state.db.one("SELECT 1 FROM slack_teams WHERE domain = ?", (domain,)):
        raise SlackError("domain_taken")
    discoverability = call.get("team_discoverability", "invite_only")
    if discoverability not in DISCOVERABILITY:
        raise SlackError("discoverability_setting_invalid")
    team_id = call.state.new_id("T")
    org = call.state.team()
    call.state.db.insert(
        "slack_teams",
        {
            "id": team_id,
            "name": name,
            "domain": domain,
            "email_domain": org["email_domain"],
            "enterprise_id": org["enterprise_id"],
            "created": call.state.now(),
        },
    )
    call.state.db.insert(
        "slack_team_settings",
        {
            "team_id": team_id,
            "description": call.get("team_description", ""),
            "discoverability": discoverability,
            "primary_owner": call.user,
        },
    )
    return {"team": team_id}


@web_method("admin.teams.list", scopes="admin.teams:read")
def list_(call: SlackCall) -> dict:
    ids = [r["id"] for r in call.state.db.all("SELECT id FROM slack_teams ORDER BY created, id")]
    chunk, meta = page(call, ids, default_limit=100)
    teams = []
    for team_id in chunk:
        team = _team(call, team_id)
        owner = _people(call, team, "is_primary_owner")
        email = call.state.db.scalar("SELECT email FROM slack_users WHERE id = ?", owner[:1])
        teams.append(
            {
                "id": team["id"],
                "name": team["name"],
                "discoverability": team["discoverability"] or "invite_only",
                "primary_owner": {"user_id": owner[0] if owner else None, "email": email},
                "team_url": f"{call.universe.url}/slack/{team['domain']}/",
            }
        )
    return {"teams": teams, "response_metadata": meta}


@web_method("admin.teams.admins.list", scopes="admin.teams:read")
def admins_list(call: SlackCall) -> dict:
    chunk, meta = page(call, _people(call, _team(call), "is_admin"))
    return {"admin_ids": chunk, "response_metadata": meta}


@web_method("admin.teams.owners.list", scopes="admin.teams:read")
def owners_list(call: SlackCall) -> dict:
    chunk, meta = page(call, _people(call, _team(call), "is_owner"))
    return {"owner_ids": chunk, "response_metadata": meta}


@web_method("admin.teams.settings.info", scopes="admin.teams:read")
def settings_info(call: SlackCall) -> dict:
    team = _team(call)
    icon = team["icon"]
    return {
        "team": {
            "id": team["id"],
            "name": team["name"],
            "domain": team["domain"],
            "email_domain": team["email_domain"],
            "enterprise_id": team["enterprise_id"],
            "description": team["description"] or "",
            "discoverability": team["discoverability"] or "invite_only",
            "default_channels": json.loads(team["default_channels"] or "[]"),
            "icon": {"image_default": icon is None, **({"image_original": icon} if icon else {})},
        }
    }


@web_method("admin.teams.settings.setName", scopes="admin.teams:write")
def settings_set_name(call: SlackCall) -> dict:
    team = _team(call)
    call.state.db.execute(
        "UPDATE slack_teams SET name = ? WHERE id = ?", (call.require("name"), team["id"])
    )
    return {}


@web_method("admin.teams.settings.setDescription", scopes="admin.teams:write")
def settings_set_description(call: SlackCall) -> dict:
    return _set(call, description=call.require("description"))


@web_method("admin.teams.settings.setDiscoverability", scopes="admin.teams:write")
def settings_set_discoverability(call: SlackCall) -> dict:
    value = call.require("discoverability")
    if value not in DISCOVERABILITY:
        raise SlackError("discoverability_setting_invalid")
    return _set(call, discoverability=value)


@web_method("admin.teams.settings.setIcon", scopes="admin.teams:write")
def settings_set_icon(call: SlackCall) -> dict:
    url = str(call.require("image_url"))
    if not url.startswith(("http://", "https://")):
        raise SlackError("invalid_url")
    return _set(call, icon=url)


@web_method("admin.teams.settings.setDefaultChannels", scopes="admin.teams:write")
def settings_set_default_channels(call: SlackCall) -> dict:
    channels = call.listing("channel_ids")
    if not channels:
        raise SlackError("invalid_arguments")
    for channel_id in channels:
        if call.state.channel(channel_id)["kind"] != "public":
            raise SlackError("restricted_action")
    return _set(call, default_channels=json.dumps(channels))
