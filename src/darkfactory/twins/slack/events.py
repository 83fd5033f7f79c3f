"""The Events API: event envelopes for subscribed apps, signed and delivered with Slack's retries.

Methods call ``emit(call, event)`` while they change state; the envelopes are built then, and
delivered after the change commits, on a task of their own, in order: POSTed to the app's request
URL, or, for an app in Socket Mode, sent as an ``events_api`` envelope over its connection. A
delivery that times out (3 s), fails or goes unacked is retried with ``X-Slack-Retry-Num`` and
``X-Slack-Retry-Reason`` (``retry_attempt``/``retry_reason`` in Socket Mode); the delays between
tries are the universe setting ``slack.retry_delays`` (Slack's own are 0 s, 1 min, 5 min; the
twin defaults to a fraction of a second so tests stay fast). Every attempt is recorded in
``slack_deliveries`` with its transport (``http`` or ``socket``); a Socket Mode attempt has no
status, and succeeded when it has no error.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any

import httpx

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.slack import event_context
from darkfactory.twins.slack.api import SlackCall
from darkfactory.twins.slack.socket_mode import Unacked

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe
    from darkfactory.twins.slack.state import SlackState

TIMEOUT_S = 3.0
DEFAULT_RETRY_DELAYS = [0.2, 0.5, 1.0]
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
CHANNEL_TYPE = {"public": "channel", "private": "group", "im": "im", "mpim": "mpim"}
MESSAGE_SUBSCRIPTION = {
    "public": "message.channels",
    "private": "message.groups",
    "im": "message.im",
    "mpim": "message.mpim",
}
_running: set[asyncio.Task] = set()


def idle() -> bool:
    """Whether no event deliveries (with their retries) are under way."""
    return not _running


def sign(secret: str, body: str, timestamp: int) -> dict[str, str]:
    """Slack's v0 request signature headers for ``body``."""
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}",
    }


def _origin(call: SlackCall | Call) -> Call:
    """The request behind an event: a Web API call's, or that of another twin operation."""
    return call.call if isinstance(call, SlackCall) else call


def _state(call: SlackCall | Call) -> SlackState:
    return _origin(call).twin.state


def _subscribers(
    call: SlackCall | Call, subscription: str, channel_id: str | None
) -> list[sqlite3.Row]:
    state = _state(call)
    rows = state.kept_query(
        f"subscribers:{subscription}",
        "SELECT * FROM slack_apps WHERE (request_url IS NOT NULL OR socket_mode = 1) AND "
        "EXISTS (SELECT 1 FROM json_each(events) WHERE value = ?)",
        (subscription,),
        fetch="all",
    )
    if channel_id is None:
        return list(rows)
    return [r for r in rows if state.is_member(channel_id, r["bot_user_id"])]


def emit(
    call: SlackCall | Call,
    event: dict[str, Any],
    channel_id: str | None = None,
    channel_kind: str | None = None,
) -> None:
    """Queue ``event`` for every app subscribed to it (in ``channel_id``'s apps, if given);
    ``channel_kind`` is the kind of that conversation, when the caller has read it already."""
    state = _state(call)
    event = {**event, "event_ts": event.get("event_ts") or event.get("ts") or state.new_ts()}
    kind = event["type"]
    if kind == "message":
        channel_kind = channel_kind or state.channel(channel_id)["kind"]
        event["channel_type"] = CHANNEL_TYPE[channel_kind]
        _queue(call, _subscribers(call, MESSAGE_SUBSCRIPTION[channel_kind], channel_id), event)
        mentioned = set(MENTION.findall(event.get("text", "")))
        if mentioned:
            apps = [
                a
                for a in _subscribers(call, "app_mention", channel_id)
                if a["bot_user_id"] in mentioned and a["bot_user_id"] != event.get("user")
            ]
            mention = {k: v for k, v in event.items() if k not in ("channel_type", "subtype")}
            _queue(call, apps, {**mention, "type": "app_mention"})
        return
    _queue(call, _subscribers(call, kind, channel_id), event)


def _queue(call: SlackCall | Call, apps: list[sqlite3.Row], event: dict[str, Any]) -> None:
    if not apps:
        return
    state = _state(call)
    team = state.team_id()
    envelopes = []
    for app in apps:
        envelope = {
            "token": app["verification_token"],
            "team_id": team,
            "context_team_id": team,
            "api_app_id": app["id"],
            "event": event,
            "type": "event_callback",
            "event_id": state.new_id("Ev"),
            "event_time": int(state.now()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team,
                    "user_id": app["bot_user_id"],
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": event_context.encode(
                event["type"], team, app["id"], event.get("channel")
            ),
        }
        envelopes.append((dict(app), envelope))
    origin = _origin(call)
    universe = origin.universe
    pending = getattr(origin, "slack_events", None)
    if pending is None:
        pending = origin.slack_events = []

        async def start() -> None:
            task = asyncio.create_task(_deliver_all(universe, pending))
            _running.add(task)
            task.add_done_callback(_running.discard)

        origin.after.append(start)
    pending.extend(envelopes)


async def _deliver_all(universe: Universe, envelopes: list[tuple[dict, dict]]) -> None:
    async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
        for app, envelope in envelopes:
            await _deliver(universe, client, app, envelope)


Outcome = tuple[int | None, str | None, str | None]  # status, error, retry reason (None: done)


async def _deliver(
    universe: Universe, client: httpx.AsyncClient, app: dict, envelope: dict
) -> None:
    delays = universe.store.setting("slack.retry_delays", DEFAULT_RETRY_DELAYS)
    transport = "socket" if app["socket_mode"] else "http"
    reason = ""
    for attempt in range(len(delays) + 1):
        if transport == "socket":
            status, error, failure = await _by_socket(universe, app, envelope, attempt, reason)
        else:
            status, error, failure = await _by_http(
                universe, client, app, envelope, attempt, reason
            )
        record(
            universe,
            app["id"],
            envelope["event_id"],
            envelope["event"]["type"],
            attempt,
            transport,
            status=status,
            error=error,
        )
        if failure is None:
            return
        reason = failure
        if attempt < len(delays):
            await asyncio.sleep(delays[attempt])


async def _by_http(
    universe: Universe,
    client: httpx.AsyncClient,
    app: dict,
    envelope: dict,
    attempt: int,
    reason: str,
) -> Outcome:
    body = json.dumps(envelope)
    headers = sign(app["signing_secret"], body, int(universe.clock.now()))
    if attempt:
        headers.update({"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": reason})
    try:
        response = await client.post(app["request_url"], content=body, headers=headers)
    except httpx.TimeoutException:
        return None, "timeout", "http_timeout"
    except httpx.HTTPError as exc:
        return None, type(exc).__name__, "connection_failed"
    failed = not 200 <= response.status_code < 300
    return response.status_code, None, "http_error" if failed else None


async def _by_socket(
    universe: Universe, app: dict, envelope: dict, attempt: int, reason: str
) -> Outcome:
    sockets = universe.twins["slack"].sockets
    try:
        await sockets.exchange(
            app["id"], "events_api", envelope, TIMEOUT_S, retry=(attempt, reason)
        )
    except Unacked as unacked:
        return None, unacked.reason, unacked.reason
    return None, None, None


def record(
    universe: Universe,
    app_id: str,
    event_id: str,
    event_type: str,
    attempt: int,
    transport: str,
    status: int | None = None,
    error: str | None = None,
) -> None:
    """One delivery attempt to an app: an event, or an interaction (by its trigger id)."""
    with universe.store.transaction():
        universe.store.insert(
            "slack_deliveries",
            {
                "app_id": app_id,
                "event_id": event_id,
                "event_type": event_type,
                "attempt": attempt,
                "status": status,
                "error": error,
                "at": universe.clock.now(),
                "transport": transport,
            },
        )


def emit_message(
    call: SlackCall | Call,
    channel_id: str,
    ts: str,
    message: dict[str, Any] | None = None,
    kind: str | None = None,
) -> None:
    """A message event (and app_mention) for a message just stored; ``message`` is its message
    object, when the caller has it already (a message just stored has no replies to count), and
    ``kind`` the kind of its conversation."""
    if message is None:
        state = _state(call)
        message = state.message_object(state.message(channel_id, ts), with_replies=False)
    emit(call, {**message, "channel": channel_id}, channel_id, kind)


def emit_hidden(
    call: SlackCall | Call,
    channel_id: str,
    subtype: str,
    previous: dict,
    ts: str | None = None,
    **more,
) -> None:
    """A ``message`` event Slack marks ``hidden``: an edit (``message_changed``) or a deletion
    (``message_deleted``) of the message ``previous`` shows as it was before."""
    event = {
        "type": "message",
        "subtype": subtype,
        "hidden": True,
        "channel": channel_id,
        "ts": ts or _state(call).new_ts(),
        **more,
        "previous_message": previous,
    }
    emit(call, event, channel_id)


def emit_membership(
    call: SlackCall, kind: str, channel_id: str, user_id: str, **extra: Any
) -> None:
    """``member_joined_channel`` or ``member_left_channel``."""
    channel = call.state.channel(channel_id)
    emit(
        call,
        {
            "type": kind,
            "user": user_id,
            "channel": channel_id,
            "channel_type": "C" if channel["kind"] == "public" else "G",
            "team": call.state.team_id(),
            **extra,
        },
        channel_id,
    )
