"""Ephemeral messages: seen by one person in one conversation, and kept out of its history.

``chat.postEphemeral``, an app's default answer at a ``response_url`` and a slash command's reply
leave one here, with a ``ts`` an app can act on: a click in one reaches the app with
``container.is_ephemeral``, and the ``response_url`` it carries can replace or delete it. The web
client shows each to its one viewer ("Only visible to you"); for tests, the twin's setup route
``GET /slack/_ephemeral?channel=C…&user=U…`` lists them.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin


def post(
    state: SlackState, channel_id: str, user_id: str, sender: str, text: str, extra: dict
) -> str:
    """Show a message from ``sender`` to ``user_id`` alone; returns its ``ts``."""
    ts = state.new_ts()
    state.db.insert(
        "slack_ephemeral",
        {
            "channel_id": channel_id,
            "ts": ts,
            "user_id": user_id,
            "sender": sender,
            "text": text,
            "extra": json.dumps(extra),
        },
    )
    return ts


def find(state: SlackState, channel_id: str, ts: str | None, user_id: str) -> sqlite3.Row | None:
    """The ephemeral message ``ts`` in ``channel_id``, if ``user_id`` is the one who sees it."""
    return state.db.one(
        "SELECT * FROM slack_ephemeral WHERE channel_id = ? AND ts = ? AND user_id = ?",
        (channel_id, ts, user_id),
    )


def seen_by(state: SlackState, channel_id: str, user_id: str) -> list[sqlite3.Row]:
    return state.db.all(
        "SELECT * FROM slack_ephemeral WHERE channel_id = ? AND user_id = ? ORDER BY ts",
        (channel_id, user_id),
    )


def replace(state: SlackState, row: sqlite3.Row, text: str, extra: dict) -> None:
    state.db.execute(
        "UPDATE slack_ephemeral SET text = ?, extra = ? WHERE channel_id = ? AND ts = ? "
        "AND user_id = ?",
        (text, json.dumps(extra), row["channel_id"], row["ts"], row["user_id"]),
    )


def delete(state: SlackState, row: sqlite3.Row) -> None:
    state.db.execute(
        "DELETE FROM slack_ephemeral WHERE channel_id = ? AND ts = ? AND user_id = ?",
        (row["channel_id"], row["ts"], row["user_id"]),
    )


def message_object(state: SlackState, row: sqlite3.Row) -> dict[str, Any]:
    """The message as its viewer sees it: its sender (and app), text, blocks and ``ts``."""
    message: dict[str, Any] = {
        "type": "message",
        "ts": row["ts"],
        "text": row["text"],
        "user": row["sender"],
        **json.loads(row["extra"]),
        "is_ephemeral": True,
    }
    bot = state.bot_for_user(row["sender"])
    if bot is not None:
        message.update({"subtype": "bot_message", "bot_id": bot["id"], "app_id": bot["app_id"]})
    return message


def routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    async def listing(request: Request) -> Response:
        """The ephemeral messages one person sees in one conversation, oldest first."""
        channel_id = request.query_params.get("channel")
        user_id = request.query_params.get("user")
        if not channel_id or not user_id:
            return JSONResponse({"ok": False, "error": "channel and user are required"}, 400)
        rows = seen_by(state, channel_id, user_id)
        return JSONResponse({"ok": True, "messages": [message_object(state, r) for r in rows]})

    return [Route("/_ephemeral", listing, methods=["GET"])]
