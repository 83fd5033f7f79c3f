"""Shortcuts: an app's entries in the web client's shortcut menu (global) and message menu.

An app defines them as Slack's manifest does (``features.shortcuts``: ``name``, ``type``
``global`` or ``message``, ``callback_id``, ``description``). Choosing a global shortcut sends
the app ``shortcut``; choosing a message shortcut on a message the person can see sends
``message_action`` with the message and a ``response_url``. Both carry a ``trigger_id``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.slack.api import SlackError
from darkfactory.twins.slack.interactivity import (
    app_row,
    body_of,
    common,
    deliver,
    new_response_url,
    new_trigger,
    viewer,
)
from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

KINDS = ("global", "message")


def valid(shortcuts: Any) -> bool:
    """Whether ``shortcuts`` is a list of manifest shortcuts."""
    return isinstance(shortcuts, list) and all(
        isinstance(s, dict)
        and s.get("type") in KINDS
        and all(isinstance(s.get(k), str) and s[k] for k in ("name", "callback_id"))
        for s in shortcuts
    )


def define(state: SlackState, app_id: str, shortcuts: list[dict[str, Any]]) -> None:
    """Replace the app's shortcuts."""
    state.db.execute("DELETE FROM slack_shortcuts WHERE app_id = ?", (app_id,))
    for shortcut in shortcuts:
        state.db.insert(
            "slack_shortcuts",
            {
                "app_id": app_id,
                "callback_id": shortcut["callback_id"],
                "type": shortcut["type"],
                "name": shortcut["name"],
                "description": shortcut.get("description", ""),
            },
        )


def listing(state: SlackState) -> list[dict[str, Any]]:
    """Every installed app's shortcuts, as the web client's menus offer them."""
    rows = state.db.all(
        "SELECT s.*, a.name AS app_name FROM slack_shortcuts s JOIN slack_apps a "
        "ON a.id = s.app_id ORDER BY a.name, s.name"
    )
    return [dict(r) for r in rows]


def ui_routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    async def menu(request: Request) -> Response:
        return JSONResponse({"ok": True, "shortcuts": listing(state)})

    async def choose(request: Request) -> Response:
        """A shortcut chosen: ``{callback_id, app_id?}``, with ``channel`` and ``ts`` for a
        message shortcut."""
        try:
            body = await body_of(request)
            user_id = viewer(state, request)
            shortcut = state.db.one(
                "SELECT * FROM slack_shortcuts WHERE callback_id = ? AND app_id = "
                "COALESCE(?, app_id) ORDER BY app_id LIMIT 1",
                (body.get("callback_id"), body.get("app_id")),
            )
            if shortcut is None:
                raise SlackError("shortcut_not_found")
            app = app_row(state, shortcut["app_id"])
            payload = {
                "type": "shortcut",
                **common(state, app, user_id),
                "callback_id": shortcut["callback_id"],
            }
            channel_id = None
            if shortcut["type"] == "message":
                channel = state.visible_channel(str(body.get("channel")), user_id)
                channel_id = channel["id"]
                message = state.message(channel_id, body.get("ts"))
                payload.update(
                    type="message_action",
                    channel={"id": channel_id, "name": channel["name"]},
                    message_ts=message["ts"],
                    message=state.message_object(message),
                )
            with state.db.transaction():
                payload["trigger_id"] = new_trigger(state, app["id"], user_id, channel_id)
                payload["action_ts"] = state.new_ts()
                if channel_id:
                    payload["response_url"] = new_response_url(
                        state, app["id"], user_id, channel_id, None
                    )
            answer = await deliver(twin, app, app["interactivity_url"], payload)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        return JSONResponse({"ok": answer.ok, "status": answer.status})

    return [
        Route("/shortcuts", menu, methods=["GET"]),
        Route("/shortcuts", choose, methods=["POST"]),
    ]
