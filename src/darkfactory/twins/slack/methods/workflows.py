"""``workflows.featured.*``: the workflows a channel features, by their link triggers.

Triggers are made in Workflow Builder; the twin's stand-in is the setup route
``POST /slack/_workflows/triggers`` (``title``, ``type``). Only link (``shortcut``) triggers can be
featured, at most 15 to a channel; anyone who can see a channel may list its featured
workflows, and only its members may change them (``restricted_action`` otherwise).
"""

from __future__ import annotations

import json

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

MAX_FEATURED = 15
TRIGGER_TYPES = ("shortcut", "event", "scheduled", "webhook")


@operation("workflows.triggers.create")
def create_trigger(call: Call) -> Response:
    body = call.json if isinstance(call.json, dict) else {}
    title, kind = body.get("title"), body.get("type", "shortcut")
    if not isinstance(title, str) or not title.strip() or kind not in TRIGGER_TYPES:
        raise SlackError("invalid_arguments", 400, types=list(TRIGGER_TYPES))
    state = call.twin.state
    trigger = {"id": state.new_id("Ft"), "title": title, "type": kind, "created": state.now()}
    state.db.insert("slack_workflow_triggers", trigger)
    return JSONResponse({"ok": True, "trigger": trigger}, 201)


def _featured(call: SlackCall, channel_id: str) -> list[str]:
    rows = call.state.db.all(
        "SELECT trigger_id FROM slack_featured_workflows WHERE channel_id = ? ORDER BY position",
        (channel_id,),
    )
    return [r["trigger_id"] for r in rows]


def _changing(call: SlackCall) -> tuple[str, list[str]]:
    """The channel the caller may change, and the link triggers named."""
    channel = call.state.visible_channel(call.require("channel_id"), call.user)
    if not call.state.is_member(channel["id"], call.user):
        raise SlackError("restricted_action")
    trigger_ids = call.listing("trigger_ids")  # none at all clears a channel's (for .set)
    known = {
        r["id"]
        for r in call.state.db.all(
            "SELECT id FROM slack_workflow_triggers WHERE type = 'shortcut' AND id IN "
            "(SELECT value FROM json_each(?))",
            (json.dumps(trigger_ids),),
        )
    }
    if not set(trigger_ids) <= known:
        raise SlackError("error_modifying_workflows")
    return channel["id"], trigger_ids


def _feature(call: SlackCall, channel_id: str, trigger_ids: list[str]) -> None:
    """Make ``trigger_ids`` (in order, at most 15) the channel's featured workflows."""
    ordered = list(dict.fromkeys(trigger_ids))
    if len(ordered) > MAX_FEATURED:
        raise SlackError("error_modifying_workflows")
    call.state.db.execute(
        "DELETE FROM slack_featured_workflows WHERE channel_id = ?", (channel_id,)
    )
    for position, trigger_id in enumerate(ordered):
        call.state.db.insert(
            "slack_featured_workflows",
            {"channel_id": channel_id, "trigger_id": trigger_id, "position": position},
        )


@web_method("workflows.featured.add", scopes="bookmarks:write")
def featured_add(call: SlackCall) -> dict:
    channel_id, trigger_ids = _changing(call)
    _feature(call, channel_id, _featured(call, channel_id) + trigger_ids)
    return {}


@web_method("workflows.featured.remove", scopes="bookmarks:write")
def featured_remove(call: SlackCall) -> dict:
    channel_id, trigger_ids = _changing(call)
    _feature(call, channel_id, [t for t in _featured(call, channel_id) if t not in trigger_ids])
    return {}


@web_method("workflows.featured.set", scopes="bookmarks:write")
def featured_set(call: SlackCall) -> dict:
    channel_id, trigger_ids = _changing(call)
    _feature(call, channel_id, trigger_ids)
    return {}


@web_method("workflows.featured.list", scopes="bookmarks:read")
def featured_list(call: SlackCall) -> dict:
    call.require("channel_ids")
    listed = []
    for channel_id in call.listing("channel_ids"):
        channel = call.state.visible_channel(channel_id, call.user)
        rows = call.state.db.all(
            "SELECT t.id, t.title FROM slack_featured_workflows f JOIN slack_workflow_triggers t "
            "ON t.id = f.trigger_id WHERE f.channel_id = ? ORDER BY f.position",
            (channel["id"],),
        )
        listed.append(
            {
                "channel_id": channel["id"],
                "triggers": [{"id": r["id"], "title": r["title"]} for r in rows],
            }
        )
    return {"featured_workflows": listed}


def routes() -> list[Route]:
    return [Route("/_workflows/triggers", create_trigger, methods=["POST"])]
