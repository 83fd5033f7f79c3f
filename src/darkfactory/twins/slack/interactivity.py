"""Interactivity: Block Kit actions, modals and slash commands, delivered to apps as Slack does.

The web client's buttons, modal forms and ``/commands`` call the endpoints here; the twin sends
the app a signed, form-encoded ``payload`` (or command fields) at its interactivity or command
URL, or, for an app in Socket Mode, an ``interactive`` (or ``slash_commands``) envelope over its
connection, with a short-lived ``trigger_id`` for ``views.open`` and a ``response_url`` the app
may post back to. Apps answer within 3 s, as with Slack; a Socket Mode ack's response payload is
read as the HTTP response body is. Each delivery is recorded in ``slack_deliveries`` under its
trigger id. The flows inside modals, external select options, shortcuts and dialogs build on the
helpers here, each in a module of its own (``modals``, ``suggestions``, ``shortcuts``,
``dialogs``); ``client`` gathers their endpoints.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.ids import HEX
from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.kit.stored_json import dumps
from darkfactory.twins.slack import block_actions, ephemeral, events
from darkfactory.twins.slack.api import SlackError
from darkfactory.twins.slack.socket_mode import Unacked
from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

TRIGGER_SECONDS = 3
RESPONSE_URL_SECONDS = 30 * 60
RESPONSE_URL_USES = 5


def new_trigger(state: SlackState, app_id: str, user_id: str, channel_id: str | None) -> str:
    number = state.universe.ids.derive("slack.team-number", 12, "0123456789")
    trigger = f"{number}.{int(state.now())}.{state.universe.ids.token('slack.trigger', 32, HEX)}"
    state.db.insert(
        "slack_triggers",
        {
            "trigger_id": trigger,
            "app_id": app_id,
            "user_id": user_id,
            "channel_id": channel_id,
            "expires": state.now() + TRIGGER_SECONDS,
        },
    )
    return trigger


def use_trigger(
    state: SlackState,
    trigger_id: str | None,
    app_id: str,
    errors: tuple[str, str] = ("invalid_trigger_id", "expired_trigger_id"),
) -> sqlite3.Row:
    """The trigger a ``views.open``/``push`` (or ``dialog.open``) names; it works once, for 3 s,
    for its app. ``errors`` are the method's names for an unknown and an expired trigger."""
    row = state.db.one("SELECT * FROM slack_triggers WHERE trigger_id = ?", (trigger_id,))
    if row is None or row["app_id"] != app_id:
        raise SlackError(errors[0])
    state.db.execute("DELETE FROM slack_triggers WHERE trigger_id = ?", (trigger_id,))
    if row["expires"] < state.now():
        raise SlackError(errors[1])
    return row


def new_response_url(
    state: SlackState, app_id: str, user_id: str, channel_id: str, message_ts: str | None
) -> str:
    token = state.universe.ids.token("slack.response-url", 32, HEX)
    state.db.insert(
        "slack_responses",
        {
            "token": token,
            "app_id": app_id,
            "user_id": user_id,
            "channel_id": channel_id,
            "message_ts": message_ts,
            "expires": state.now() + RESPONSE_URL_SECONDS,
            "uses": 0,
        },
    )
    return f"{state.universe.url}/slack/hooks/actions/{token}"


def user_summary(state: SlackState, user_id: str) -> dict[str, Any]:
    user = state.user(user_id)
    return {
        "id": user_id,
        "username": user["name"],
        "name": user["name"],
        "team_id": user["team_id"],
    }


@dataclass(frozen=True)
class Answer:
    """An app's answer to a delivery: its HTTP status (None in Socket Mode) and body."""

    ok: bool
    status: int | None
    body: dict[str, Any]


# Interactive payloads whose ack may carry a response (``response_action``), as Slack flags them.
RESPONDING = {"view_submission", "block_suggestion", "dialog_submission", "dialog_suggestion"}


async def deliver(twin: SlackTwin, app: dict, url: str | None, payload: dict) -> Answer:
    """Send an interaction (a ``payload`` with a ``type``) or a slash command (the command's
    fields) to an app, at ``url`` or over its Socket Mode connection; raises SlackError when it
    cannot be reached. The delivery is recorded under the payload's trigger id, else its
    ``action_ts``, else its view's id."""
    if app["socket_mode"]:
        answer, error = await _by_socket(twin, app, payload)
    else:
        answer, error = await _by_http(app, url, payload, twin.state.now())
    events.record(
        twin.universe,
        app["id"],
        payload.get("trigger_id") or payload.get("action_ts") or payload["view"]["id"],
        payload.get("type") or payload["command"],
        0,
        "socket" if app["socket_mode"] else "http",
        status=answer.status if answer else None,
        error=error,
    )
    if answer is None:
        raise SlackError("app_unreachable", detail=error)
    return answer


async def _by_socket(twin: SlackTwin, app: dict, payload: dict) -> tuple[Answer | None, str | None]:
    kind = "interactive" if "type" in payload else "slash_commands"
    accepts = kind == "slash_commands" or payload["type"] in RESPONDING
    try:
        body = await twin.sockets.exchange(
            app["id"], kind, payload, events.TIMEOUT_S, accepts_response_payload=accepts
        )
    except Unacked as unacked:
        return None, unacked.reason
    return Answer(True, None, body), None


async def _by_http(
    app: dict, url: str | None, payload: dict, now: float
) -> tuple[Answer | None, str | None]:
    if not url:
        raise SlackError("app_has_no_url")
    form = {"payload": json.dumps(payload)} if "type" in payload else payload
    body = urlencode(form)
    headers = events.sign(app["signing_secret"], body, int(now))
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        async with httpx.AsyncClient(timeout=events.TIMEOUT_S) as client:
            response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, type(exc).__name__
    return Answer(response.is_success, response.status_code, _json_or_text(response)), None


def clicked_message(state: SlackState, channel_id: str, ts: str, user_id: str) -> tuple[dict, str]:
    """The app's message a person acted on (a stored one, or an ephemeral one shown to them)
    and the id of the app that sent it."""
    stored = state.db.one(
        "SELECT * FROM slack_messages WHERE channel_id = ? AND ts = ?", (channel_id, ts)
    )
    if stored is not None:
        shown = state.message_object(stored)
    else:
        row = ephemeral.find(state, channel_id, ts, user_id)
        if row is None:
            raise SlackError("message_not_found")
        shown = ephemeral.message_object(state, row)
    bot = state.db.one("SELECT app_id FROM slack_bots WHERE id = ?", (shown.get("bot_id"),))
    if bot is None:
        raise SlackError("not_an_app_message")
    return shown, bot["app_id"]


def on_message(channel: sqlite3.Row, shown: dict) -> dict[str, Any]:
    """The fields of a payload about a message acted on: its container, channel and (unless it
    is ephemeral) the message itself."""
    return {
        "container": {
            "type": "message",
            "message_ts": shown["ts"],
            "channel_id": channel["id"],
            "is_ephemeral": bool(shown.get("is_ephemeral")),
        },
        "channel": {"id": channel["id"], "name": channel["name"]},
        **({} if shown.get("is_ephemeral") else {"message": shown}),
    }


def _parts(body: dict) -> dict[str, Any]:
    """The structured parts of an app's message: its blocks and attachments."""
    return {k: body[k] for k in ("blocks", "attachments") if isinstance(body.get(k), list)}


@operation("response_url")
def respond(call: Call) -> Response:
    """An app posting to a ``response_url``: replacing or deleting the message acted on (stored
    or ephemeral), a new message in the channel (``in_channel``), or an ephemeral one."""
    state: SlackState = call.twin.state
    row = state.db.one(
        "SELECT * FROM slack_responses WHERE token = ?", (call.path_params["token"],)
    )
    if row is None or row["expires"] < state.now() or row["uses"] >= RESPONSE_URL_USES:
        return JSONResponse({"ok": False, "error": "expired_url"}, 404)
    body = call.json if isinstance(call.json, dict) else None
    if body is None or not isinstance(body.get("text", ""), str):
        return JSONResponse({"ok": False, "error": "invalid_payload"}, 400)
    state.db.execute("UPDATE slack_responses SET uses = uses + 1 WHERE token = ?", (row["token"],))
    app = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (row["app_id"],))
    text, extra = body.get("text", ""), _parts(body)
    channel_id, ts = row["channel_id"], row["message_ts"]
    stored = state.db.one(
        "SELECT * FROM slack_messages WHERE channel_id = ? AND ts = ?", (channel_id, ts)
    )
    shown = ephemeral.find(state, channel_id, ts, row["user_id"]) if stored is None else None
    if body.get("delete_original") and stored is not None:
        previous = state.message_object(stored, with_replies=False)
        state.delete_message(channel_id, ts)
        events.emit_hidden(call, channel_id, "message_deleted", previous, deleted_ts=ts)
    elif body.get("replace_original") and stored is not None:
        previous = state.message_object(stored, with_replies=False)
        state.db.execute(
            "UPDATE slack_messages SET text = ?, extra = ? WHERE channel_id = ? AND ts = ?",
            (text, dumps(extra), channel_id, ts),
        )
        current = state.message_object(state.message(channel_id, ts), with_replies=False)
        events.emit_hidden(call, channel_id, "message_changed", previous, message=current)
    elif body.get("delete_original") and shown is not None:
        ephemeral.delete(state, shown)
    elif body.get("replace_original") and shown is not None:
        ephemeral.replace(state, shown, text, extra)
    elif body.get("response_type") == "in_channel":
        thread_ts = body.get("thread_ts") if isinstance(body.get("thread_ts"), str) else None
        posted = state.post(
            channel_id,
            app["bot_user_id"],
            text,
            bot_id=app["bot_id"],
            thread_ts=thread_ts,
            extra=extra,
        )
        events.emit_message(call, channel_id, posted)
    else:
        ephemeral.post(state, channel_id, row["user_id"], app["bot_user_id"], text, extra)
    return JSONResponse({"ok": True})


def routes() -> list[Route]:
    return [Route("/hooks/actions/{token}", respond, methods=["POST"])]


def viewer(state: SlackState, request: Request) -> str:
    """The person using the web client (its viewer cookie), else the primary owner."""
    return request.cookies.get("slack_viewer") or state.db.scalar(
        "SELECT id FROM slack_users WHERE is_primary_owner = 1"
    )


async def body_of(request: Request) -> dict[str, Any]:
    """The web client's JSON body: ``invalid_payload`` unless it is an object."""
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise SlackError("invalid_payload") from None
    if not isinstance(body, dict):
        raise SlackError("invalid_payload")
    return body


def app_row(state: SlackState, app_id: str) -> dict:
    row = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (app_id,))
    if row is None:
        raise SlackError("app_not_found")
    return dict(row)


def common(state: SlackState, app: dict, user_id: str) -> dict[str, Any]:
    """The fields every interactive payload carries: who, which app and team."""
    team = state.team()
    return {
        "team": {"id": team["id"], "domain": team["domain"]},
        "user": user_summary(state, user_id),
        "api_app_id": app["id"],
        "token": app["verification_token"],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def open_view(state: SlackState, view_id: str, user_id: str) -> sqlite3.Row:
    """The open view ``view_id`` shown to ``user_id``: ``view_not_found`` otherwise."""
    view = state.db.one(
        "SELECT * FROM slack_views WHERE id = ? AND open = 1 AND user_id = ?", (view_id, user_id)
    )
    if view is None:
        raise SlackError("view_not_found")
    return view


def ui_routes(twin: SlackTwin) -> list[Route]:
    """Endpoints the web client calls for clicks on messages and slash commands."""
    state = twin.state

    async def action(request: Request) -> Response:
        """A click or choice on a message's Block Kit element: ``block_actions`` to its app."""
        try:
            body = await body_of(request)
            user_id = viewer(state, request)
            channel = state.visible_channel(str(body.get("channel")), user_id)
            shown, app_id = clicked_message(state, channel["id"], str(body.get("ts")), user_id)
            app = app_row(state, app_id)
            with state.db.transaction():
                trigger = new_trigger(state, app["id"], user_id, channel["id"])
                response_url = new_response_url(
                    state, app["id"], user_id, channel["id"], shown["ts"]
                )
                action_ts = state.new_ts()
            block_id, element = block_actions.find(
                shown.get("blocks", []), body.get("block_id"), body.get("action_id")
            )
            chosen = block_actions.choice(state, element, body.get("selected"), user_id, app["id"])
            payload = {
                "type": "block_actions",
                **common(state, app, user_id),
                **on_message(channel, shown),
                "trigger_id": trigger,
                "state": {"values": block_actions.state_values(element, block_id, chosen)},
                "response_url": response_url,
                "actions": [block_actions.action(element, block_id, chosen, action_ts)],
            }
            answer = await deliver(twin, app, app["interactivity_url"], payload)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        return JSONResponse({"ok": answer.ok, "status": answer.status})

    async def command(request: Request) -> Response:
        """A ``/command text`` typed in the composer, sent to the app that registered it."""
        try:
            body = await body_of(request)
            user_id = viewer(state, request)
            name, _, text = str(body.get("text", "")).strip().partition(" ")
            registered = state.db.one("SELECT * FROM slack_commands WHERE command = ?", (name,))
            if registered is None:
                raise SlackError("unknown_command")
            app = app_row(state, registered["app_id"])
            channel = state.channel(str(body.get("channel")))
            team = state.team()
            with state.db.transaction():
                trigger = new_trigger(state, app["id"], user_id, channel["id"])
                response_url = new_response_url(state, app["id"], user_id, channel["id"], None)
            form = {
                "token": app["verification_token"],
                "team_id": team["id"],
                "team_domain": team["domain"],
                "channel_id": channel["id"],
                "channel_name": channel["name"] or "directmessage",
                "user_id": user_id,
                "user_name": state.user(user_id)["name"],
                "command": name,
                "text": text,
                "api_app_id": app["id"],
                "is_enterprise_install": "false",
                "response_url": response_url,
                "trigger_id": trigger,
            }
            answer = await deliver(twin, app, registered["url"], form)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        reply = answer.body
        if reply:
            with state.db.transaction():
                if reply.get("response_type") == "in_channel":
                    state.post(
                        channel["id"],
                        app["bot_user_id"],
                        reply.get("text", ""),
                        bot_id=app["bot_id"],
                    )
                else:
                    ephemeral.post(
                        state,
                        channel["id"],
                        user_id,
                        app["bot_user_id"],
                        str(reply.get("text", "")),
                        _parts(reply),
                    )
        return JSONResponse({"ok": answer.ok, "response": reply})

    async def modal(request: Request) -> Response:
        """The viewer's open modal, if any (the web client polls this on live updates)."""
        row = state.db.one(
            "SELECT * FROM slack_views WHERE user_id = ? AND type = 'modal' "
            "AND open = 1 ORDER BY updated DESC LIMIT 1",
            (viewer(state, request),),
        )
        return JSONResponse({"view": view_object(state, row) if row else None})

    return [
        Route("/actions", action, methods=["POST"]),
        Route("/commands", command, methods=["POST"]),
        Route("/modal", modal, methods=["GET"]),
    ]


def _json_or_text(answer: httpx.Response) -> dict[str, Any]:
    if not answer.content:
        return {}
    try:
        reply = answer.json()
    except ValueError:
        return {"text": answer.text}
    return reply if isinstance(reply, dict) else {}


def view_object(state: SlackState, row: sqlite3.Row) -> dict[str, Any]:
    view = json.loads(row["view"])
    app = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (row["app_id"],))
    return {
        "id": row["id"],
        "team_id": state.team_id(),
        "type": row["type"],
        "blocks": view.get("blocks", []),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": json.loads(row["state"] or "{}")},
        "hash": row["hash"],
        "title": view.get("title"),
        "clear_on_close": bool(view.get("clear_on_close")),
        "notify_on_close": bool(view.get("notify_on_close")),
        "close": view.get("close"),
        "submit": view.get("submit"),
        "previous_view_id": row["previous_view_id"],
        "root_view_id": row["root_view_id"],
        "app_id": row["app_id"],
        "external_id": row["external_id"] or "",
        "app_installed_team_id": state.team_id(),
        "bot_id": app["bot_id"],
    }
