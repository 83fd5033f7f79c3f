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
