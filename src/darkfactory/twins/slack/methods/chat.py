"""``chat.*``: posting, editing, deleting, ephemeral, scheduled, permalinks and streaming.

A streamed message (``chat.startStream``) is a thread reply its app grows with
``chat.appendStream`` until ``chat.stopStream``; appending to any other message is
``message_not_in_streaming_state``. Each call adds its ``markdown_text`` and the text of its
``markdown_text`` chunks.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from darkfactory.twins.kit.stored_json import dumps
from darkfactory.twins.slack import ephemeral, events, message_objects
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods import admin_conversations, assistant
from darkfactory.twins.slack.pagination import page

MAX_TEXT = 40_000
MAX_BLOCKS = 50
MAX_SCHEDULE_DAYS = 120


def _found_as(error: str, find: Callable[..., Any], *args: Any) -> Any:
    """``find(*args)``, its refusal answered as ``error``: the method's own word for not found."""
    try:
        return find(*args)
    except SlackError:
        raise SlackError(error) from None


def _target(call: SlackCall) -> sqlite3.Row:
    """The conversation a message goes to: a channel id, a ``#name``, or a user id (their DM)."""
    state = call.state
    ref = str(call.require("channel", "channel_not_found"))
    if ref.startswith("#"):
        row = state.db.one("SELECT * FROM slack_channels WHERE name = ?", (ref[1:],))
        if row is None:
            raise SlackError("channel_not_found")
        ref = row["id"]
    if ref.startswith(("U", "W")):
        state.user(ref, "channel_not_found")
        return state.channel(state.direct_message(call.user, ref))
    row = state.visible_channel(ref, call.user)
    if row["is_archived"]:
        raise SlackError("is_archived")
    if not row["member"]:
        if row["kind"] == "public" and call.grant.has("chat:write.public"):
            return row
        raise SlackError("not_in_channel")
    return row


def _content(call: SlackCall, required: bool = True) -> tuple[str, dict[str, Any]]:
    """The message text and its structured parts, validated as Slack validates them."""
    text = call.get("text", "") or ""
    blocks = call.structured("blocks")
    attachments = call.structured("attachments")
    if required and not text and not blocks and not attachments:
        raise SlackError("no_text")
    if len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    extra: dict[str, Any] = {}
    if blocks is not None:
        if not isinstance(blocks, list) or not all(
            isinstance(b, dict) and "type" in b for b in blocks
        ):
            raise SlackError("invalid_blocks")
        if len(blocks) > MAX_BLOCKS:
            raise SlackError(
                "invalid_blocks",
                response_metadata={
                    "messages": [
                        f"[ERROR] must be less than {MAX_BLOCKS + 1} items [json-pointer:/blocks]"
                    ]
                },
            )
        extra["blocks"] = [_with_block_id(call, b) for b in blocks]
    if attachments is not None:
        if not isinstance(attachments, list):
            raise SlackError("invalid_attachments")
        extra["attachments"] = [{"id": i + 1, **a} for i, a in enumerate(attachments)]
    metadata = call.structured("metadata")
    if metadata is not None:
        extra["metadata"] = metadata
    return text, extra


def _with_block_id(call: SlackCall, block: dict) -> dict:
    if "block_id" in block:
        return block
    return {**block, "block_id": call.universe.ids.token("slack.block", 5, prefix="")}


def _rich_text(call: SlackCall, text: str) -> dict:
    """The ``rich_text`` block Slack gives a message posted with text alone."""
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return _with_block_id(call, {"type": "rich_text", "elements": [section]})


def _author(call: SlackCall, extra: dict[str, Any]) -> dict[str, Any]:
    """Bot messages carry the bot's id and profile; ``username``/``icon_*`` need customize."""
    if not call.is_bot:
        return {}
    bot = call.state.bot_for_user(call.user)
    fields: dict[str, Any] = {"bot_id": bot["id"], "app_id": bot["app_id"]}
    if call.get("username") or call.get("icon_emoji") or call.get("icon_url"):
        call.require_scope("chat:write.customize")
        extra["username"] = call.get("username", bot["name"])
        for icon in ("icon_emoji", "icon_url"):
            if call.get(icon):
                extra.setdefault("icons", {})[icon.removeprefix("icon_")] = call.get(icon)
    extra["bot_profile"] = {
        "id": bot["id"],
        "app_id": bot["app_id"],
        "name": bot["name"],
        "deleted": bool(bot["deleted"]),
        "team_id": call.state.team_id(),
    }
    return fields


def _thread(call: SlackCall, channel_id: str) -> str | None:
    thread_ts = call.get("thread_ts")
    if thread_ts is None:
        return None
    parent = call.state.db.one(
        "SELECT * FROM slack_messages WHERE channel_id = ? AND ts = ?", (channel_id, str(thread_ts))
    )
    if parent is None:
        raise SlackError("thread_not_found")
    return parent["thread_ts"] or parent["ts"]


@web_method("chat.postMessage", scopes="chat:write")
def post_message(call: SlackCall) -> dict:
    row = _target(call)
    if not admin_conversations.may_post(call, row["id"]):
        raise SlackError("restricted_action")
    text, extra = _content(call)
    if text and "blocks" not in extra and "attachments" not in extra:
        extra["blocks"] = [_rich_text(call, text)]
    author = _author(call, extra)
    thread_ts = _thread(call, row["id"])
    if thread_ts and call.flag("reply_broadcast"):
        extra["subtype"] = "thread_broadcast"
    state = call.state
    stored = {
        "channel_id": row["id"],
        "user_id": call.user,
        "bot_id": author.get("bot_id"),
        "thread_ts": thread_ts,
        "subtype": extra.pop("subtype", None),
        "text": text,
        "extra": extra,
    }
    stored["ts"] = ts = state.post(
        row["id"],
        call.user,
        text,
        bot_id=stored["bot_id"],
        thread_ts=thread_ts,
        subtype=stored["subtype"],
        extra=extra,
    )
    if thread_ts:
        message = state.message_object(state.message(row["id"], ts))
        if call.is_bot:
            assistant.clear_status(state, row["id"], thread_ts)
    else:
        message = message_objects.posted(state, stored)
    events.emit_message(call, row["id"], ts, message, kind=row["kind"])
    return {"channel": row["id"], "ts": ts, "message": message}


@web_method("chat.meMessage", scopes="chat:write")
def me_message(call: SlackCall) -> dict:
    row = _target(call)
    text = call.require("text", "no_text")
    ts = call.state.post(row["id"], call.user, text, subtype="me_message")
    events.emit_message(call, row["id"], ts)
    return {"channel": row["id"], "ts": ts}


@web_method("chat.update", scopes="chat:write")
def update(call: SlackCall) -> dict:
    state = call.state
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    message = state.message(row["id"], call.require("ts", "message_not_found"))
    if message["user_id"] != call.user:
        raise SlackError("cant_update_message")
    if row["is_archived"]:
        raise SlackError("is_archived")
    text, extra = _content(call, required=False)
    previous = state.message_object(message, with_replies=False)
    merged = json.loads(message["extra"])
    merged.update(extra)
    new_text = text if (text or extra) else message["text"]
    edited = {"user": call.user, "ts": state.new_ts()}
    state.db.execute(
        "UPDATE slack_messages SET text = ?, extra = ?, edited = ? WHERE channel_id = ? AND ts = ?",
        (new_text, dumps(merged), dumps(edited), row["id"], message["ts"]),
    )
    updated = state.message_object(state.message(row["id"], message["ts"]))
    events.emit_hidden(call, row["id"], "message_changed", previous, edited["ts"], message=updated)
    return {"channel": row["id"], "ts": message["ts"], "text": new_text, "message": updated}


@web_method("chat.delete", scopes="chat:write")
def delete(call: SlackCall) -> dict:
    state = call.state
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    message = state.message(row["id"], call.require("ts", "message_not_found"))
    caller = state.user(call.user)
    if message["user_id"] != call.user and not (caller["is_admin"] and not call.is_bot):
        raise SlackError("cant_delete_message")
    previous = state.message_object(message, with_replies=False)
    state.delete_message(row["id"], message["ts"])
    events.emit_hidden(call, row["id"], "message_deleted", previous, deleted_ts=message["ts"])
    return {"channel": row["id"], "ts": message["ts"]}


@web_method("chat.postEphemeral", scopes="chat:write")
def post_ephemeral(call: SlackCall) -> dict:
    state = call.state
    row = _target(call)
    user_id = call.require("user", "user_not_found")
    state.user(user_id)
    if not state.is_member(row["id"], user_id):
        raise SlackError("user_not_in_channel")
    text, extra = _content(call)
    _author(call, extra)
    thread_ts = _thread(call, row["id"])
    if thread_ts:
        extra["thread_ts"] = thread_ts
    return {"message_ts": ephemeral.post(state, row["id"], user_id, call.user, text, extra)}


@web_method("chat.startStream", scopes="chat:write")
def start_stream(call: SlackCall) -> dict:
    row = _target(call)
    thread_ts = _thread(call, row["id"])
    if thread_ts is None:
        raise SlackError("invalid_arguments", response_metadata={"messages": ["thread_ts"]})
    extra: dict[str, Any] = {}
    author = _author(call, extra)
    state = call.state
    text = _streamed(call)
    ts = state.post(
        row["id"], call.user, text, bot_id=author.get("bot_id"), thread_ts=thread_ts, extra=extra
    )
    state.db.insert("slack_streams", {"channel_id": row["id"], "ts": ts, "user_id": call.user})
    events.emit_message(call, row["id"], ts)
    return {"channel": row["id"], "ts": ts}


def _streaming(call: SlackCall) -> sqlite3.Row:
    """The caller's message still streaming at ``channel``/``ts``."""
    state = call.state
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    message = state.message(row["id"], call.require("ts", "message_not_found"))
    if not state.db.one(
        "SELECT 1 FROM slack_streams WHERE channel_id = ? AND ts = ? AND user_id = ?",
        (row["id"], message["ts"], call.user),
    ):
        raise SlackError("message_not_in_streaming_state")
    return message


def _streamed(call: SlackCall) -> str:
    """The text a stream call adds: its ``markdown_text``, then its markdown text chunks."""
    chunks = call.structured("chunks")
    if chunks is None:
        chunks = []
    if not isinstance(chunks, list) or not all(
        isinstance(c, dict) and isinstance(c.get("type"), str) for c in chunks
    ):
        raise SlackError("invalid_arguments", response_metadata={"messages": ["chunks"]})
    words = [c.get("text", "") for c in chunks if c["type"] == "markdown_text"]
    return str(call.get("markdown_text", "")) + "".join(str(w) for w in words)


def _grow(call: SlackCall, message: sqlite3.Row, extra: dict[str, Any]) -> None:
    text = message["text"] + _streamed(call)
    merged = {**json.loads(message["extra"]), **extra}
    call.state.db.execute(
        "UPDATE slack_messages SET text = ?, extra = ? WHERE channel_id = ? AND ts = ?",
        (text, dumps(merged), message["channel_id"], message["ts"]),
    )


@web_method("chat.appendStream", scopes="chat:write")
def append_stream(call: SlackCall) -> dict:
    message = _streaming(call)
    if call.get("chunks") is None:
        call.require("markdown_text")
    _grow(call, message, {})
    return {"channel": message["channel_id"], "ts": message["ts"]}


@web_method("chat.stopStream", scopes="chat:write")
def stop_stream(call: SlackCall) -> dict:
    message = _streaming(call)
    _text, extra = _content(call, required=False)
    _grow(call, message, extra)
    call.state.db.execute(
        "DELETE FROM slack_streams WHERE channel_id = ? AND ts = ?",
        (message["channel_id"], message["ts"]),
    )
    shown = call.state.message_object(call.state.message(message["channel_id"], message["ts"]))
    return {"channel": message["channel_id"], "ts": message["ts"], "message": shown}


@web_method("chat.getPermalink")
def get_permalink(call: SlackCall) -> dict:
    state = call.state
    row = state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    message = state.message(row["id"], call.require("message_ts", "message_not_found"))
    digits = message["ts"].replace(".", "")
    link = f"{call.universe.url}/ui/slack/archives/{row['id']}/p{digits}"
    if message["thread_ts"] and message["thread_ts"] != message["ts"]:
        link += f"?thread_ts={message['thread_ts']}&cid={row['id']}"
    return {"channel": row["id"], "permalink": link}


@web_method("chat.scheduleMessage", scopes="chat:write")
def schedule_message(call: SlackCall) -> dict:
    state = call.state
    row = _target(call)
    try:
        post_at = int(float(call.require("post_at", "invalid_time")))
    except (ValueError, OverflowError):
        raise SlackError("invalid_time") from None
    now = state.now()
    if post_at <= now:
        raise SlackError("time_in_past")
    if post_at > now + MAX_SCHEDULE_DAYS * 86400:
        raise SlackError("time_too_far")
    text, extra = _content(call)
    if call.get("thread_ts"):
        extra["thread_ts"] = _thread(call, row["id"])
    scheduled_id = state.new_id("Q")
    state.db.execute(
        "INSERT INTO slack_scheduled(id, channel_id, post_at, user_id, text, extra, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (scheduled_id, row["id"], post_at, call.user, text, json.dumps(extra), now),
    )
    return {
        "channel": row["id"],
        "scheduled_message_id": scheduled_id,
        "post_at": post_at,
        "message": {
            "type": "message",
            "text": text,
            "user": call.user,
            "team": call.state.team_id(),
            **({"bot_id": call.grant.meta.get("bot_id")} if call.is_bot else {}),
            **extra,
        },
    }


@web_method("chat.deleteScheduledMessage", scopes="chat:write")
def delete_scheduled_message(call: SlackCall) -> dict:
    row = call.state.visible_channel(call.require("channel", "channel_not_found"), call.user)
    scheduled_id = call.require("scheduled_message_id", "invalid_scheduled_message_id")
    cur = call.state.db.execute(
        "DELETE FROM slack_scheduled WHERE id = ? AND channel_id = ? AND user_id = ?",
        (scheduled_id, row["id"], call.user),
    )
    if not cur.rowcount:
        raise SlackError("invalid_scheduled_message_id")
    return {}


@web_method("chat.scheduledMessages.list", scopes="chat:write")
def scheduled_messages_list(call: SlackCall) -> dict:
    sql, params = "SELECT * FROM slack_scheduled WHERE user_id = ?", [call.user]
    if call.get("channel"):
        _found_as("invalid_channel", call.state.visible_channel, call.get("channel"), call.user)
        sql += " AND channel_id = ?"
        params.append(call.get("channel"))
    for bound, op in (("oldest", ">="), ("latest", "<=")):
        if call.get(bound):
            sql += f" AND post_at {op} ?"
            params.append(call.integer(bound))
    rows = call.state.db.all(sql + " ORDER BY post_at, id", params)
    chunk, meta = page(call, rows)
    return {
        "scheduled_messages": [
            {
                "id": r["id"],
                "channel_id": r["channel_id"],
                "post_at": r["post_at"],
                "date_created": int(r["created"]),
                "text": r["text"],
            }
            for r in chunk
        ],
        "response_metadata": meta,
    }


@web_method("chat.unfurl", scopes="links:write")
def unfurl(call: SlackCall) -> dict:
    channel, ts = call.require("channel", "missing_channel"), call.require("ts", "missing_ts")
    row = _found_as("cannot_find_channel", call.state.visible_channel, channel, call.user)
    message = _found_as("cannot_find_message", call.state.message, row["id"], ts)
    unfurls = call.structured("unfurls")
    if not isinstance(unfurls, dict) or not unfurls:
        raise SlackError("missing_unfurls")
    extra = json.loads(message["extra"] or "{}")
    shown = [a for a in extra.get("attachments", []) if a.get("app_unfurl_url") not in unfurls]
    app_id = call.grant.meta.get("app_id")
    for url, attachment in unfurls.items():
        if url not in message["text"] or not isinstance(attachment, dict):
            raise SlackError("cannot_unfurl_url")
        shown.append(
            {
                **attachment,
                "id": len(shown) + 1,
                "from_url": url,
                "original_url": url,
                "app_unfurl_url": url,
                "is_app_unfurl": True,
                "app_id": app_id,
            }
        )
    extra["attachments"] = shown
    call.state.db.execute(
        "UPDATE slack_messages SET extra = ? WHERE channel_id = ? AND ts = ?",
        (dumps(extra), row["id"], message["ts"]),
    )
    return {}
