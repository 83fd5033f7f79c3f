"""``conversations.*``: channels, private channels, DMs and MPIMs; membership and history."""

from __future__ import annotations

import json
import re
import sqlite3

from darkfactory.twins.slack import events, message_objects
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods import admin_barriers
from darkfactory.twins.slack.pagination import page, page_query
from darkfactory.twins.slack.state import (
    CHANNEL_NAME,
    HISTORY_SCOPE,
    MANAGE_SCOPE,
    READ_SCOPE,
)

TYPES = {"public_channel": "public", "private_channel": "private", "im": "im", "mpim": "mpim"}
ANY_READ = ("channels:read", "groups:read", "im:read", "mpim:read")
ANY_HISTORY = ("channels:history", "groups:history", "im:history", "mpim:history")
ANY_MANAGE = ("channels:manage", "groups:write", "im:write", "mpim:write")
ANY_INVITE = ("channels:write.invites", "groups:write.invites", "channels:manage", "groups:write")
ANY_TOPIC = ("channels:write.topic", "groups:write.topic", "channels:manage", "groups:write")
MAX_TOPIC = 250
TIMESTAMP = re.compile(r"\d{1,10}(\.\d{1,6})?")
MAX_MPIM_USERS = 8


def conversation_types(call: SlackCall) -> list[str]:
    names = call.listing("types") or ["public_channel"]
    unknown = [n for n in names if n not in TYPES]
    if unknown:
        raise SlackError("invalid_types")
    return [TYPES[n] for n in names]


def listed_conversations(call: SlackCall, kinds: list[str], member: str) -> list[sqlite3.Row]:
    """Conversations of ``kinds`` a caller lists: all public ones, others only as a member."""
    marks = ",".join("?" * len(kinds))
    sql = f"SELECT * FROM slack_channels WHERE kind IN ({marks})"
    if call.flag("exclude_archived"):
        sql += " AND is_archived = 0"
    rows = call.state.db.all(sql + " ORDER BY created, id", kinds)
    return [r for r in rows if r["kind"] == "public" or call.state.is_member(r["id"], member)]


def _channel(
    call: SlackCall, scope_map: dict[str, str] | None = None, with_marks: bool = False
) -> sqlite3.Row:
    row = call.state.visible_channel(
        call.require("channel", "channel_not_found"), call.user, with_marks
    )
    if scope_map:
        call.require_scope(scope_map[row["kind"]])
    return row


def _writable(call: SlackCall, row: sqlite3.Row, must_be_member: bool = True) -> None:
    if row["is_archived"]:
        raise SlackError("is_archived")
    if must_be_member and not call.state.is_member(row["id"], call.user):
        raise SlackError("not_in_channel")


def _validated_name(name: str | None) -> str:
    if not name:
        raise SlackError("invalid_name_required")
    if len(name) > 80:
        raise SlackError("invalid_name_maxlength")
    if name != name.lower() and CHANNEL_NAME.match(name.lower()):
        raise SlackError("invalid_name_specials")
    if not CHANNEL_NAME.match(name):
        raise SlackError("invalid_name_specials" if name.strip() else "invalid_name")
    return name


def _name_free(call: SlackCall, name: str) -> None:
    if call.state.db.one("SELECT 1 FROM slack_channels WHERE name = ?", (name,)):
        raise SlackError("name_taken")


def _system_message(
    call: SlackCall, channel_id: str, user_id: str, subtype: str, text: str, **extra
) -> None:
    call.state.post(channel_id, user_id, text, subtype=subtype, extra=extra or None)


@web_method("conversations.create", scopes=("channels:manage", "groups:write"))
def create(call: SlackCall) -> dict:
    private = call.flag("is_private")
    call.require_scope("groups:write" if private else "channels:manage")
    name = _validated_name(call.get("name"))
    _name_free(call, name)
    channel_id = call.state.create_channel(name, "private" if private else "public", call.user)
    call.state.add_member(channel_id, call.user)
    created = call.state.channel(channel_id)
    if not private:
        events.emit(
            call,
            {
                "type": "channel_created",
                "channel": {
                    "id": channel_id,
                    "name": name,
                    "created": int(created["created"]),
                    "creator": call.user,
                },
            },
        )
    return {"channel": call.state.channel_object(created, call.user)}


@web_method("conversations.list", scopes=ANY_READ)
def list_(call: SlackCall) -> dict:
    kinds = conversation_types(call)
    for kind in kinds:
        call.require_scope(READ_SCOPE[kind])
    rows = listed_conversations(call, kinds, member=call.user)
    chunk, meta = page(call, rows)
    return {
        "channels": [call.state.channel_object(r, call.user) for r in chunk],
        "response_metadata": meta,
    }


@web_method("conversations.info", scopes=ANY_READ)
def info(call: SlackCall) -> dict:
    row = _channel(call, READ_SCOPE)
    channel = call.state.channel_object(row, call.user)
    if not call.flag("include_num_members"):
        channel.pop("num_members", None)
    if call.state.is_member(row["id"], call.user):
        channel["last_read"] = call.state.db.scalar(
            "SELECT last_read FROM slack_members WHERE channel_id = ? AND user_id = ?",
            (row["id"], call.user),
        )
    return {"channel": channel}


def _window(call: SlackCall) -> tuple[str, str, bool]:
    oldest = _bound(call, "oldest", "0000000000.000000", "invalid_ts_oldest")
    latest = _bound(call, "latest", "9999999999.999999", "invalid_ts_latest")
    return oldest, latest, call.flag("inclusive")


def _bound(call: SlackCall, name: str, default: str, error: str) -> str:
    """The timestamp argument ``name``, sortable as text; ``default`` when it is not given."""
    value = call.get(name)
    if value is None:
        return default
    if not _is_ts(str(value)):
        raise SlackError(error)
    return _pad(str(value))


def _is_ts(value: str) -> bool:
    """A Slack timestamp: epoch seconds, optionally with up to six decimals."""
    return TIMESTAMP.fullmatch(value) is not None


def _pad(ts: str) -> str:
    """Make a ts sortable as text: ``1700000000.1`` -> ``1700000000.100000``."""
    seconds, _, fraction = ts.partition(".")
    return f"{int(seconds):010d}.{(fraction + '000000')[:6]}"


def _in_window(ts: str, window: tuple[str, str, bool]) -> bool:
    oldest, latest, inclusive = window
    if inclusive:
        return oldest <= ts <= latest
    return oldest < ts < latest


def _read_access(call: SlackCall, row: sqlite3.Row) -> None:
    """A bot reads only the conversations it belongs to (``row``: a ``visible_channel``)."""
    if call.is_bot and not row["member"]:
        raise SlackError("not_in_channel")


@web_method("conversations.history", scopes=ANY_HISTORY)
def history(call: SlackCall) -> dict:
    row = _channel(call, HISTORY_SCOPE, with_marks=True)
    _read_access(call, row)
    oldest, latest, inclusive = _window(call)
    low, high = (">=", "<=") if inclusive else (">", "<")
    chunk, meta = page_query(
        call,
        "SELECT * FROM slack_messages WHERE channel_id = ? AND (thread_ts IS NULL OR "
        f"thread_ts = ts OR subtype = 'thread_broadcast') AND ts {low} ? AND ts {high} ? "
        "ORDER BY ts DESC",
        (row["id"], oldest, latest),
        default_limit=100,
        max_limit=999,
    )
    return {
        "messages": message_objects.array(
            call.state, chunk, marked=bool(row["pin_count"] or row["reacted"])
        ),
        "has_more": bool(meta["next_cursor"]),
        "pin_count": row["pin_count"],
        "channel_actions_ts": None,
        "channel_actions_count": 0,
        "response_metadata": meta,
    }


@web_method("conversations.replies", scopes=ANY_HISTORY)
def replies(call: SlackCall) -> dict:
    row = _channel(call, HISTORY_SCOPE)
    _read_access(call, row)
    parent = call.state.message(
        row["id"], call.require("ts", "thread_not_found"), "thread_not_found"
    )
    thread_ts = parent["thread_ts"] or parent["ts"]
    window = _window(call)
    rows = call.state.db.all(
        "SELECT * FROM slack_messages WHERE channel_id = ? AND (ts = ? OR thread_ts = ?) "
        "ORDER BY ts",
        (row["id"], thread_ts, thread_ts),
    )
    head, rest = rows[0], [r for r in rows[1:] if _in_window(r["ts"], window)]
    chunk, meta = page(call, [head, *rest], default_limit=1000)
    return {
        "messages": message_objects.array(call.state, chunk),
        "has_more": bool(meta["next_cursor"]),
        "response_metadata": meta,
    }


@web_method("conversations.join", scopes=("channels:join", "channels:write", "channels:manage"))
def join(call: SlackCall) -> dict:
    row = call.state.channel(call.require("channel", "channel_not_found"))
    if row["kind"] != "public":
        if not call.state.is_member(row["id"], call.user):
            raise SlackError("channel_not_found")
        raise SlackError("method_not_supported_for_channel_type")
    if row["is_archived"]:
        raise SlackError("is_archived")
    answer: dict = {}
    if call.state.add_member(row["id"], call.user):
        _system_message(
            call, row["id"], call.user, "channel_join", f"<@{call.user}> has joined the channel"
        )
        events.emit_membership(call, "member_joined_channel", row["id"], call.user)
    else:
        answer = {
            "warning": "already_in_channel",
            "response_metadata": {"warnings": ["already_in_channel"]},
        }
    return {
        "channel": call.state.channel_object(call.state.channel(row["id"]), call.user),
        **answer,
    }


@web_method("conversations.leave", scopes=(*ANY_MANAGE, "channels:write"))
def leave(call: SlackCall) -> dict:
    row = _channel(call)
    if row["kind"] == "im":
        raise SlackError("method_not_supported_for_channel_type")
    if row["is_archived"]:
        raise SlackError("is_archived")
    if row["is_general"]:
        raise SlackError("cant_leave_general")
    if not call.state.remove_member(row["id"], call.user):
        return {"not_in_channel": True}
    _system_message(
        call, row["id"], call.user, "channel_leave", f"<@{call.user}> has left the channel"
    )
    events.emit_membership(call, "member_left_channel", row["id"], call.user)
    return {}


@web_method("conversations.invite", scopes=ANY_INVITE)
def invite(call: SlackCall) -> dict:
    row = _channel(call)
    if row["kind"] in ("im", "mpim"):
        raise SlackError("method_not_supported_for_channel_type")
    _writable(call, row)
    users = call.listing("users")
    if not users:
        raise SlackError("no_user")
    if len(users) > 1000:
        raise SlackError("too_many_users")
    errors, added = [], 0
    for user_id in users:
        problem = _invite_problem(call, row, user_id)
        if problem:
            errors.append({"user": user_id, "ok": False, "error": problem})
            continue
        call.state.add_member(row["id"], user_id)
        events.emit_membership(call, "member_joined_channel", row["id"], user_id, inviter=call.user)
        _system_message(
            call,
            row["id"],
            user_id,
            "channel_join",
            f"<@{user_id}> has joined the channel",
            inviter=call.user,
        )
        added += 1
    if errors and not (added and call.flag("force")):
        raise SlackError(errors[0]["error"], errors=errors)
    return {"channel": call.state.channel_object(call.state.channel(row["id"]), call.user)}


def _invite_problem(call: SlackCall, row: sqlite3.Row, user_id: str) -> str | None:
    if user_id == call.user:
        return "cant_invite_self"
    user = call.state.db.one("SELECT * FROM slack_users WHERE id = ?", (user_id,))
    if user is None:
        return "user_not_found"
    if user["deleted"]:
        return "user_is_deactivated"
    if call.state.is_member(row["id"], user_id):
        return "already_in_channel"
    return None


@web_method("conversations.kick", scopes=ANY_MANAGE)
def kick(call: SlackCall) -> dict:
    row = _channel(call, MANAGE_SCOPE)
    if row["kind"] in ("im", "mpim"):
        raise SlackError("method_not_supported_for_channel_type")
    user_id = call.require("user", "user_not_found")
    call.state.user(user_id)
    if user_id == call.user:
        raise SlackError("cant_kick_self")
    if row["is_general"]:
        raise SlackError("cant_kick_from_general")
    _writable(call, row)
    if not call.state.remove_member(row["id"], user_id):
        raise SlackError("not_in_channel")
    events.emit_membership(call, "member_left_channel", row["id"], user_id)
    _system_message(
        call,
        row["id"],
        user_id,
        "channel_leave",
        f"<@{user_id}> has left the channel",
        remover=call.user,
    )
    return {}


@web_method("conversations.archive", scopes=ANY_MANAGE)
def archive(call: SlackCall) -> dict:
    row = _channel(call, MANAGE_SCOPE)
    if row["kind"] == "im":
        raise SlackError("method_not_supported_for_channel_type")
    if row["is_archived"]:
        raise SlackError("already_archived")
    if row["is_general"]:
        raise SlackError("cant_archive_general")
    if call.is_bot and not call.state.is_member(row["id"], call.user):
        raise SlackError("not_in_channel")
    _system_message(
        call, row["id"], call.user, "channel_archive", f"<@{call.user}> archived the channel"
    )
    call.state.db.execute(
        "UPDATE slack_channels SET is_archived = 1, updated = ? WHERE id = ?",
        (call.state.now(), row["id"]),
    )
    events.emit(
        call, {"type": "channel_archive", "channel": row["id"], "user": call.user}, row["id"]
    )
    return {}


@web_method("conversations.unarchive", scopes=ANY_MANAGE)
def unarchive(call: SlackCall) -> dict:
    row = _channel(call, MANAGE_SCOPE)
    if not row["is_archived"]:
        raise SlackError("not_archived")
    call.state.db.execute(
        "UPDATE slack_channels SET is_archived = 0, updated = ? WHERE id = ?",
        (call.state.now(), row["id"]),
    )
    _system_message(
        call, row["id"], call.user, "channel_unarchive", f"<@{call.user}> un-archived the channel"
    )
    return {}


@web_method("conversations.rename", scopes=ANY_MANAGE)
def rename(call: SlackCall) -> dict:
    row = _channel(call, MANAGE_SCOPE)
    if row["kind"] in ("im", "mpim"):
        raise SlackError("method_not_supported_for_channel_type")
    _writable(call, row)
    name = _validated_name(call.get("name"))
    if name != row["name"]:
        _name_free(call, name)
    call.state.db.execute(
        "UPDATE slack_channels SET name = ?, updated = ? WHERE id = ?",
        (name, call.state.now(), row["id"]),
    )
    _system_message(
        call,
        row["id"],
        call.user,
        "channel_name",
        f'<@{call.user}> renamed the channel from "{row["name"]}" to "{name}"',
        old_name=row["name"],
        name=name,
    )
    return {"channel": call.state.channel_object(call.state.channel(row["id"]), call.user)}


def _set_text_attribute(call: SlackCall, attribute: str) -> dict:
    row = _channel(call)
    _writable(call, row)
    value = str(call.get(attribute, ""))
    if len(value) > MAX_TOPIC:
        raise SlackError("too_long")
    record = {"value": value, "creator": call.user, "last_set": int(call.state.now())}
    call.state.db.execute(
        f"UPDATE slack_channels SET {attribute} = ?, updated = ? WHERE id = ?",
        (json.dumps(record), call.state.now(), row["id"]),
    )
    verb = f"set the channel {attribute}: {value}" if value else f"cleared the channel {attribute}"
    _system_message(
        call,
        row["id"],
        call.user,
        f"channel_{attribute}",
        f"<@{call.user}> {verb}",
        **{attribute: value},
    )
    return {"channel": call.state.channel_object(call.state.channel(row["id"]), call.user)}


@web_method("conversations.setTopic", scopes=ANY_TOPIC)
def set_topic(call: SlackCall) -> dict:
    return _set_text_attribute(call, "topic")


@web_method("conversations.setPurpose", scopes=ANY_TOPIC)
def set_purpose(call: SlackCall) -> dict:
    return _set_text_attribute(call, "purpose")


@web_method("conversations.members", scopes=ANY_READ)
def members(call: SlackCall) -> dict:
    row = _channel(call, READ_SCOPE)
    chunk, meta = page(call, call.state.members(row["id"]))
    return {"members": chunk, "response_metadata": meta}


@web_method("conversations.open", scopes=("im:write", "mpim:write"))
def open_(call: SlackCall) -> dict:
    state = call.state
    if call.get("channel"):
        row = _channel(call)
        return {
            "channel": {"id": row["id"]}
            if not call.flag("return_im")
            else state.channel_object(row, call.user)
        }
    users = call.listing("users")
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > MAX_MPIM_USERS:
        raise SlackError("too_many_users")
    for user_id in users:
        user = state.user(user_id)
        if user["deleted"]:
            raise SlackError("user_disabled")
    people = sorted({call.user, *users})
    if admin_barriers.barrier_between(state, people):
        raise SlackError("cannot_dm_user")
    kind = "im" if len(people) <= 2 else "mpim"
    call.require_scope("im:write" if kind == "im" else "mpim:write")
    existing = _existing_conversation(call, kind, people)
    if existing is not None:
        row = state.channel(existing)
        answer = {"no_op": True, "already_open": True}
    else:
        other = next((u for u in people if u != call.user), call.user)
        if kind == "im":
            channel_id = state.create_channel(None, "im", call.user, im_user=other)
        else:
            names = [state.user(u)["name"] for u in people]
            channel_id = state.create_channel(f"mpdm-{'--'.join(names)}-1", "mpim", call.user)
        for user_id in people:
            state.add_member(channel_id, user_id)
        row, answer = state.channel(channel_id), {}
    state.db.execute(
        "DELETE FROM slack_closed WHERE channel_id = ? AND user_id = ?", (row["id"], call.user)
    )
    if call.flag("return_im") or kind == "mpim":
        return {"channel": state.channel_object(row, call.user), **answer}
    return {"channel": {"id": row["id"]}, **answer}


def _existing_conversation(call: SlackCall, kind: str, people: list[str]) -> str | None:
    for row in call.state.db.all("SELECT id FROM slack_channels WHERE kind = ?", (kind,)):
        if sorted(call.state.members(row["id"])) == people:
            return row["id"]
    return None


@web_method("conversations.mark", scopes=(*ANY_MANAGE, "channels:write"))
def mark(call: SlackCall) -> dict:
    row = _channel(call)
    ts = call.require("ts", "invalid_timestamp")
    if not _is_ts(str(ts)):
        raise SlackError("invalid_timestamp")
    if not call.state.is_member(row["id"], call.user):
        raise SlackError("not_in_channel")
    call.state.db.execute(
        "UPDATE slack_members SET last_read = ? WHERE channel_id = ? AND user_id = ?",
        (_pad(str(ts)), row["id"], call.user),
    )
    return {}


@web_method(
    "conversations.close", scopes=("channels:write", "groups:write", "im:write", "mpim:write")
)
def close(call: SlackCall) -> dict:
    row = _channel(call)
    if row["kind"] not in ("im", "mpim"):
        raise SlackError("method_not_supported_for_channel_type")
    if not call.state.is_member(row["id"], call.user):
        raise SlackError("user_does_not_own_channel")
    closed = call.state.db.execute(
        "INSERT OR IGNORE INTO slack_closed(channel_id, user_id) VALUES (?, ?)",
        (row["id"], call.user),
    )
    return {} if closed.rowcount else {"no_op": True, "already_closed": True}
