"""``admin.conversations.*``: org-level management of channels with an org admin token."""

from __future__ import annotations

import json

from starlette.responses import JSONResponse

from darkfactory.twins.slack import events, retention
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


def _archive(call: SlackCall, row) -> None:
    if row["is_archived"]:
        raise SlackError("already_archived")
    if row["is_general"]:
        raise SlackError("cant_archive_general")
    call.state.db.execute(
        "UPDATE slack_channels SET is_archived = 1, updated = ? WHERE id = ?",
        (call.state.now(), row["id"]),
    )


@web_method("admin.conversations.archive", scopes="admin.conversations:write")
def conversations_archive(call: SlackCall) -> dict:
    _archive(call, call.state.channel(call.require("channel_id", "channel_not_found")))
    return {}


@web_method("admin.conversations.invite", scopes="admin.conversations:write")
def conversations_invite(call: SlackCall) -> dict | JSONResponse:
    row = call.state.channel(call.require("channel_id", "channel_not_found"))
    if row["is_archived"]:
        raise SlackError("is_archived")
    users = call.listing("user_ids")
    if not users:
        raise SlackError("invalid_arguments")
    for user_id in users:
        if call.state.user(user_id)["deleted"]:
            raise SlackError("user_is_deactivated")
    allowed = allowed_members(call, row["id"])
    failed = [u for u in users if allowed is not None and u not in allowed]
    for user_id in users:
        if user_id not in failed and call.state.add_member(row["id"], user_id):
            events.emit_membership(
                call, "member_joined_channel", row["id"], user_id, inviter=call.user
            )
    if failed:  # the others joined: an answer, not a raised error that would undo them
        return JSONResponse(
            {"ok": False, "error": "failed_for_some_users", "failed_user_ids": failed}
        )
    return {}


@web_method("admin.conversations.search", scopes="admin.conversations:read")
def conversations_search(call: SlackCall) -> dict:
    query = str(call.get("query", "")).lower()
    teams = call.listing("team_ids")
    rows = [
        r
        for r in call.state.db.all(
            "SELECT * FROM slack_channels WHERE kind IN ('public', 'private') ORDER BY name"
        )
        if query in (r["name"] or "") and (not teams or set(teams) & set(teams_of(call, r["id"])))
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
    raw = call.state.kept_query(
        f"prefs:{channel_id}",
        "SELECT prefs FROM slack_channel_prefs WHERE channel_id = ?",
        (channel_id,),
        fetch="scalar",
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


CHANNEL_TABLES = (
    "slack_messages",
    "slack_members",
    "slack_pins",
    "slack_reactions",
    "slack_channel_prefs",
    "slack_channel_properties",
    "slack_channel_teams",
    "slack_channel_groups",
    "slack_channel_objects",
    "slack_retention",
)


def _delete(call: SlackCall, row) -> None:
    if row["is_general"]:
        raise SlackError("default_org_wide_channel")
    for table in CHANNEL_TABLES:
        call.state.db.execute(f"DELETE FROM {table} WHERE channel_id = ?", (row["id"],))
    call.state.db.execute("DELETE FROM slack_channels WHERE id = ?", (row["id"],))


@web_method("admin.conversations.delete", scopes="admin.conversations:write")
def conversations_delete(call: SlackCall) -> dict:
    _delete(call, _target(call))
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


def teams_of(call: SlackCall, channel_id: str) -> list[str]:
    """The workspaces a channel belongs to: its home team unless moved or shared."""
    rows = call.state.db.all(
        "SELECT team_id FROM slack_channel_teams WHERE channel_id = ? ORDER BY rowid",
        (channel_id,),
    )
    return [r["team_id"] for r in rows] or [call.state.team_id()]


@web_method("admin.conversations.getTeams", scopes="admin.conversations:read")
def conversations_get_teams(call: SlackCall) -> dict:
    row = _target(call)
    if row["kind"] not in ("public", "private"):
        raise SlackError("channel_type_not_supported")
    chunk, meta = page(call, teams_of(call, row["id"]), default_limit=100)
    return {"team_ids": chunk, "response_metadata": meta}


@web_method("admin.conversations.lookup", scopes="admin.conversations:read")
def conversations_lookup(call: SlackCall) -> dict:
    """Channels quiet since ``last_message_activity_before`` (and small enough), to clean up."""
    teams = call.listing("team_ids")
    if not teams:
        raise SlackError("invalid_arguments")
    if call.state.team_id() not in teams:
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


# -- bulk actions -------------------------------------------------------------------------------
def _bulk(call: SlackCall, act) -> dict:
    """Run ``act(row)`` on each of ``channel_ids``; refusals are listed in ``not_added``."""
    channels = call.listing("channel_ids")
    if not channels:
        raise SlackError("invalid_arguments")
    not_added = []
    for channel_id in channels:
        row = call.state.db.one("SELECT * FROM slack_channels WHERE id = ?", (channel_id,))
        try:
            if row is None or row["kind"] not in ("public", "private"):
                raise SlackError("channel_not_found")
            act(row)
        except SlackError as refused:
            not_added.append({"channel_id": channel_id, "errors": [refused.code]})
    answer: dict = {"bulk_action_id": call.state.new_id("Ba")}
    if not_added:
        answer["not_added"] = not_added
    return answer


def _team(call: SlackCall, team_id: str | None) -> str:
    if not team_id or not call.state.db.one("SELECT 1 FROM slack_teams WHERE id = ?", (team_id,)):
        raise SlackError("team_not_found")
    return team_id


def _set_teams(call: SlackCall, channel_id: str, teams: list[str]) -> None:
    call.state.db.execute("DELETE FROM slack_channel_teams WHERE channel_id = ?", (channel_id,))
    for team_id in dict.fromkeys(teams):
        call.state.db.execute(
            "INSERT INTO slack_channel_teams(channel_id, team_id) VALUES (?, ?)",
            (channel_id, team_id),
        )


@web_method("admin.conversations.bulkArchive", scopes="admin.conversations:write")
def conversations_bulk_archive(call: SlackCall) -> dict:
    return _bulk(call, lambda row: _archive(call, row))


@web_method("admin.conversations.bulkDelete", scopes="admin.conversations:write")
def conversations_bulk_delete(call: SlackCall) -> dict:
    return _bulk(call, lambda row: _delete(call, row))


@web_method("admin.conversations.bulkMove", scopes="admin.conversations:write")
def conversations_bulk_move(call: SlackCall) -> dict:
    target = _team(call, call.require("target_team_id", "team_not_found"))

    def move(row) -> None:
        if row["is_general"]:
            raise SlackError("default_org_wide_channel")
        _set_teams(call, row["id"], [target])

    return _bulk(call, move)


SETTABLE_PROPERTIES = {"exclude_from_slack_ai": bool}


@web_method("admin.conversations.bulkSetProperties", scopes="admin.conversations:write")
def conversations_bulk_set_properties(call: SlackCall) -> dict:
    prop = call.structured("property")
    if not isinstance(prop, dict) or len(prop) != 1:
        raise SlackError("invalid_property")
    ((name, value),) = prop.items()
    if name not in SETTABLE_PROPERTIES or not isinstance(value, SETTABLE_PROPERTIES[name]):
        raise SlackError("invalid_property")

    def set_property(row) -> None:
        call.state.db.execute(
            "INSERT INTO slack_channel_properties(channel_id, name, value) VALUES (?, ?, ?) "
            "ON CONFLICT(channel_id, name) DO UPDATE SET value = excluded.value",
            (row["id"], name, json.dumps(value)),
        )

    return _bulk(call, set_property)


# -- the workspaces a channel belongs to ------------------------------------------------------
@web_method("admin.conversations.setTeams", scopes="admin.conversations:write")
def conversations_set_teams(call: SlackCall) -> dict:
    row = _target(call)
    if row["kind"] not in ("public", "private"):
        raise SlackError("channel_type_not_supported")
    if call.get("team_id") is not None and call.get("team_id") not in teams_of(call, row["id"]):
        raise SlackError("team_not_found")
    if call.flag("org_channel"):
        teams = [r["id"] for r in call.state.db.all("SELECT id FROM slack_teams ORDER BY created")]
    else:
        teams = [_team(call, t) for t in call.listing("target_team_ids")]
        if not teams:
            raise SlackError("invalid_arguments")
    _set_teams(call, row["id"], teams)
    return {}


@web_method("admin.conversations.disconnectShared", scopes="admin.conversations:write")
def conversations_disconnect_shared(call: SlackCall) -> dict:
    row = _target(call)
    teams = teams_of(call, row["id"])
    leaving = call.listing("leaving_team_ids")
    if len(teams) < 2:
        raise SlackError("no_teams_to_disconnect")
    if not leaving:
        raise SlackError("leaving_team_required")
    for team_id in leaving:
        if team_id not in teams:
            raise SlackError("leaving_team_not_in_channel")
        if team_id == call.state.team_id():
            raise SlackError("cannot_kick_home_team")
    _set_teams(call, row["id"], [t for t in teams if t not in leaving])
    return {}


@web_method(
    "admin.conversations.ekm.listOriginalConnectedChannelInfo", scopes="admin.conversations:read"
)
def conversations_ekm_original_info(call: SlackCall) -> dict:
    """Channels shared with other organizations under EKM; the twin's org connects none."""
    for channel_id in call.listing("channel_ids"):
        call.state.channel(channel_id)
    for team_id in call.listing("team_ids"):
        _team(call, team_id)
    chunk, meta = page(call, [], default_limit=100)
    return {"channels": chunk, "response_metadata": meta}


# -- retention ------------------------------------------------------------------------------------
MAX_RETENTION_DAYS = 36500


def _retained(call: SlackCall):
    row = _target(call)
    if row["is_general"]:
        raise SlackError("default_org_wide_channel")
    return row


@web_method("admin.conversations.setCustomRetention", scopes="admin.conversations:write")
def conversations_set_custom_retention(call: SlackCall) -> dict:
    row = _retained(call)
    days = call.integer("duration_days", lo=-1)
    if days is None or not 0 < days < MAX_RETENTION_DAYS:
        raise SlackError("invalid_duration")
    call.state.db.execute(
        "INSERT INTO slack_retention(channel_id, duration_days) VALUES (?, ?) "
        "ON CONFLICT(channel_id) DO UPDATE SET duration_days = excluded.duration_days",
        (row["id"], days),
    )
    retention.enforce(call.state)
    return {}


@web_method("admin.conversations.getCustomRetention", scopes="admin.conversations:read")
def conversations_get_custom_retention(call: SlackCall) -> dict:
    row = _retained(call)
    days = call.state.db.scalar(
        "SELECT duration_days FROM slack_retention WHERE channel_id = ?", (row["id"],)
    )
    if days is None:
        return {"is_policy_enabled": False}
    return {"is_policy_enabled": True, "duration_days": days}


@web_method("admin.conversations.removeCustomRetention", scopes="admin.conversations:write")
def conversations_remove_custom_retention(call: SlackCall) -> dict:
    row = _retained(call)
    call.state.db.execute("DELETE FROM slack_retention WHERE channel_id = ?", (row["id"],))
    return {}


# -- IDP groups that restrict who may be in a private channel -----------------------------------
def _restricted(call: SlackCall):
    row = _target(call)
    if call.get("team_id") is not None and call.get("team_id") not in teams_of(call, row["id"]):
        raise SlackError("team_not_found")
    return row


def _linked(call: SlackCall, channel_id: str) -> list[str]:
    rows = call.state.db.all(
        "SELECT group_id FROM slack_channel_groups WHERE channel_id = ? ORDER BY rowid",
        (channel_id,),
    )
    return [r["group_id"] for r in rows]


def _group_members(call: SlackCall, group_id: str) -> set[str]:
    rows = call.state.db.all(
        "SELECT user_id FROM slack_usergroup_members WHERE usergroup_id = ?", (group_id,)
    )
    return {r["user_id"] for r in rows}


def allowed_members(call: SlackCall, channel_id: str) -> set[str] | None:
    """Who may be in a channel its IDP groups restrict (``None``: anyone)."""
    groups = _linked(call, channel_id)
    if not groups:
        return None
    return set().union(*(_group_members(call, g) for g in groups))


@web_method("admin.conversations.restrictAccess.addGroup", scopes="admin.conversations:write")
def restrict_access_add_group(call: SlackCall) -> dict:
    row = _restricted(call)
    group_id = call.require("group_id", "group_not_found")
    if not call.state.db.one("SELECT 1 FROM slack_usergroups WHERE id = ?", (group_id,)):
        raise SlackError("group_not_found")
    if row["kind"] != "private":
        raise SlackError("channel_is_not_private")
    if not _group_members(call, group_id):
        raise SlackError("group_must_not_be_empty")
    if group_id in _linked(call, row["id"]):
        raise SlackError("group_already_linked_to_channel")
    call.state.db.execute(
        "INSERT INTO slack_channel_groups(channel_id, group_id) VALUES (?, ?)",
        (row["id"], group_id),
    )
    return {}


@web_method("admin.conversations.restrictAccess.listGroups", scopes="admin.conversations:read")
def restrict_access_list_groups(call: SlackCall) -> dict:
    return {"group_ids": _linked(call, _restricted(call)["id"])}


@web_method("admin.conversations.restrictAccess.removeGroup", scopes="admin.conversations:write")
def restrict_access_remove_group(call: SlackCall) -> dict:
    """Unlink a group; members the channel's remaining groups do not cover are removed."""
    row = _restricted(call)
    group_id = call.require("group_id", "group_not_found")
    linked = _linked(call, row["id"])
    if group_id not in linked:
        raise SlackError("group_not_found")
    call.state.db.execute(
        "DELETE FROM slack_channel_groups WHERE channel_id = ? AND group_id = ?",
        (row["id"], group_id),
    )
    kept = allowed_members(call, row["id"]) or set()
    for user_id in _group_members(call, group_id) - kept:
        if call.state.remove_member(row["id"], user_id):
            events.emit_membership(call, "member_left_channel", row["id"], user_id)
    return {}


# -- channels linked to Salesforce records ------------------------------------------------------
def _salesforce_id(call: SlackCall, name: str) -> str:
    value = str(call.require(name))
    if len(value) not in (15, 18) or not value.isalnum():
        raise SlackError(
            "invalid_arguments",
            response_metadata={"messages": [f"[ERROR] {name} must be 15 or 18 characters"]},
        )
    return value


def _link(call: SlackCall, channel_id: str, record_id: str, org_id: str) -> None:
    linked = call.state.db.scalar(
        "SELECT channel_id FROM slack_channel_objects WHERE record_id = ?", (record_id,)
    )
    if linked is not None and linked != channel_id:
        raise SlackError("channel_already_exists")
    call.state.db.execute(
        "INSERT OR REPLACE INTO slack_channel_objects(record_id, channel_id, salesforce_org_id) "
        "VALUES (?, ?, ?)",
        (record_id, channel_id, org_id),
    )


@web_method("admin.conversations.createForObjects", scopes="admin.conversations:manage_objects")
def conversations_create_for_objects(call: SlackCall) -> dict:
    record_id = _salesforce_id(call, "object_id")
    org_id = _salesforce_id(call, "salesforce_org_id")
    if call.state.db.one("SELECT 1 FROM slack_channel_objects WHERE record_id = ?", (record_id,)):
        raise SlackError("channel_already_exists")
    name = f"sf-{record_id.lower()}"
    _name_free(call, name)
    channel_id = call.state.create_channel(name, "public", call.user)
    call.state.add_member(channel_id, call.user)
    _link(call, channel_id, record_id, org_id)
    return {"channel_id": channel_id}


@web_method("admin.conversations.linkObjects", scopes="admin.conversations:manage_objects")
def conversations_link_objects(call: SlackCall) -> dict:
    row = call.state.channel(call.require("channel", "channel_not_found"))
    if row["is_archived"]:
        raise SlackError("channel_is_archived")
    record_id = _salesforce_id(call, "record_id")
    _link(call, row["id"], record_id, _salesforce_id(call, "salesforce_org_id"))
    return {}


@web_method("admin.conversations.unlinkObjects", scopes="admin.conversations:manage_objects")
def conversations_unlink_objects(call: SlackCall) -> dict:
    """Unlink a channel from its Salesforce record and give it a new name."""
    row = call.state.channel(call.require("channel", "channel_not_found"))
    name = _validated_name(call.get("new_name"))
    linked = call.state.db.one(
        "SELECT 1 FROM slack_channel_objects WHERE channel_id = ?", (row["id"],)
    )
    if linked is None:
        raise SlackError("channel_not_found")
    if name != row["name"]:
        _name_free(call, name)
    call.state.db.execute("DELETE FROM slack_channel_objects WHERE channel_id = ?", (row["id"],))
    call.state.db.execute(
        "UPDATE slack_channels SET name = ?, updated = ? WHERE id = ?",
        (name, call.state.now(), row["id"]),
    )
    return {}
