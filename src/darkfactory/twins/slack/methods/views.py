"""``views.*``: modals and App Home views, opened with a ``trigger_id`` from an interaction."""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.interactivity import use_trigger, view_object

MAX_BLOCKS = 100


def app_id_of(call: SlackCall) -> str:
    """The app calling: its bot token's, or the app whose bot the caller is."""
    app_id = call.grant.meta.get("app_id") if call.is_bot else None
    if app_id is None:
        bot = call.state.bot_for_user(call.user)
        app_id = bot["app_id"] if bot else None
    if app_id is None:
        raise SlackError("not_allowed_token_type")
    return app_id


def _view(call: SlackCall, kinds: tuple[str, ...]) -> dict:
    view = call.structured("view")
    if not isinstance(view, dict) or view.get("type") not in kinds:
        raise SlackError(
            "invalid_arguments",
            response_metadata={
                "messages": [f"[ERROR] view.type must be one of {', '.join(kinds)}"]
            },
        )
    if view["type"] == "modal" and not isinstance(view.get("title"), dict):
        raise SlackError(
            "invalid_arguments",
            response_metadata={
                "messages": ["[ERROR] missing required field: title [json-pointer:/view/title]"]
            },
        )
    if len(view.get("blocks", [])) > MAX_BLOCKS:
        raise SlackError("invalid_arguments")
    return {**view, "blocks": [_named(call, b) for b in view.get("blocks", [])]}


def _named(call: SlackCall, block: Any) -> Any:
    """A block with the ``block_id`` (and its input element with the ``action_id``) Slack gives
    one that has none."""
    if not isinstance(block, dict):
        return block
    ids = call.universe.ids
    named = {**block, "block_id": block.get("block_id") or ids.token("slack.block", 5, prefix="")}
    element = block.get("element")
    if block.get("type") == "input" and isinstance(element, dict) and not element.get("action_id"):
        named["element"] = {**element, "action_id": ids.token("slack.action", 5, prefix="")}
    return named


def _store(
    call: SlackCall,
    view: dict,
    user_id: str,
    root: str | None = None,
    previous: str | None = None,
    view_id: str | None = None,
) -> dict:
    state = call.state
    version = state.universe.ids.token("slack.view-hash", 8, MIXED_ALNUM)
    row = {
        "app_id": app_id_of(call),
        "user_id": user_id,
        "type": view["type"],
        "view": json.dumps(view),
        "hash": f"{int(state.now())}.{version}",
        "external_id": view.get("external_id"),
        "updated": state.now(),
    }
    if view_id is None:
        view_id = state.new_id("V")
        state.db.insert(
            "slack_views",
            {"id": view_id, "root_view_id": root or view_id, "previous_view_id": previous, **row},
        )
    else:
        state.db.execute(
            "UPDATE slack_views SET view = :view, hash = :hash, type = :type, "
            "updated = :updated WHERE id = :id",
            {**row, "id": view_id},
        )
    stored = state.db.one("SELECT * FROM slack_views WHERE id = ?", (view_id,))
    return {"view": view_object(state, stored)}


@web_method("views.open")
def open_(call: SlackCall) -> dict:
    trigger = use_trigger(
        call.state, call.require("trigger_id", "invalid_trigger_id"), app_id_of(call)
    )
    return _store(call, _view(call, ("modal",)), trigger["user_id"])


@web_method("views.push")
def push(call: SlackCall) -> dict:
    trigger = use_trigger(
        call.state, call.require("trigger_id", "invalid_trigger_id"), app_id_of(call)
    )
    top = call.state.db.one(
        "SELECT * FROM slack_views WHERE user_id = ? AND type = 'modal' "
        "AND open = 1 ORDER BY updated DESC LIMIT 1",
        (trigger["user_id"],),
    )
    if top is None:
        raise SlackError("not_found")
    return _store(call, _view(call, ("modal",)), trigger["user_id"], top["root_view_id"], top["id"])


@web_method("views.update")
def update(call: SlackCall) -> dict:
    view_id, external = call.get("view_id"), call.get("external_id")
    row = call.state.db.one(
        "SELECT * FROM slack_views WHERE (id = ? OR external_id = ?) AND app_id = ?",
        (view_id, external, app_id_of(call)),
    )
    if row is None:
        raise SlackError("not_found")
    if call.get("hash") and call.get("hash") != row["hash"]:
        raise SlackError("hash_conflict")
    return _store(call, _view(call, ("modal", "home")), row["user_id"], view_id=row["id"])


@web_method("views.publish")
def publish(call: SlackCall) -> dict:
    user_id = call.require("user_id", "user_not_found")
    call.state.user(user_id)
    view = _view(call, ("home",))
    home = call.state.db.one(
        "SELECT * FROM slack_views WHERE user_id = ? AND type = 'home' AND app_id = ?",
        (user_id, app_id_of(call)),
    )
    if home and call.get("hash") and call.get("hash") != home["hash"]:
        raise SlackError("hash_conflict")
    return _store(call, view, user_id, view_id=home["id"] if home else None)
