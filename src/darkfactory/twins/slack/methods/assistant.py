"""``assistant.threads.*``: what an AI app shows in one of its threads: a status, a title and
suggested prompts.

The thread is a message of the conversation (``thread_ts``), in a conversation the app's bot is
in. A status lasts two minutes, or until the app replies in the thread; an empty status clears it.
The twin's setup route ``GET /slack/_assistant?channel=…&thread_ts=…`` shows what is set.

A person opening the app's assistant pane is, for tests, ``POST /slack/_assistant/threads``
``{"app_id", "user", "context_channel"?}``: the app's DM with the person gets a new thread (an
``assistant_app_thread`` message from the bot) and the app gets ``assistant_thread_started``.
``POST /slack/_assistant/threads/context`` ``{"channel_id", "thread_ts", "context_channel"}``
is the person moving to another channel: ``assistant_thread_context_changed``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.kit.stored_json import dumps
from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.state import SlackState

STATUS_SECONDS = 120
MAX_LOADING_MESSAGES = 10
MAX_PROMPTS = 4


def _thread(call: SlackCall) -> tuple[str, str]:
    """The ``(channel_id, thread_ts)`` named, in a conversation the caller is in."""
    state = call.state
    channel = state.visible_channel(call.require("channel_id", "channel_not_found"), call.user)
    if not state.is_member(channel["id"], call.user):
        raise SlackError("channel_not_found")
    thread_ts = str(call.require("thread_ts", "invalid_thread_ts"))
    state.message(channel["id"], thread_ts, "invalid_thread_ts")
    return channel["id"], thread_ts


def _set(state: SlackState, channel_id: str, thread_ts: str, **fields: Any) -> None:
    state.db.execute(
        "INSERT OR IGNORE INTO slack_assistant_threads(channel_id, thread_ts) VALUES (?, ?)",
        (channel_id, thread_ts),
    )
    assignments = ", ".join(f"{name} = ?" for name in fields)
    state.db.execute(
        f"UPDATE slack_assistant_threads SET {assignments} WHERE channel_id = ? AND thread_ts = ?",
        (*fields.values(), channel_id, thread_ts),
    )


def clear_status(state: SlackState, channel_id: str, thread_ts: str) -> None:
    """The app answered in its thread: the status goes away."""
    state.db.execute(
        "UPDATE slack_assistant_threads SET status = NULL, loading_messages = NULL "
        "WHERE channel_id = ? AND thread_ts = ?",
        (channel_id, thread_ts),
    )


def _texts(call: SlackCall, name: str, most: int) -> list[str] | None:
    value = call.structured(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SlackError("invalid_arguments")
    if len(value) > most:
        raise SlackError("invalid_arguments")
    return value


@web_method("assistant.threads.setStatus", scopes=("chat:write", "assistant:write"))
def set_status(call: SlackCall) -> dict:
    channel_id, thread_ts = _thread(call)
    status = call.args.get("status")
    if not isinstance(status, str):
        raise SlackError("invalid_arguments")
    loading = _texts(call, "loading_messages", MAX_LOADING_MESSAGES)
    _set(
        call.state,
        channel_id,
        thread_ts,
        status=status or None,
        loading_messages=json.dumps(loading) if loading and status else None,
        status_at=call.state.now(),
    )
    return {}


@web_method("assistant.threads.setTitle", scopes="assistant:write")
def set_title(call: SlackCall) -> dict:
    """The thread's title, shown too on its ``assistant_app_thread`` root message."""
    state = call.state
    channel_id, thread_ts = _thread(call)
    title = str(call.require("title"))
    _set(state, channel_id, thread_ts, title=title)
    root = state.message(channel_id, thread_ts)
    if root["subtype"] == "assistant_app_thread":
        extra = json.loads(root["extra"])
        extra["assistant_app_thread"]["title"] = title
        state.db.execute(
            "UPDATE slack_messages SET extra = ? WHERE channel_id = ? AND ts = ?",
            (dumps(extra), channel_id, thread_ts),
        )
    return {}


@web_method("assistant.threads.setSuggestedPrompts", scopes="assistant:write")
def set_suggested_prompts(call: SlackCall) -> dict:
    channel_id, thread_ts = _thread(call)
    prompts = call.structured("prompts")
    if (
        not isinstance(prompts, list)
        or not 0 < len(prompts) <= MAX_PROMPTS
        or not all(
            isinstance(p, dict)
            and isinstance(p.get("title"), str)
            and isinstance(p.get("message"), str)
            for p in prompts
        )
    ):
        raise SlackError("invalid_arguments")
    shown = [{"title": p["title"], "message": p["message"]} for p in prompts]
    _set(
        call.state,
        channel_id,
        thread_ts,
        prompts=json.dumps(shown),
        prompts_title=call.get("title"),
    )
    return {}


def thread_object(state: SlackState, channel_id: str, thread_ts: str) -> dict[str, Any]:
    """What the thread shows now: its live status, title and prompts."""
    row = state.db.one(
        "SELECT * FROM slack_assistant_threads WHERE channel_id = ? AND thread_ts = ?",
        (channel_id, thread_ts),
    )
    if row is None:
        return {"status": None, "loading_messages": [], "title": None, "prompts": []}
    live = row["status"] and row["status_at"] + STATUS_SECONDS > state.now()
    return {
        "status": row["status"] if live else None,
        "loading_messages": json.loads(row["loading_messages"] or "[]") if live else [],
        "title": row["title"],
        "prompts": json.loads(row["prompts"] or "[]"),
        "prompts_title": row["prompts_title"],
    }


def _body(call: Call, *names: str) -> dict[str, str]:
    body = call.json if isinstance(call.json, dict) else {}
    missing = [n for n in names if not isinstance(body.get(n), str) or not body[n]]
    if missing:
        raise SlackError("invalid_arguments", 400, detail=f"required: {', '.join(missing)}")
    return body


def _started(state: SlackState, user_id: str, channel_id: str, thread_ts: str, body: dict):
    """The ``assistant_thread`` an event carries: who, where, and the channel they look at."""
    context: dict[str, Any] = {"team_id": state.team_id(), "enterprise_id": None}
    if isinstance(body.get("context_channel"), str):
        context["channel_id"] = state.channel(body["context_channel"])["id"]
    return {
        "user_id": user_id,
        "context": context,
        "channel_id": channel_id,
        "thread_ts": thread_ts,
    }


@operation("assistant.thread.open")
def open_thread(call: Call) -> dict:
    """A person opens the app's assistant pane: a new thread and ``assistant_thread_started``."""
    state: SlackState = call.twin.state
    body = _body(call, "app_id", "user")
    app = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (body["app_id"],))
    if app is None:
        raise SlackError("app_not_found", 404)
    user = state.user(body["user"])
    channel_id = state.direct_message(user["id"], app["bot_user_id"])
    thread = {"title": "", "context": {}, "artifacts": []}
    thread_ts = state.post(
        channel_id,
        app["bot_user_id"],
        "New chat",
        bot_id=app["bot_id"],
        subtype="assistant_app_thread",
        extra={"assistant_app_thread": thread},
    )
    started = _started(state, user["id"], channel_id, thread_ts, body)
    events.emit(call, {"type": "assistant_thread_started", "assistant_thread": started}, channel_id)
    return {"ok": True, "channel_id": channel_id, "thread_ts": thread_ts}


@operation("assistant.thread.context")
def change_context(call: Call) -> dict:
    """The person looks at another channel: ``assistant_thread_context_changed``."""
    state: SlackState = call.twin.state
    body = _body(call, "channel_id", "thread_ts", "context_channel")
    root = state.message(body["channel_id"], body["thread_ts"], "invalid_thread_ts")
    if root["subtype"] != "assistant_app_thread":
        raise SlackError("invalid_thread_ts", 400)
    person = next(u for u in state.members(root["channel_id"]) if u != root["user_id"])
    changed = _started(state, person, root["channel_id"], root["ts"], body)
    event = {"type": "assistant_thread_context_changed", "assistant_thread": changed}
    events.emit(call, event, root["channel_id"])
    return {"ok": True}


def routes(state: SlackState) -> list[Route]:
    async def shown(request: Request) -> Response:
        channel_id = request.query_params.get("channel")
        thread_ts = request.query_params.get("thread_ts")
        if not channel_id or not thread_ts:
            return JSONResponse({"ok": False, "error": "channel and thread_ts are required"}, 400)
        return JSONResponse({"ok": True, **thread_object(state, channel_id, thread_ts)})

    return [
        Route("/_assistant", shown, methods=["GET"]),
        Route("/_assistant/threads", open_thread, methods=["POST"]),
        Route("/_assistant/threads/context", change_context, methods=["POST"]),
    ]
