"""``dialog.open``: the legacy form an app opens with a ``trigger_id`` from a message or command.

A dialog has a ``title`` (24 characters at most), a ``callback_id`` and 1 to 10 ``elements``
(``text``, ``textarea`` or ``select``, each with a ``label`` and a unique ``name``). It is shown to
the person whose interaction minted the trigger, in the conversation it happened in; the
person's submission or cancellation reaches the app as described in ``dialogs``.
"""

from __future__ import annotations

import json
from typing import Any

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.interactivity import use_trigger
from darkfactory.twins.slack.methods.views import app_id_of

MAX_TITLE = 24
MAX_ELEMENTS = 10
KINDS = {"text", "textarea", "select"}
SOURCES = {"static", "users", "channels", "conversations", "external"}


def _problems(dialog: dict[str, Any]) -> list[str]:
    """Why Slack would refuse ``dialog``, in its ``validation_errors`` wording."""
    problems = []
    title = dialog.get("title")
    if not isinstance(title, str) or not title:
        problems.append("[ERROR] missing required field: title [json-pointer:/dialog/title]")
    elif len(title) > MAX_TITLE:
        problems.append(
            f"[ERROR] must be {MAX_TITLE} characters or less [json-pointer:/dialog/title]"
        )
    if not isinstance(dialog.get("callback_id"), str) or not dialog["callback_id"]:
        problems.append(
            "[ERROR] missing required field: callback_id [json-pointer:/dialog/callback_id]"
        )
    elements = dialog.get("elements")
    if not isinstance(elements, list) or not 0 < len(elements) <= MAX_ELEMENTS:
        problems.append(
            f"[ERROR] must have 1 to {MAX_ELEMENTS} items [json-pointer:/dialog/elements]"
        )
        return problems
    names = set()
    for i, element in enumerate(elements):
        at = f"[json-pointer:/dialog/elements/{i}]"
        if not isinstance(element, dict) or element.get("type") not in KINDS:
            problems.append(f"[ERROR] type must be one of {', '.join(sorted(KINDS))} {at}")
            continue
        if not all(isinstance(element.get(k), str) and element[k] for k in ("label", "name")):
            problems.append(f"[ERROR] label and name are required {at}")
        elif element["name"] in names:
            problems.append(f"[ERROR] name must be unique {at}")
        names.add(element.get("name"))
        if element["type"] == "select" and element.get("data_source", "static") not in SOURCES:
            problems.append(f"[ERROR] data_source must be one of {', '.join(sorted(SOURCES))} {at}")
    return problems


@web_method("dialog.open")
def open_(call: SlackCall) -> dict:
    state = call.state
    trigger_id = call.require("trigger_id", "missing_trigger")
    dialog = call.structured("dialog")
    if dialog is None:
        raise SlackError("missing_dialog")
    if not isinstance(dialog, dict):
        raise SlackError("invalid_json")
    app_id = app_id_of(call)
    app = state.db.one("SELECT * FROM slack_apps WHERE id = ?", (app_id,))
    if not app["interactivity_url"] and not app["socket_mode"]:
        raise SlackError("app_missing_action_url")
    problems = _problems(dialog)
    if problems:
        raise SlackError("validation_errors", response_metadata={"messages": problems})
    trigger = use_trigger(state, trigger_id, app_id, ("invalid_trigger", "trigger_expired"))
    if trigger["channel_id"] is None:
        raise SlackError("cannot_create_dialog")
    state.db.insert(
        "slack_dialogs",
        {
            "id": state.new_id("DL"),
            "app_id": app_id,
            "user_id": trigger["user_id"],
            "channel_id": trigger["channel_id"],
            "dialog": json.dumps(dialog),
            "opened": state.now(),
        },
    )
    return {}
