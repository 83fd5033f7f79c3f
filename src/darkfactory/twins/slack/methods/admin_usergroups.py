"""``admin.usergroups.*``: an org admin's hold on user groups' default channels."""

from __future__ import annotations

import json
import sqlite3

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.admin_conversations import teams_of


def _group(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_usergroups WHERE id = ?",
        (call.require("usergroup_id", "usergroup_not_found"),),
    )
    if row is None:
        raise SlackError("usergroup_not_found")
    return row


def _channels(call: SlackCall, group: sqlite3.Row) -> list[str]:
    """The ``channel_ids`` asked for; each must be in one of the group's workspaces."""
    channels = call.listing("channel_ids")
    if not channels:
        raise SlackError("invalid_arguments")
    served = set(teams_of_group(call, group["id"]))
    for channel_id in channels:
        call.state.channel(channel_id)
        if not served & set(teams_of(call, channel_id)):
            raise SlackError("channel_not_found")
    return channels


def _save(call: SlackCall, row: sqlite3.Row, channels: list[str]) -> dict:
    call.state.db.execute(
        "UPDATE slack_usergroups SET channels = ?, updated_by = ?, date_update = ? WHERE id = ?",
        (json.dumps(channels), call.user, call.state.now(), row["id"]),
    )
    return {}


@web_method("admin.usergroups.addChannels", scopes="admin.usergroups:write")
def add_channels(call: SlackCall) -> dict:
    row = _group(call)
    current = json.loads(row["channels"])
    return _save(call, row, list(dict.fromkeys(current + _channels(call, row))))


@web_method("admin.usergroups.removeChannels", scopes="admin.usergroups:write")
def remove_channels(call: SlackCall) -> dict:
    row = _group(call)
    gone = set(_channels(call, row))
    return _save(call, row, [c for c in json.loads(row["channels"]) if c not in gone])


@web_method("admin.usergroups.listChannels", scopes="admin.usergroups:read")
def list_channels(call: SlackCall) -> dict:
    row = _group(call)
    channels = []
    for channel_id in json.loads(row["channels"]):
        channel = call.state.db.one("SELECT * FROM slack_channels WHERE id = ?", (channel_id,))
        if channel is None:
            continue
        shown = {
            "id": channel["id"],
            "name": channel["name"],
            "team_id": teams_of(call, channel["id"])[0],
            "is_redacted": False,
        }
        if call.flag("include_num_members"):
            shown["num_members"] = len(call.state.members(channel["id"]))
        channels.append(shown)
    return {"channels": channels}


@web_method("admin.usergroups.addTeams", scopes="admin.teams:write")
def add_teams(call: SlackCall) -> dict:
    """Make an org-wide IDP group a default group of more workspaces."""
    row = _group(call)
    teams = call.listing("team_ids")
    if not teams:
        raise SlackError("invalid_arguments")
    for team_id in teams:
        if not call.state.db.one("SELECT 1 FROM slack_teams WHERE id = ?", (team_id,)):
            raise SlackError("invalid_team_ids")
    for team_id in teams:
        call.state.db.execute(
            "INSERT OR IGNORE INTO slack_usergroup_teams(usergroup_id, team_id) VALUES (?, ?)",
            (row["id"], team_id),
        )
    return {}


def teams_of_group(call: SlackCall, usergroup_id: str) -> list[str]:
    """The workspaces an IDP group serves: its home workspace and any added."""
    rows = call.state.db.all(
        "SELECT team_id FROM slack_usergroup_teams WHERE usergroup_id = ? ORDER BY rowid",
        (usergroup_id,),
    )
    home = call.state.team_id()
    return [home, *(r["team_id"] for r in rows if r["team_id"] != home)]
