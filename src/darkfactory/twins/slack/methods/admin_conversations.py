"""``admin.conversations.*``: org-level management of channels with an org admin token."""

from __future__ import annotations

import json

from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.admin_users import team_of
from darkfactory.twins.slack.methods.conversations import _name_free, _validated_name
from darkfactory.twins.slack.pagination import page

PREFS = {"who_can_post", "can_thread", "enable_workflows", "can_huddle"}


@web_method("admin.conversations.create", scopes="admin.conversations:write")
def conversations_create(call: SlackCall) -> dict:
    team_of(call)
    name = _validated_name(call.get("name"))
    _name_free(call, name)
    if call.get("is_private") is None:
        raise SlackError("invalid_arguments")
    kind = "private" if call.flag("is_private") else "public"
    channel_id = call.state.create_channel(name, kind, call.user)
    return {"channel_id": channel_id}


@web_method("admin.conversations.archive", scopes="admin.conversations:write")
def conversations_archive(call: SlackCall) -> dict:
    row = call.state.channel(call.require("channel_id", "channel_not_found"))
    if row["is_archived"]:
        raise SlackError("already_archived")
    if row["is_general"]:
        raise SlackError("cant_archive_general")
    call.state.db.execute(
        "UPDATE slack_channels SET is_archived = 1, updated = ? WHERE id = ?",
        (call.state.now(), row["id"]),
    )
    return {}


@web_method("admin.conversations.invite", scopes="admin.conversations:write")
def conversations_invite(call: SlackCall) -> dict:
    row = call.state.channel(call.require("channel_id", "channel_not_found"))
    if row["is_archived"]:
        raise SlackError("is_archived")
    users = call.listing("user_ids")
    if not users:
        raise SlackError("invalid_arguments")
    for user_id in users:
        if call.state.user(user_id)["deleted"]:
            raise SlackError("user_is_deactivated")
    for user_id in users:
        if call.state.add_member(row["id"], user_id):
            events.emit_membership(
                call, "member_joined_channel", row["id"], user_id, inviter=call.user
            )
    return {}


@web_method("admin.conversations.search", scopes="admin.conversations:read")
def conversations_search(call: SlackCall) -> dict:
    query = str(call.get("query", "")).lower()
    rows = [
        r
        for r in call.state.db.all(
            "SELECT * FROM slack_channels WHERE kind IN ('public', 'private') ORDER BY name"
        )
        if query in (r["name"] or "")
    ]
    chunk, meta = page(call, rows, default_limit=10, max_limit=20)
    return {
        "conversations": [
            {
                "id": r["id"],
                "name": r["name"],
                "is_private": r["kind"] == "private",
                "is_archived": bool(r["is_archived"]),
                "is_general": bool(r["is_general"]),
                "created": int(r["created"]),
                "creator_id": r["creator"],
                "member_count": len(call.state.members(r["id"])),
            }
            for r in chunk
        ],
        "next_cursor": meta["next_cursor"],
    }


@web_method("admin.conversations.setConversationPrefs", scopes="admin.conversations:write")
def conversations_set_prefs(call: SlackCall) -> dict:
    row = call.state.channel(call.require("channel_id", "channel_not_found"))
    prefs = call.structured("prefs")
    if not isinstance(prefs, dict):
        raise SlackError("invalid_arguments")
    unknown = sorted(set(prefs) - PREFS)
    if unknown:
        raise SlackError(
            "invalid_arguments",
            response_metadata={"messages": [f"[ERROR] unknown prefs: {', '.join(unknown)}"]},
        )
    current = json.loads(
        call.state.db.scalar(
            "SELECT prefs FROM slack_channel_prefs WHERE channel_id = ?", (row["id"],)
        )
        or "{}"
    )
    call.state.db.execute(
        "INSERT INTO slack_channel_prefs(channel_id, prefs) VALUES (?, ?) ON CONFLICT(channel_id)"
        " DO UPDATE SET prefs = excluded.prefs",
        (row["id"], json.dumps({**current, **prefs})),
    )
    return {}


def may_post(call: SlackCall, channel_id: str) -> bool:
    """Whether the caller may post under the channel's ``who_can_post`` preference."""
    raw = call.state.db.scalar(
        "SELECT prefs FROM slack_channel_prefs WHERE channel_id = ?", (channel_id,)
    )
    rule = json.loads(raw).get("who_can_post") if raw else None
    if not rule:
        return True
    allowed = [part.strip() for part in str(rule).split(",")]
    user = call.state.user(call.user)
    return (
        f"user:{call.user}" in allowed
        or ("type:admin" in allowed and bool(user["is_admin"]))
        or ("type:owner" in allowed and bool(user["is_owner"]))
    )


def _target(call: SlackCall):
    return call.state.channel(call.require("channel_id", "channel_not_found"))


@web_method("admin.conversations.rename", scopes="admin.conversations:write")
def conversations_rename(call: SlackCall) -> dict:
    row = _target(call)
    if row["kind"] not in ("public", "private"):
        raise SlackError("channel_type_not_supported")
    if row["is_general"]:
        raise SlackError("default_org_wide_channel")
    name = _validated_name(call.get("name"))
    if name != row["name"]:
        _name_free(call, name)
    call.state.db.execute(
        "UPDATE slack_channels SET name = ?, updated = ? WHERE id = ?",
        (name, call.state.now(), row["id"]),
    )
    return {}


@web_method("admin.conversations.unarchive", scopes="admin.conversations:write")
def conversations_unarchive(call: SlackCall) -> dict:
    row = _target(call)
    if not row["is_archived"]:
        raise SlackError("channel_not_archived")
    call.state.db.execute(
        "UPDATE slack_channels SET is_archived = 0, updated = ? WHERE id = ?",
        (call.state.now(), row["id"]),
    )
    return {}


@web_method("admin.conversations.delete", scopes="admin.conversations:write")
def conversations_delete(call: SlackCall) -> dict:
    row = _target(call)
    if row["is_general"]:
        raise SlackError("default_org_wide_channel")
    for table in ("slack_messages", "slack_members", "slack_pins", "slack_reactions"):
        call.state.db.execute(f"DELETE FROM {table} WHERE channel_id = ?", (row["id"],))
    call.state.db.execute("DELETE FROM slack_channel_prefs WHERE channel_id = ?", (row["id"],))
    call.state.db.execute("DELETE FROM slack_channels WHERE id = ?", (row["id"],))
    return {}


def _convert(call: SlackCall, to: str) -> dict:
    row = _target(call)
    if row["kind"] not in ("public", "private"):
        raise SlackError("channel_type_not_supported")
    if row["is_general"]:
        raise SlackError("default_org_wide_channel")
    if row["kind"] == to:
        raise SlackError("method_not_supported_for_channel_type")
    name = call.get("name")
    if name:
        name = _validated_name(name)
        if name != row["name"]:
            _name_free(call, name)
    call.state.db.execute(
        "UPDATE slack_channels SET kind = ?, name = ?, updated = ? WHERE id = ?",
        (to, name or row["name"], call.state.now(), row["id"]),
    )
    return {}


@web_method("admin.conversations.convertToPrivate", scopes="admin.conversations:write")
def conversations_convert_to_private(call: SlackCall) -> dict:
    return _convert(call, "private")


@web_method("admin.conversations.convertToPublic", scopes="admin.conversations:write")
def conversations_convert_to_public(call: SlackCall) -> dict:
    return _convert(call, "public")


@web_method("admin.conversations.getConversationPrefs", scopes="admin.conversations:read")
def conversations_get_prefs(call: SlackCall) -> dict:
    row = _target(call)
    raw = call.state.db.scalar(
        "SELECT prefs FROM slack_channel_prefs WHERE channel_id = ?", (row["id"],)
    )
    prefs = {}
    for name, rule in (json.loads(raw) if raw else {}).items():
        parts = [p.strip() for p in str(rule).split(",") if ":" in p]
        prefs[name] = {
            "type": [p.split(":", 1)[1] for p in parts if p.startswith("type:")],
            "user": [p.split(":", 1)[1] for p in parts if p.startswith("user:")],
        }
    return {"prefs": prefs}


@web_method("admin.conversations.getTeams", scopes="admin.conversations:read")
def conversations_get_teams(call: SlackCall) -> dict:
    row = _target(call)
    if row["kind"] not in ("public", "private"):
        raise SlackError("channel_type_not_supported")
    return {"team_ids": [call.state.team()["id"]], "response_metadata": {"next_cursor": ""}}


@web_method("admin.conversations.lookup", scopes="admin.conversations:read")
def conversations_lookup(call: SlackCall) -> dict:
    """Channels quiet since ``last_message_activity_before`` (and small enough), to clean up."""
    teams = call.listing("team_ids")
    if not teams:
        raise SlackError("invalid_arguments")
    if call.state.team()["id"] not in teams:
        raise SlackError("team_not_found")
    before = call.integer("last_message_activity_before")
    if before is None:
        raise SlackError("invalid_arguments")
    most = call.integer("max_member_count")
    rows = call.state.db.all(
        "SELECT c.id, (SELECT MAX(ts) FROM slack_messages m WHERE m.channel_id = c.id "
        "AND m.subtype IS NULL) AS last, (SELECT COUNT(*) FROM slack_members s "
        "WHERE s.channel_id = c.id) AS members FROM slack_channels c "
        "WHERE c.kind IN ('public', 'private') AND c.is_archived = 0 ORDER BY c.created, c.id"
    )
    quiet = [
        r["id"]
        for r in rows
        if (r["last"] is None or float(r["last"]) < before)
        and (most is None or r["members"] <= most)
    ]
    chunk, meta = page(call, quiet, default_limit=100)
    return {"channel_ids": chunk, "response_metadata": meta}
