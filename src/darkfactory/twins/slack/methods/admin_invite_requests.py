"""``admin.inviteRequests.*``: members' requests to invite someone, which an admin approves
(the person joins the workspace and the channels asked for) or denies.

Members ask at ``POST /slack/_invite_requests`` (``{"requester", "email", "channel_ids",
"reason"}``), the twin's stand-in for the invite dialog of a workspace that needs approval.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.routing import Route

from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.filing import Refused, filing_route
from darkfactory.twins.slack.methods.admin_users import team_of
from darkfactory.twins.slack.pagination import page
from darkfactory.twins.slack.state import SlackState

EXPIRY_S = 30 * 86400


def ask(state: SlackState, body: dict) -> str:
    """File a member's request (``requester``, ``email``, ``channel_ids``, ``reason``) to invite
    someone; returns its id."""
    requester, email = str(body.get("requester", "")), str(body.get("email", ""))
    channels = [str(c) for c in body.get("channel_ids", [])]
    if state.db.scalar("SELECT deleted FROM slack_users WHERE id = ?", (requester,)) != 0:
        raise Refused("user_not_found")
    if "@" not in email:
        raise Refused("invalid_email")
    for channel_id in channels:
        if not state.db.one("SELECT 1 FROM slack_channels WHERE id = ?", (channel_id,)):
            raise Refused("channel_not_found")
    request_id = state.new_id("Ir")
    state.db.insert(
        "slack_invite_requests",
        {
            "id": request_id,
            "email": email.strip().lower(),
            "team_id": state.team_id(),
            "requester": requester,
            "reason": str(body.get("reason", "")),
            "channel_ids": json.dumps(channels),
            "date_created": state.now(),
        },
    )
    return request_id


def _shown(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "email": row["email"],
        "date_created": int(row["date_created"]),
        "requester_ids": [row["requester"]],
        "channel_ids": json.loads(row["channel_ids"]),
        "invite_type": "full_member",
        "real_name": "",
        "date_expire": int(row["date_created"] + EXPIRY_S),
        "request_reason": row["reason"],
    }


def _pending(call: SlackCall) -> sqlite3.Row:
    team_of(call)
    row = call.state.db.one(
        "SELECT * FROM slack_invite_requests WHERE id = ?",
        (call.require("invite_request_id", "invalid_request"),),
    )
    if row is None:
        raise SlackError("invalid_request")
    if row["status"] != "pending":
        raise SlackError("already_processed")
    return row


def _decide(call: SlackCall, row: sqlite3.Row, status: str) -> None:
    call.state.db.execute(
        "UPDATE slack_invite_requests SET status = ?, reviewer = ?, date_reviewed = ? WHERE id = ?",
        (status, call.user, call.state.now(), row["id"]),
    )


@web_method("admin.inviteRequests.approve", scopes="admin.invites:write")
def approve(call: SlackCall) -> dict:
    row = _pending(call)
    email = row["email"]
    if call.state.db.one("SELECT 1 FROM slack_users WHERE lower(email) = ?", (email,)):
        raise SlackError("failed_to_send_invite")
    handle = email.split("@", 1)[0]
    user_id = call.state.create_user(handle, handle, email)
    for channel_id in json.loads(row["channel_ids"]):
        call.state.add_member(channel_id, user_id)
    _decide(call, row, "approved")
    events.emit(
        call, {"type": "team_join", "user": call.state.user_object(call.state.user(user_id))}
    )
    return {}


@web_method("admin.inviteRequests.deny", scopes="admin.invites:write")
def deny(call: SlackCall) -> dict:
    _decide(call, _pending(call), "denied")
    return {}


def _listed(call: SlackCall, status: str) -> tuple[list[sqlite3.Row], dict]:
    team_of(call)
    rows = call.state.db.all(
        "SELECT * FROM slack_invite_requests WHERE status = ? ORDER BY date_created, id",
        (status,),
    )
    return page(call, rows, default_limit=100)


@web_method("admin.inviteRequests.list", scopes="admin.invites:read")
def requests_list(call: SlackCall) -> dict:
    chunk, meta = _listed(call, "pending")
    return {"invite_requests": [_shown(r) for r in chunk], "response_metadata": meta}


def _reviewed(row: sqlite3.Row, key: str) -> dict[str, Any]:
    return {
        "invite_request": _shown(row),
        key: {"actor_type": "user", "actor_id": row["reviewer"]},
    }


@web_method("admin.inviteRequests.approved.list", scopes="admin.invites:read")
def approved_list(call: SlackCall) -> dict:
    chunk, meta = _listed(call, "approved")
    return {
        "approved_requests": [_reviewed(r, "approved_by") for r in chunk],
        "response_metadata": meta,
    }


@web_method("admin.inviteRequests.denied.list", scopes="admin.invites:read")
def denied_list(call: SlackCall) -> dict:
    chunk, meta = _listed(call, "denied")
    return {
        "denied_requests": [_reviewed(r, "denied_by") for r in chunk],
        "response_metadata": meta,
    }


def routes(state: SlackState) -> list[Route]:
    return [filing_route(state, "/_invite_requests", ask, "invite_request_id")]
