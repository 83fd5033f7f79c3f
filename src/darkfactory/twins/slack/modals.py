"""A person working in an app's modal: choosing in its elements, submitting it, closing it.

A choice on an element of an open modal reaches the app as ``block_actions`` with a ``view``
container and the view (its ``state.values`` updated); the view remembers what was chosen, so
``views.update``, the next choice and the submission all see it. Submit sends ``view_submission``
with every input's value, typed as its element reports it; Close drops the view (the one below a
pushed view shows again) and, for a view opened with ``notify_on_close``, sends ``view_closed``.
Only the person a modal was opened for can act in it: anyone else gets ``view_not_found``.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.slack import block_actions
from darkfactory.twins.slack.api import SlackError
from darkfactory.twins.slack.interactivity import (
    app_row,
    body_of,
    common,
    deliver,
    new_trigger,
    open_view,
    view_object,
    viewer,
)
from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin


def _blocks(view: sqlite3.Row) -> list[dict]:
    return json.loads(view["view"]).get("blocks", [])


def _merge(state: SlackState, view: sqlite3.Row, values: dict[str, Any]) -> None:
    """Keep ``values`` (block id → action id → value) in the view's state."""
    kept = json.loads(view["state"] or "{}")
    for block_id, actions in values.items():
        kept.setdefault(block_id, {}).update(actions)
    state.db.execute(
        "UPDATE slack_views SET state = ? WHERE id = ?", (json.dumps(kept), view["id"])
    )


def _entered(state: SlackState, view: sqlite3.Row, values: Any) -> dict[str, Any]:
    """The ``state.values`` of a submission's ``{block_id: {action_id: value}}``, each checked
    against its element."""
    if not isinstance(values, dict):
        raise SlackError("invalid_payload")
    entered: dict[str, Any] = {}
    for block, actions in values.items():
        if not isinstance(actions, dict):
            raise SlackError("invalid_payload")
        for action_id, value in actions.items():
            block_id, element = block_actions.find(_blocks(view), block, action_id)
            chosen = block_actions.choice(state, element, value, view["user_id"], view["app_id"])
            entered.update(block_actions.state_values(element, block_id, chosen))
    return entered


def ui_routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    async def act(request: Request) -> Response:
        """A choice on an element of an open modal: ``block_actions`` with the view."""
        try:
            body = await body_of(request)
            user_id = viewer(state, request)
            view = open_view(state, request.path_params["view_id"], user_id)
            app = app_row(state, view["app_id"])
            block_id, element = block_actions.find(
                _blocks(view), body.get("block_id"), body.get("action_id")
            )
            chosen = block_actions.choice(state, element, body.get("selected"), user_id, app["id"])
            with state.db.transaction():
                _merge(state, view, block_actions.state_values(element, block_id, chosen))
                trigger = new_trigger(state, app["id"], user_id, None)
                action_ts = state.new_ts()
            view = state.db.one("SELECT * FROM slack_views WHERE id = ?", (view["id"],))
            payload = {
                "type": "block_actions",
                **common(state, app, user_id),
                "container": {"type": "view", "view_id": view["id"]},
                "trigger_id": trigger,
                "view": view_object(state, view),
                "actions": [block_actions.action(element, block_id, chosen, action_ts)],
            }
            answer = await deliver(twin, app, app["interactivity_url"], payload)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        return JSONResponse({"ok": answer.ok, "status": answer.status})

    async def submit(request: Request) -> Response:
        """A modal's Submit: ``view_submission`` with the inputs' values."""
        try:
            body = await body_of(request)
            user_id = viewer(state, request)
            view = open_view(state, request.path_params["view_id"], user_id)
            app = app_row(state, view["app_id"])
            entered = _entered(state, view, body.get("values", {}))
            with state.db.transaction():
                _merge(state, view, entered)
                trigger = new_trigger(state, app["id"], user_id, None)
            view = state.db.one("SELECT * FROM slack_views WHERE id = ?", (view["id"],))
            payload = {
                "type": "view_submission",
                **common(state, app, user_id),
                "trigger_id": trigger,
                "view": view_object(state, view),
                "response_urls": [],
            }
            answer = await deliver(twin, app, app["interactivity_url"], payload)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        reply = answer.body
        if reply.get("response_action") != "errors":
            with state.db.transaction():
                state.db.execute(
                    "UPDATE slack_views SET open = 0 WHERE root_view_id = ? OR id = ?",
                    (view["root_view_id"] or view["id"], view["id"]),
                )
        return JSONResponse({"ok": answer.ok, "response": reply})

    async def close(request: Request) -> Response:
        """A modal's Close: the view goes; ``view_closed`` if it asked to be told."""
        try:
            user_id = viewer(state, request)
            view = open_view(state, request.path_params["view_id"], user_id)
            app = app_row(state, view["app_id"])
            with state.db.transaction():
                state.db.execute("UPDATE slack_views SET open = 0 WHERE id = ?", (view["id"],))
            shown = view_object(state, view)
            if not shown["notify_on_close"]:
                return JSONResponse({"ok": True, "notified": False})
            payload = {
                "type": "view_closed",
                **common(state, app, user_id),
                "view": shown,
                "is_cleared": False,
            }
            answer = await deliver(twin, app, app["interactivity_url"], payload)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        return JSONResponse({"ok": answer.ok, "notified": True})

    return [
        Route("/views/{view_id}/actions", act, methods=["POST"]),
        Route("/views/{view_id}/submit", submit, methods=["POST"]),
        Route("/views/{view_id}/close", close, methods=["POST"]),
    ]
