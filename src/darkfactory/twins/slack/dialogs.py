"""A person answering an app's dialog (``dialog.open``): submitting, cancelling, loading options.

Submit sends the app ``dialog_submission`` with every named value, once the web client's own
checks pass (a required value present, a text within its length, a choice one the element
offers, a user or conversation that exists). The app's empty answer closes the dialog; an answer
with ``errors`` keeps it open and shows them. Cancel closes it and, for a dialog opened with
``notify_on_cancel``, sends ``dialog_cancellation``. An external select asks the app for its
options with ``dialog_suggestion``. Only the dialog's person sees or answers it.
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
    new_response_url,
    viewer,
)
from darkfactory.twins.slack.state import SlackState

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin

MAX_LENGTH = {"text": 150, "textarea": 3000}


def _open(state: SlackState, dialog_id: str, user_id: str) -> sqlite3.Row:
    row = state.db.one(
        "SELECT * FROM slack_dialogs WHERE id = ? AND user_id = ? AND open = 1",
        (dialog_id, user_id),
    )
    if row is None:
        raise SlackError("dialog_not_found")
    return row


def _offered(state: SlackState, row: sqlite3.Row, element: dict) -> set[str]:
    if element.get("data_source") == "external":
        key = f"dialog:{row['id']}:{element['name']}"
        offered = block_actions.suggested(state, row["user_id"], row["app_id"], key)
    else:
        offered = block_actions.options_of(element)
    return {o.get("value") for o in offered}


def _checked(state: SlackState, row: sqlite3.Row, submission: Any) -> dict[str, str | None]:
    """The submission as Slack sends it (every element named, ``None`` when left empty), or
    ``invalid_submission`` where the web client would not let it through."""
    if not isinstance(submission, dict):
        raise SlackError("invalid_payload")
    checked: dict[str, str | None] = {}
    for element in json.loads(row["dialog"])["elements"]:
        value = submission.get(element["name"])
        if value in (None, ""):
            if not element.get("optional"):
                raise SlackError("invalid_submission", detail=f"{element['name']} is required")
            checked[element["name"]] = None
            continue
        value = str(value)
        kind, source = element["type"], element.get("data_source", "static")
        if kind in MAX_LENGTH and not (
            element.get("min_length", 0)
            <= len(value)
            <= element.get("max_length", MAX_LENGTH[kind])
        ):
            raise SlackError("invalid_submission", detail=f"{element['name']} length")
        if kind == "select" and source == "users":
            state.user(value, "invalid_submission")
        elif kind == "select" and source in ("channels", "conversations"):
            state.visible_channel(value, row["user_id"])
        elif kind == "select" and value not in _offered(state, row, element):
            raise SlackError("invalid_submission", detail=f"{element['name']} is not offered")
        checked[element["name"]] = value
    return checked


def ui_routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    def payload(kind: str, row: sqlite3.Row, app: dict, **more: Any) -> dict[str, Any]:
        dialog = json.loads(row["dialog"])
        channel = state.channel(row["channel_id"])
        with state.db.transaction():
            action_ts = state.new_ts()
        return {
            "type": kind,
            **common(state, app, row["user_id"]),
            "action_ts": action_ts,
            "channel": {"id": channel["id"], "name": channel["name"]},
            "callback_id": dialog["callback_id"],
            "state": dialog.get("state", ""),
            **more,
        }

    async def current(request: Request) -> Response:
        """The viewer's open dialog, if any."""
        row = state.db.one(
            "SELECT * FROM slack_dialogs WHERE user_id = ? AND open = 1 ORDER BY opened DESC",
            (viewer(state, request),),
        )
        shown = {"id": row["id"], **json.loads(row["dialog"])} if row else None
        return JSONResponse({"dialog": shown})

    def close(row: sqlite3.Row) -> None:
        with state.db.transaction():
            state.db.execute("UPDATE slack_dialogs SET open = 0 WHERE id = ?", (row["id"],))

    async def submit(request: Request) -> Response:
        try:
            body = await body_of(request)
            row = _open(state, request.path_params["dialog_id"], viewer(state, request))
            app = app_row(state, row["app_id"])
            submission = _checked(state, row, body.get("submission"))
            with state.db.transaction():
                response_url = new_response_url(
                    state, app["id"], row["user_id"], row["channel_id"], None
                )
            sent = payload(
                "dialog_submission", row, app, submission=submission, response_url=response_url
            )
            answer = await deliver(twin, app, app["interactivity_url"], sent)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code, **error.detail}, 400)
        errors = answer.body.get("errors") if answer.ok else None
        if answer.ok and not errors:
            close(row)
        return JSONResponse({"ok": answer.ok, "errors": errors or []})

    async def cancel(request: Request) -> Response:
        try:
            row = _open(state, request.path_params["dialog_id"], viewer(state, request))
            app = app_row(state, row["app_id"])
            close(row)
            if not json.loads(row["dialog"]).get("notify_on_cancel"):
                return JSONResponse({"ok": True, "notified": False})
            with state.db.transaction():
                response_url = new_response_url(
                    state, app["id"], row["user_id"], row["channel_id"], None
                )
            sent = payload("dialog_cancellation", row, app, response_url=response_url)
            answer = await deliver(twin, app, app["interactivity_url"], sent)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        return JSONResponse({"ok": answer.ok, "notified": True})

    async def suggest(request: Request) -> Response:
        """Typing in an external select: ``dialog_suggestion``, and the options it brings."""
        try:
            body = await body_of(request)
            row = _open(state, request.path_params["dialog_id"], viewer(state, request))
            app = app_row(state, row["app_id"])
            name = str(body.get("name"))
            elements = json.loads(row["dialog"])["elements"]
            if not any(e["name"] == name and e.get("data_source") == "external" for e in elements):
                raise SlackError("element_not_found")
            sent = payload(
                "dialog_suggestion", row, app, name=name, value=str(body.get("value", ""))
            )
            answer = await deliver(twin, app, app["interactivity_url"], sent)
        except SlackError as error:
            return JSONResponse({"ok": False, "error": error.code}, 400)
        with state.db.transaction():
            key = f"dialog:{row['id']}:{name}"
            offered = block_actions.remember(state, row["user_id"], app["id"], key, answer.body)
        return JSONResponse({"ok": answer.ok, "options": offered})

    return [
        Route("/dialog", current, methods=["GET"]),
        Route("/dialogs/{dialog_id}/submit", submit, methods=["POST"]),
        Route("/dialogs/{dialog_id}/cancel", cancel, methods=["POST"]),
        Route("/dialogs/{dialog_id}/options", suggest, methods=["POST"]),
    ]
