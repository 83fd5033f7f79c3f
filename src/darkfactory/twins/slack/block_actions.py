"""What a click or a choice on a Block Kit element reports: the ``actions`` and ``state`` of a
``block_actions`` payload.

Interactive elements live in ``actions`` blocks, as a ``section``'s ``accessory`` and as an
``input`` block's ``element``. A person's choice arrives from the web client as ``selected`` (a
string, or a list for the multi-choice elements) and is checked against the element: an option
must be one the element offers (for an external select, one the app last offered that person in
answer to a ``block_suggestion``), a user or conversation must exist, a date must be a date.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from darkfactory.twins.slack.api import SlackError
from darkfactory.twins.slack.state import SlackState

# Elements whose choice is one of their own options, and the field Slack reports it in.
OPTION_FIELDS = {
    "static_select": "selected_option",
    "external_select": "selected_option",
    "overflow": "selected_option",
    "radio_buttons": "selected_option",
    "multi_static_select": "selected_options",
    "multi_external_select": "selected_options",
    "checkboxes": "selected_options",
}
# Elements whose choice is a user or a conversation id.
ID_FIELDS = {
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
}
# Elements whose choice is text of a given shape.
TEXT_FIELDS = {
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "plain_text_input": "value",
    "rich_text_input": "rich_text_value",
    "email_text_input": "value",
    "url_text_input": "value",
    "number_input": "value",
}
STATELESS = {"button", "overflow"}  # reported in ``actions`` only, never in ``state.values``


def elements(blocks: list[dict]) -> list[tuple[str, dict]]:
    """Every interactive element of ``blocks`` with its block id, in order."""
    found = []
    for block in blocks:
        if block.get("type") == "actions":
            found += [(block.get("block_id"), e) for e in block.get("elements", [])]
        elif block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            found.append((block.get("block_id"), block["accessory"]))
        elif block.get("type") == "input" and isinstance(block.get("element"), dict):
            found.append((block.get("block_id"), block["element"]))
    return [(b, e) for b, e in found if e.get("action_id")]


def find(blocks: list[dict], block_id: str | None, action_id: str | None) -> tuple[str, dict]:
    """The element ``action_id`` (in block ``block_id``, when given): ``action_not_found``."""
    for found_block, element in elements(blocks):
        if element["action_id"] == action_id and block_id in (None, found_block):
            return found_block, element
    raise SlackError("action_not_found")


def options_of(holder: dict) -> list[dict]:
    """The options of an element (or of an app's answer to a suggestion), groups flattened."""
    groups = holder.get("option_groups")
    found = (
        holder.get("options")
        if not isinstance(groups, list)
        else [o for g in groups if isinstance(g, dict) for o in g.get("options", [])]
    )
    return [o for o in found if isinstance(o, dict)] if isinstance(found, list) else []


def suggested(state: SlackState, user_id: str, app_id: str, action_id: str) -> list[dict]:
    """The options an app last offered ``user_id`` for an external select ``action_id``."""
    row = state.db.one(
        "SELECT options FROM slack_suggestions WHERE user_id = ? AND app_id = ? AND action_id = ?",
        (user_id, app_id, action_id),
    )
    return json.loads(row["options"]) if row else []


def remember(state: SlackState, user_id: str, app_id: str, action_id: str, reply: dict) -> list:
    """Keep the options an app's answer offers ``user_id`` for ``action_id``; returns them."""
    offered = options_of(reply)
    state.db.execute(
        "INSERT OR REPLACE INTO slack_suggestions(user_id, app_id, action_id, options) "
        "VALUES (?, ?, ?, ?)",
        (user_id, app_id, action_id, json.dumps(offered)),
    )
    return offered


def _chosen_options(element: dict, selected: Any, external: list[dict]) -> dict | list[dict]:
    many = OPTION_FIELDS[element["type"]] == "selected_options"
    wanted = selected if isinstance(selected, list) else [selected]
    offered = {o.get("value"): o for o in (external or options_of(element))}
    if (not many and len(wanted) != 1) or any(v not in offered for v in wanted):
        raise SlackError("invalid_option")
    chosen = [offered[v] for v in wanted]
    return chosen if many else chosen[0]


def _chosen_ids(state: SlackState, element: dict, selected: Any) -> str | list[str]:
    field = ID_FIELDS[element["type"]]
    many = field.endswith("s")
    wanted = selected if isinstance(selected, list) else [selected]
    for value in wanted:
        if field.startswith("selected_user"):
            state.user(str(value), "invalid_option")
        else:
            state.channel(str(value), "invalid_option")
    if not many and len(wanted) != 1:
        raise SlackError("invalid_option")
    return [str(v) for v in wanted] if many else str(wanted[0])


def _rich_text(selected: Any) -> dict:
    """A ``rich_text_input``'s value: the ``rich_text`` block the person typed."""
    if isinstance(selected, str):
        words = [{"type": "text", "text": selected}]
        return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": words}]}
    if isinstance(selected, dict) and selected.get("type") == "rich_text":
        return selected
    raise SlackError("invalid_option")


def _chosen_text(element: dict, selected: Any) -> str | dict:
    if element["type"] == "rich_text_input":
        return _rich_text(selected)
    if not isinstance(selected, str):
        raise SlackError("invalid_option")
    shape = {"datepicker": "%Y-%m-%d", "timepicker": "%H:%M"}.get(element["type"])
    if shape:
        try:
            datetime.datetime.strptime(selected, shape)
        except ValueError:
            raise SlackError("invalid_option") from None
    return selected


def choice(
    state: SlackState, element: dict, selected: Any, user_id: str = "", app_id: str = ""
) -> dict[str, Any]:
    """The fields Slack reports for ``user_id``'s choice on ``element`` of ``app_id``'s message
    or view (none for a button)."""
    kind = element.get("type")
    if kind in OPTION_FIELDS:
        external = "external" in kind
        offered = suggested(state, user_id, app_id, element["action_id"]) if external else []
        if external and not offered:
            raise SlackError("invalid_option")
        return {OPTION_FIELDS[kind]: _chosen_options(element, selected, offered)}
    if kind in ID_FIELDS:
        return {ID_FIELDS[kind]: _chosen_ids(state, element, selected)}
    if kind in TEXT_FIELDS:
        return {TEXT_FIELDS[kind]: _chosen_text(element, selected)}
    if kind == "button":
        return {}
    raise SlackError("action_not_found")


def action(element: dict, block_id: str, chosen: dict[str, Any], action_ts: str) -> dict:
    """One entry of a ``block_actions`` payload's ``actions``."""
    described = {k: element[k] for k in ("text", "value", "style", "placeholder") if k in element}
    return {
        "type": element["type"],
        "action_id": element["action_id"],
        "block_id": block_id,
        **described,
        **chosen,
        "action_ts": action_ts,
    }


def state_values(element: dict, block_id: str, chosen: dict[str, Any]) -> dict[str, Any]:
    """The ``state.values`` a choice leaves: stateful elements only."""
    if element["type"] in STATELESS or not chosen:
        return {}
    return {block_id: {element["action_id"]: {"type": element["type"], **chosen}}}
