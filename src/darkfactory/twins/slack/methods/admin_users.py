"""``admin.users.*``: org-level management of people with an org admin token."""

from __future__ import annotations

import sqlite3

from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.files import file_object, hosted_file
from darkfactory.twins.slack.pagination import page
from darkfactory.twins.slack.state import PEOPLE, SLACKBOT
from darkfactory.twins.slack.unsupported_versions import (
    SIX_MONTHS,
    export_name,
    store,
    unsupported,
    zipped_csv,
)


def team_of(call: SlackCall) -> str:
    team = call.state.team_id()
    if call.get("team_id") not in (None, team):
        raise SlackError("team_not_found")
    return team


def _member(call: SlackCall) -> sqlite3.Row:
    return call.state.user(call.require("user_id", "user_not_found"))


def _protect_owner(call: SlackCall, row: sqlite3.Row) -> None:
    if row["is_primary_owner"]:
        raise SlackError("cannot_modify_primary_owner")


@web_method("admin.users.list", scopes="admin.users:read")
def users_list(call: SlackCall) -> dict:
    team_of(call)
    rows = call.state.db.all(f"SELECT * FROM slack_users WHERE {PEOPLE} ORDER BY rowid")
    chunk, meta = page(call, rows, default_limit=100)
    return {
        "users": [
            {
                "id": r["id"],
                "email": r["email"],
                "is_admin": bool(r["is_admin"]),
                "is_owner": bool(r["is_owner"]),
                "is_primary_owner": bool(r["is_primary_owner"]),
                "is_restricted": bool(r["is_restricted"]),
                "is_ultra_restricted": False,
                "is_bot": False,
                "username": r["name"],
                "full_name": r["real_name"],
                "is_active": not r["deleted"],
                "date_created": int(r["updated"]),
                "deactivated_ts": 0 if not r["deleted"] else int(r["updated"]),
            }
            for r in chunk
        ],
        "response_metadata": meta,
    }


@web_method("admin.users.invite", scopes="admin.users:write")
def users_invite(call: SlackCall) -> dict:
    team_of(call)
    email = str(call.require("email", "invalid_email")).strip().lower()
    if "@" not in email:
        raise SlackError("invalid_email")
    if call.state.db.one("SELECT 1 FROM slack_users WHERE lower(email) = ?", (email,)):
        raise SlackError("already_in_team")
    channels = call.listing("channel_ids")
    if not channels:
        raise SlackError("invalid_arguments")
    for channel_id in channels:
        call.state.channel(channel_id, "channel_not_found")
    handle = email.split("@", 1)[0]
    user_id = call.state.create_user(
        handle,
        call.get("real_name") or handle,
        email,
        is_restricted=int(call.flag("is_restricted")),
    )
    for channel_id in channels:
        call.state.add_member(channel_id, user_id)
    events.emit(
        call, {"type": "team_join", "user": call.state.user_object(call.state.user(user_id))}
    )
    return {}


@web_method("admin.users.assign", scopes="admin.users:write")
def users_assign(call: SlackCall) -> dict:
    team_of(call)
    row = _member(call)
    if row["deleted"]:
        raise SlackError("user_is_deactivated")
    for channel_id in call.listing("channel_ids"):
        call.state.channel(channel_id)
        call.state.add_member(channel_id, row["id"])
    return {}


@web_method("admin.users.remove", scopes="admin.users:write")
def users_remove(call: SlackCall) -> dict:
    team_of(call)
    row = _member(call)
    _protect_owner(call, row)
    call.state.db.execute(
        "UPDATE slack_users SET deleted = 1, updated = ? WHERE id = ?",
        (call.state.now(), row["id"]),
    )
    call.state.db.execute("DELETE FROM slack_members WHERE user_id = ?", (row["id"],))
    call.universe.tokens.revoke_principal("slack", row["id"])
    return {}


def _set_admin(call: SlackCall, admin: bool) -> dict:
    team_of(call)
    row = _member(call)
    _protect_owner(call, row)
    call.state.db.execute(
        "UPDATE slack_users SET is_admin = ?, updated = ? WHERE id = ?",
        (int(admin), call.state.now(), row["id"]),
    )
    return {}


@web_method("admin.users.setAdmin", scopes="admin.users:write")
def users_set_admin(call: SlackCall) -> dict:
    return _set_admin(call, True)


@web_method("admin.users.setRegular", scopes="admin.users:write")
def users_set_regular(call: SlackCall) -> dict:
    return _set_admin(call, False)


def _reset(call: SlackCall, row: sqlite3.Row) -> None:
    """End a person's sessions: the twin's are web and API sessions, so ``mobile_only`` keeps
    them."""
    if row["is_primary_owner"]:
        raise SlackError("cannot_reset_primary_owner")
    if not call.flag("mobile_only"):
        call.universe.tokens.revoke_principal("slack", row["id"])


@web_method("admin.users.session.reset", scopes="admin.users:write")
def users_session_reset(call: SlackCall) -> dict:
    _reset(call, _member(call))
    return {}


def _people(call: SlackCall) -> list[sqlite3.Row]:
    ids = call.listing("user_ids")
    if not ids:
        raise SlackError("invalid_arguments")
    return [call.state.user(user_id) for user_id in ids]


@web_method("admin.users.session.resetBulk", scopes="admin.users:write")
def users_session_reset_bulk(call: SlackCall) -> dict:
    for row in _people(call):
        _reset(call, row)
    return {}


SESSION_SECONDS = (28800, 315569520)  # eight hours to ten years


@web_method("admin.users.session.setSettings", scopes="admin.users:write")
def users_session_set_settings(call: SlackCall) -> dict:
    people = _people(call)
    quit_ = call.get("desktop_app_browser_quit")
    duration = call.integer("duration")
    if quit_ is None and duration is None:
        raise SlackError("invalid_arguments")
    if duration is not None and not SESSION_SECONDS[0] <= duration <= SESSION_SECONDS[1]:
        raise SlackError("invalid_duration")
    for row in people:
        call.state.db.execute(
            "INSERT INTO slack_session_settings(user_id, desktop_app_browser_quit, duration) "
            "VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET desktop_app_browser_quit = "
            "COALESCE(excluded.desktop_app_browser_quit, desktop_app_browser_quit), "
            "duration = COALESCE(excluded.duration, duration)",
            (
                row["id"],
                None if quit_ is None else int(call.flag("desktop_app_browser_quit")),
                duration,
            ),
        )
    return {}


@web_method("admin.users.session.getSettings", scopes="admin.users:read")
def users_session_get_settings(call: SlackCall) -> dict:
    settings, unset = [], []
    for row in _people(call):
        found = call.state.db.one(
            "SELECT * FROM slack_session_settings WHERE user_id = ?", (row["id"],)
        )
        if found is None:
            unset.append(row["id"])
            continue
        entry: dict = {"user_id": row["id"]}
        if found["desktop_app_browser_quit"] is not None:
            entry["desktop_app_browser_quit"] = bool(found["desktop_app_browser_quit"])
        if found["duration"] is not None:
            entry["duration"] = found["duration"]
        settings.append(entry)
    return {"session_settings": settings, "no_settings_applied": unset}


@web_method("admin.users.session.clearSettings", scopes="admin.users:write")
def users_session_clear_settings(call: SlackCall) -> dict:
    for row in _people(call):
        call.state.db.execute("DELETE FROM slack_session_settings WHERE user_id = ?", (row["id"],))
    return {}


@web_method("admin.users.setOwner", scopes="admin.users:write")
def users_set_owner(call: SlackCall) -> dict:
    team_of(call)
    row = _member(call)
    if row["deleted"]:
        raise SlackError("user_is_deactivated")
    call.state.db.execute(
        "UPDATE slack_users SET is_owner = 1, is_admin = 1, updated = ? WHERE id = ?",
        (call.state.now(), row["id"]),
    )
    return {}


@web_method("admin.users.setExpiration", scopes="admin.users:write")
def users_set_expiration(call: SlackCall) -> dict:
    row = _member(call)
    if not row["is_restricted"]:
        raise SlackError("user_is_not_a_guest")
    expiration = call.integer("expiration_ts")
    if expiration is None or expiration <= call.state.now():
        raise SlackError("failed_to_validate_expiration")
    call.state.db.execute(
        "INSERT INTO slack_guest_expirations(user_id, expiration_ts) VALUES (?, ?) "
        "ON CONFLICT(user_id) DO UPDATE SET expiration_ts = excluded.expiration_ts",
        (row["id"], expiration),
    )
    return {}


@web_method("admin.users.getExpiration", scopes="admin.users:read")
def users_get_expiration(call: SlackCall) -> dict:
    row = _member(call)
    expiration = call.state.db.scalar(
        "SELECT expiration_ts FROM slack_guest_expirations WHERE user_id = ?", (row["id"],)
    )
    return {"expiration_ts": expiration or 0}


def _sessions(call: SlackCall, user_id: str | None) -> list[sqlite3.Row]:
    sql = (
        "SELECT rowid AS session_id, principal FROM kit_tokens WHERE twin = 'slack' "
        "AND kind = 'user' AND revoked = 0"
    )
    if user_id:
        return call.state.db.all(sql + " AND principal = ? ORDER BY rowid", (user_id,))
    return call.state.db.all(sql + " ORDER BY rowid")


@web_method("admin.users.session.list", scopes="admin.users:read")
def users_session_list(call: SlackCall) -> dict:
    user_id = call.get("user_id")
    if user_id:
        call.state.user(user_id)
    team = call.state.team_id()
    chunk, meta = page(call, _sessions(call, user_id), default_limit=100)
    return {
        "active_sessions": [
            {
                "user_id": r["principal"],
                "team_id": team,
                "session_id": r["session_id"],
                "created": {"device_hardware": "", "os": "", "os_version": "", "ip": ""},
            }
            for r in chunk
        ],
        "response_metadata": meta,
    }


@web_method("admin.users.session.invalidate", scopes="admin.users:write")
def users_session_invalidate(call: SlackCall) -> dict:
    team_of(call)
    session = call.integer("session_id")
    ended = call.state.db.execute(
        "UPDATE kit_tokens SET revoked = 1 WHERE rowid = ? AND twin = 'slack' AND kind = 'user' "
        "AND revoked = 0",
        (session,),
    )
    if not ended.rowcount:
        raise SlackError("session_not_found")
    return {}


@web_method("admin.users.unsupportedVersions.export", scopes="admin.users:read")
def users_unsupported_versions_export(call: SlackCall) -> dict:
    """Slackbot sends the admin a zipped CSV of members on clients past their end of support."""
    state = call.state
    started = call.integer("date_sessions_started", 0) or state.now() - SIX_MONTHS
    ending = call.integer("date_end_of_support", 0) or None
    name = export_name(state)
    content = zipped_csv(f"{name}.csv", unsupported(state, started, ending))
    file_id, dm = store(state, call.user, f"{name}.zip", content)
    shared = file_object(call, hosted_file(call, file_id))
    ts = state.post(
        dm,
        SLACKBOT,
        "Here is the export of members using unsupported versions of Slack you asked for.",
        subtype="file_share",
        extra={"files": [shared], "upload": False, "display_as_bot": False},
    )
    events.emit_message(call, dm, ts)
    return {}
