"""``admin.usergroups.*``: an org admin's hold on user groups' default channels."""

from __future__ import annotations

import json
import sqlite3

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


def _group(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_usergroups WHERE id = ?",
        (call.require("usergroup_id", "no_such_subteam"),),
    )
    if row is None:
        raise SlackError("no_such_subteam")
    return row


def _channels(call: SlackCall) -> list[str]:
    channels = call.listing("channel_ids")
    if not channels:
        raise SlackError("invalid_arguments")
    for channel_id in channels:
        call.state.channel(channel_id)
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
    return _save(call, row, list(dict.fromkeys(current + _channels(call))))


@web_method("admin.usergroups.removeChannels", scopes="admin.usergroups:write")
def remove_channels(call: SlackCall) -> dict:
    row = _group(call)
    gone = set(_channels(call))
    return _save(call, row, [c for c in json.loads(row["channels"]) if c not in gone])


@web_method("admin.usergroups.listChannels", scopes="admin.usergroups:read")
def list_channels(call: SlackCall) -> dict:
    row = _group(call)
    team = call.state.team()["id"]
    channels = []
    for channel_id in json.loads(row["channels"]):
        channel = call.state.db.one("SELECT * FROM slack_channels WHERE id = ?", (channel_id,))
        if channel is None:
            continue
        shown = {
            "id": channel["id"],
            "name": channel["name"],
            "team_id": team,
            "is_redacted": False,
        }
        if call.flag("include_num_members"):
            shown["num_members"] = len(call.state.members(channel["id"]))
        channels.append(shown)
    return {"channels": channels}
