"""External selects: the options a person sees are loaded from the app (``block_suggestion``).

Typing in an external select of an app's message or open modal sends the app ``block_suggestion``
with what was typed (``value``); the app answers with ``options`` or ``option_groups``, which the
web client shows, and which the twin remembers as the ones that person may now choose.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.slack import block_actions
from darkfactory.twins.slack.api import SlackError
from darkfactory.twins.slack.interactivity import (
    app_row,
    body_of,
    clicked_message,
    common,
    deliver,
    on_message,
    open_view,
    view_object,
    viewer,
)
from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

EXTERNAL = {"external_select", "multi_external_select"}


def _where(state: SlackState, body: dict, user_id: str) -> tuple[list[dict], str, dict]:
    """The blocks typed in, the app they belong to, and the payload fields naming them: an open
    modal (``view_id``) or a message (``channel``, ``ts``)."""
    if body.get("view_id"):
        view = open_view(state, str(body["view_id"]), user_id)
        where = {"container": {"type": "view", "view_id": view["id"]}}
        where["view"] = view_object(state, view)
        return json.loads(view["view"]).get("blocks", []), view["app_id"], where
    channel = state.visible_channel(str(body.get("channel")), user_id)
    shown, app_id = clicked_message(state, channel["id"], str(body.get("ts")), user_id)
    where = on_message(channel, shown)
    return shown.get("blocks", []), app_id, where


def ui_routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    async def options(request: Request) -> Response:
        """What a person typed in an external select: the app's options for it."""
        try:
            body = await body_of(request)
            user_id = viewer(state, request)
            blocks, app_id, where = _where(state, body, user_id)
            app = app_row(state, app_id)
            block_id, element = block_actions.find(
                blocks, body.get("block_id"), body.get("action_id")
            )
            if element["type"] not in EXTERNAL:
                raise SlackError("action_not_found")
            with state.db.transaction():
                action_ts = state.new_ts()
            payload = {
                "type": "block_suggestion",
                **common(state, app, user_id),
                **where,
                "action_id": element["action_id"],
                "block_id": block_id,
                "value": str(body.get("value", "")),
                "action_ts": action_ts,
            }
            answer = await deliver(twin, app, app["interactivity_url"], payload)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        with state.db.transaction():
            offered = block_actions.remember(
                state, user_id, app["id"], element["action_id"], answer.body
            )
        return JSONResponse({"ok": answer.ok, "options": offered})

    return [Route("/options", options, methods=["POST"])]
