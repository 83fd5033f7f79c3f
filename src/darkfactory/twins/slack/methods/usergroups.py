"""``usergroups.*``: @-mentionable groups of people, with default channels."""

from __future__ import annotations

import json
import sqlite3

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


def _group(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_usergroups WHERE id = ?",
        (call.require("usergroup", "no_such_subteam"),),
    )
    if row is None:
        raise SlackError("no_such_subteam")
    return row


def _members(call: SlackCall, group_id: str) -> list[str]:
    rows = call.state.db.all(
        "SELECT user_id FROM slack_usergroup_members WHERE usergroup_id = ? ORDER BY user_id",
        (group_id,),
    )
    return [r["user_id"] for r in rows]


def group_object(call: SlackCall, row: sqlite3.Row, include_users: bool = True) -> dict:
    members = _members(call, row["id"])
    answer = {
        "id": row["id"],
        "team_id": call.state.team_id(),
        "is_usergroup": True,
        "is_subteam": True,
        "name": row["name"],
        "description": row["description"],
        "handle": row["handle"],
        "is_external": False,
        "date_create": int(row["date_create"]),
        "date_update": int(row["date_update"]),
        "date_delete": int(row["date_delete"]),
        "auto_type": None,
        "auto_provision": False,
        "enterprise_subteam_id": "",
        "created_by": row["created_by"],
        "updated_by": row["updated_by"],
        "deleted_by": row["deleted_by"],
        "prefs": {"channels": json.loads(row["channels"]), "groups": []},
        "user_count": len(members),
    }
    if include_users:
        answer["users"] = members
    return answer


def _unique(call: SlackCall, name: str | None, handle: str | None, own: str | None) -> None:
    for column, value, error in (
        ("name", name, "name_already_exists"),
        ("handle", handle, "handle_already_exists"),
    ):
        if value and call.state.db.one(
            f"SELECT 1 FROM slack_usergroups WHERE {column} = ? AND id != ? AND date_delete = 0",
            (value, own or ""),
        ):
            raise SlackError(error)


def _channels(call: SlackCall) -> list[str]:
    channels = call.listing("channels")
    for channel_id in channels:
        call.state.channel(channel_id, "invalid_channel_provided")
    return channels


def _users(call: SlackCall) -> list[str]:
    users = call.listing("users")
    if not users:
        raise SlackError("no_users_provided")
    for user_id in users:
        user = call.state.db.one("SELECT deleted FROM slack_users WHERE id = ?", (user_id,))
        if user is None or user["deleted"]:
            raise SlackError("invalid_users")
    return users


@web_method("usergroups.create", scopes="usergroups:write")
def create(call: SlackCall) -> dict:
    name = call.require("name", "missing_subteam_name")
    handle = call.get("handle") or name.lower().replace(" ", "-")
    _unique(call, name, handle, None)
    group_id = call.state.new_id("S")
    now = call.state.now()
    call.state.db.insert(
        "slack_usergroups",
        {
            "id": group_id,
            "name": name,
            "handle": handle,
            "description": call.get("description", ""),
            "channels": json.dumps(_channels(call)),
            "created_by": call.user,
            "updated_by": call.user,
            "date_create": now,
            "date_update": now,
        },
    )
    row = call.state.db.one("SELECT * FROM slack_usergroups WHERE id = ?", (group_id,))
    return {"usergroup": group_object(call, row)}


@web_method("usergroups.list", scopes="usergroups:read")
def list_(call: SlackCall) -> dict:
    sql = "SELECT * FROM slack_usergroups"
    if not call.flag("include_disabled"):
        sql += " WHERE date_delete = 0"
    rows = call.state.db.all(sql + " ORDER BY name")
    groups = [group_object(call, r, call.flag("include_users")) for r in rows]
    if not call.flag("include_count"):
        for group in groups:
            group.pop("user_count")
    return {"usergroups": groups}


@web_method("usergroups.update", scopes="usergroups:write")
def update(call: SlackCall) -> dict:
    row = _group(call)
    name, handle = call.get("name"), call.get("handle")
    _unique(call, name, handle, row["id"])
    channels = json.dumps(_channels(call)) if call.get("channels") is not None else row["channels"]
    call.state.db.execute(
        "UPDATE slack_usergroups SET name = ?, handle = ?, description = ?, channels = ?, "
        "updated_by = ?, date_update = ? WHERE id = ?",
        (
            name or row["name"],
            handle or row["handle"],
            call.get("description", row["description"]),
            channels,
            call.user,
            call.state.now(),
            row["id"],
        ),
    )
    return {"usergroup": group_object(call, _group(call))}


def _set_enabled(call: SlackCall, enabled: bool) -> dict:
    row = _group(call)
    if enabled == (row["date_delete"] == 0):
        raise SlackError("already_enabled" if enabled else "already_disabled")
    now = call.state.now()
    call.state.db.execute(
        "UPDATE slack_usergroups SET date_delete = ?, deleted_by = ?, updated_by = ?, "
        "date_update = ? WHERE id = ?",
        (0 if enabled else now, None if enabled else call.user, call.user, now, row["id"]),
    )
    return {"usergroup": group_object(call, _group(call))}


@web_method("usergroups.disable", scopes="usergroups:write")
def disable(call: SlackCall) -> dict:
    return _set_enabled(call, False)


@web_method("usergroups.enable", scopes="usergroups:write")
def enable(call: SlackCall) -> dict:
    return _set_enabled(call, True)


@web_method("usergroups.users.list", scopes="usergroups:read")
def users_list(call: SlackCall) -> dict:
    row = _group(call)
    if row["date_delete"] and not call.flag("include_disabled"):
        raise SlackError("no_such_subteam")
    return {"users": _members(call, row["id"])}


@web_method("usergroups.users.update", scopes="usergroups:write")
def users_update(call: SlackCall) -> dict:
    row = _group(call)
    users = _users(call)
    call.state.db.execute(
        "DELETE FROM slack_usergroup_members WHERE usergroup_id = ?", (row["id"],)
    )
    for user_id in dict.fromkeys(users):
        call.state.db.insert(
            "slack_usergroup_members", {"usergroup_id": row["id"], "user_id": user_id}
        )
    call.state.db.execute(
        "UPDATE slack_usergroups SET updated_by = ?, date_update = ? WHERE id = ?",
        (call.user, call.state.now(), row["id"]),
    )
    return {"usergroup": group_object(call, _group(call))}
