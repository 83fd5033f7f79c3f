"""Slack Connect's ``conversations.*``: channels shared with external organizations by invitation.

A bot with ``conversations.connect:write`` invites someone outside (``inviteShared``) into a
channel it belongs to; once the other organization accepts, a bot with
``conversations.connect:manage`` approves or declines (``approveSharedInvite``,
``declineSharedInvite``), and an approved channel is shared with that organization. Invitations
from outside are accepted into a new channel (``acceptSharedInvite``). Members who may not invite
outsiders ask instead; the requests are approved or denied (``requestSharedInvite.*``).

The other organizations are the twin's to play, on setup routes: ``POST
/slack/_connect/invites/{invite_id}/accept`` (``team_name``, ``team_domain``) accepts one of our
invitations, ``POST /slack/_connect/invites`` (``team_name``, ``team_domain``, ``channel_name``)
invites us, and ``POST /slack/_connect/requests`` (``user_id``, ``channel_id``, ``email``) is a
member's request to invite someone.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.pagination import page
from darkfactory.twins.slack.state import CHANNEL_NAME, SlackState

WRITE, MANAGE = "conversations.connect:write", "conversations.connect:manage"
EMAIL = "@"
INVITE_LINK = "https://join.slack.com/share/{}"


# -- shared state -----------------------------------------------------------------------------
def _invite(state: SlackState, invite_id: str | None) -> sqlite3.Row:
    row = state.db.one("SELECT * FROM slack_connect_invites WHERE id = ?", (invite_id,))
    if row is None:
        raise SlackError("invite_not_found")
    return row


def _set_status(state: SlackState, invite_id: str, status: str, **fields: Any) -> None:
    changes = {"status": status, "updated": state.now(), **fields}
    assignments = ", ".join(f"{k} = ?" for k in changes)
    state.db.execute(
        f"UPDATE slack_connect_invites SET {assignments} WHERE id = ?",
        (*changes.values(), invite_id),
    )


def _connect(state: SlackState, team_id: str) -> None:
    state.db.execute(
        "UPDATE slack_external_teams SET status = 'connected', date_connected = ? WHERE id = ?",
        (state.now(), team_id),
    )


def _external_team(state: SlackState, body: dict[str, Any]) -> str:
    """The external organization named in a setup body, known from now on."""
    name, domain = body.get("team_name"), body.get("team_domain")
    if not isinstance(name, str) or not name or not isinstance(domain, str) or not domain:
        raise SlackError("invalid_arguments", 400, needed=["team_name", "team_domain"])
    row = state.db.one("SELECT id FROM slack_external_teams WHERE domain = ?", (domain,))
    if row is not None:
        return row["id"]
    team_id = state.new_id("T")
    state.db.insert("slack_external_teams", {"id": team_id, "name": name, "domain": domain})
    return team_id


def _new_invite(state: SlackState, **fields: Any) -> str:
    invite_id = state.new_id("I")
    now = state.now()
    state.db.insert(
        "slack_connect_invites", {"id": invite_id, "created": now, "updated": now, **fields}
    )
    return invite_id


# -- setup routes: the other side -------------------------------------------------------------
def _body(call: Call) -> dict[str, Any]:
    if not isinstance(call.json, dict):
        raise SlackError("invalid_arguments", 400)
    return call.json


@operation("connect.accept")
def accept_ours(call: Call) -> Response:
    """An external organization accepts one of our invitations; it then awaits approval."""
    state: SlackState = call.twin.state
    invite = _invite(state, call.path_params["invite_id"])
    if invite["direction"] != "sent" or invite["status"] != "pending":
        raise SlackError("invite_used", 409)
    team_id = _external_team(state, _body(call))
    _set_status(state, invite["id"], "accepted", team_id=team_id)
    return JSONResponse({"ok": True, "team_id": team_id})


@operation("connect.invite")
def invite_us(call: Call) -> Response:
    """An external organization invites this workspace into one of its channels."""
    state: SlackState = call.twin.state
    body = _body(call)
    if not isinstance(body.get("channel_name"), str):
        raise SlackError("invalid_arguments", 400, needed=["channel_name"])
    team_id = _external_team(state, body)
    invite_id = _new_invite(
        state,
        direction="received",
        channel_name=body["channel_name"],
        inviting_user=str(body.get("inviting_user") or "U00EXTERNAL"),
        team_id=team_id,
        status="pending",
    )
    return JSONResponse({"ok": True, "invite_id": invite_id, "team_id": team_id}, 201)


@operation("connect.request")
def request_invite(call: Call) -> Response:
    """A member asks for someone outside to be invited into a channel."""
    state: SlackState = call.twin.state
    body = _body(call)
    state.user(body.get("user_id"))
    channel = state.visible_channel(body.get("channel_id"), str(body.get("user_id")))
    if EMAIL not in str(body.get("email", "")):
        raise SlackError("invalid_email", 400)
    request_id = state.new_id("I")
    state.db.insert(
        "slack_connect_requests",
        {
            "id": request_id,
            "channel_id": channel["id"],
            "requester": body["user_id"],
            "recipient_email": body["email"],
            "status": "pending",
            "created": state.now(),
        },
    )
    return JSONResponse({"ok": True, "invite_id": request_id}, 201)


# -- methods ----------------------------------------------------------------------------------
def _shareable(call: SlackCall, channel_id: str | None) -> sqlite3.Row:
    channel = call.state.visible_channel(channel_id, call.user)
    if channel["kind"] in ("im", "mpim"):
        raise SlackError("invalid_channel_type")
    if channel["is_general"]:
        raise SlackError("cannot_share_mandatory_channel")
    if channel["is_archived"]:
        raise SlackError("channel_archived")
    if not call.state.is_member(channel["id"], call.user):
        raise SlackError("not_in_channel")
    return channel


def _send_invite(call: SlackCall, channel_id: str, email: str, limited: bool) -> str:
    local = call.state.db.one("SELECT id FROM slack_users WHERE lower(email) = ?", (email.lower(),))
    if local is not None and call.state.is_member(channel_id, local["id"]):
        raise SlackError("already_in_channel")
    return _new_invite(
        call.state,
        direction="sent",
        channel_id=channel_id,
        inviting_user=call.user,
        recipient_email=email,
        is_external_limited=int(limited),
        status="pending",
    )


@web_method("conversations.inviteShared", scopes=WRITE)
def invite_shared(call: SlackCall) -> dict:
    channel = _shareable(call, call.require("channel"))
    emails, user_ids = call.listing("emails"), call.listing("user_ids")
    if not emails and not user_ids:
        raise SlackError("recipients_not_specified")
    if len(emails) + len(user_ids) > 1:
        raise SlackError("too_many_emails")
    if user_ids:
        raise SlackError("user_not_found")  # the twin knows no one outside the organization
    if EMAIL not in emails[0]:
        raise SlackError("invalid_email")
    invite_id = _send_invite(call, channel["id"], emails[0], call.flag("external_limited", True))
    return {
        "invite_id": invite_id,
        "url": INVITE_LINK.format(invite_id),
        "conf_code": invite_id[-3:],
    }


@web_method("conversations.approveSharedInvite", scopes=MANAGE)
def approve_shared_invite(call: SlackCall) -> dict:
    invite = _invite(call.state, call.require("invite_id"))
    if invite["status"] == "approved":
        raise SlackError("already_approved")
    if invite["status"] == "declined":
        raise SlackError("approval_inactive")
    if invite["status"] != "accepted":
        raise SlackError("approval_not_found")
    target = call.get("target_team")
    if target is not None and target != invite["team_id"]:
        raise SlackError("approval_not_found")
    _set_status(call.state, invite["id"], "approved")
    _connect(call.state, invite["team_id"])
    return {}


@web_method("conversations.declineSharedInvite", scopes=MANAGE)
def decline_shared_invite(call: SlackCall) -> dict:
    invite = _invite(call.state, call.require("invite_id"))
    if invite["status"] not in ("pending", "accepted"):
        raise SlackError("inactive_invite")
    _set_status(call.state, invite["id"], "declined")
    return {}


@web_method("conversations.acceptSharedInvite", scopes=WRITE)
def accept_shared_invite(call: SlackCall) -> dict:
    name = call.require("channel_name", "invalid_name_required")
    invite = _invite(call.state, call.require("invite_id"))
    if invite["direction"] != "received":
        raise SlackError("invite_from_same_org")
    if invite["status"] != "pending":
        raise SlackError("invite_used")
    if not CHANNEL_NAME.match(name):
        raise SlackError("invalid_name_specials")
    if call.state.db.one("SELECT 1 FROM slack_channels WHERE name = ?", (name,)):
        raise SlackError("name_taken")
    kind = "private" if call.flag("is_private") else "public"
    channel_id = call.state.create_channel(name, kind, call.user)
    call.state.add_member(channel_id, call.user)
    _set_status(call.state, invite["id"], "approved", channel_id=channel_id)
    _connect(call.state, invite["team_id"])
    return {"implicit_approval": True, "channel_id": channel_id, "invite_id": invite["id"]}


def _team_object(state: SlackState, team_id: str | None) -> dict[str, Any] | None:
    if team_id is None:
        return None
    row = state.db.one("SELECT * FROM slack_external_teams WHERE id = ?", (team_id,))
    return {"id": row["id"], "name": row["name"], "domain": row["domain"]}


def _invite_entry(call: SlackCall, row: sqlite3.Row) -> dict[str, Any]:
    ours = call.state.team()
    outgoing = row["direction"] == "sent"
    channel = (
        {"id": row["channel_id"], "name": call.state.channel(row["channel_id"])["name"]}
        if row["channel_id"]
        else {"id": None, "name": row["channel_name"]}
    )
    theirs = _team_object(call.state, row["team_id"])
    return {
        "direction": "outgoing" if outgoing else "incoming",
        "status": row["status"],
        "date_last_updated": int(row["updated"]),
        "invite_type": "channel",
        "channel": channel,
        "invite": {
            "id": row["id"],
            "date_created": int(row["created"]),
            "inviting_team": {"id": ours["id"], "name": ours["name"]} if outgoing else theirs,
            "inviting_user": row["inviting_user"],
            "recipient_email": row["recipient_email"],
            "link": INVITE_LINK.format(row["id"]),
        },
        "acceptances": [{"accepting_team": theirs}]
        if theirs and row["status"] != "pending"
        else [],
    }


@web_method("conversations.listConnectInvites", scopes=MANAGE)
def list_connect_invites(call: SlackCall) -> dict:
    rows = call.state.db.all(
        "SELECT * FROM slack_connect_invites WHERE status IN ('pending', 'accepted') "
        "ORDER BY created, rowid"
    )
    chunk, metadata = page(call, rows)
    return {"invites": [_invite_entry(call, r) for r in chunk], "response_metadata": metadata}


def _request(call: SlackCall) -> sqlite3.Row:
    row = call.state.db.one(
        "SELECT * FROM slack_connect_requests WHERE id = ?", (call.require("invite_id"),)
    )
    if row is None:
        raise SlackError("invite_not_found")
    if row["status"] != "pending":
        raise SlackError(f"invite_already_{row['status']}")
    return row


@web_method("conversations.requestSharedInvite.approve", scopes=MANAGE)
def request_shared_invite_approve(call: SlackCall) -> dict:
    request = _request(call)
    channel_id = call.get("channel_id", request["channel_id"])
    call.state.channel(channel_id)
    limited = call.flag("is_external_limited", True)
    invite_id = _send_invite(call, channel_id, request["recipient_email"], limited)
    call.state.db.execute(
        "UPDATE slack_connect_requests SET status = 'approved', invite_id = ? WHERE id = ?",
        (invite_id, request["id"]),
    )
    return {}


@web_method("conversations.requestSharedInvite.deny", scopes=MANAGE)
def request_shared_invite_deny(call: SlackCall) -> dict:
    request = _request(call)
    call.state.db.execute(
        "UPDATE slack_connect_requests SET status = 'denied' WHERE id = ?", (request["id"],)
    )
    return {}


@web_method("conversations.requestSharedInvite.list", scopes=MANAGE)
def request_shared_invite_list(call: SlackCall) -> dict:
    wanted = {"pending"}
    wanted |= {"approved"} if call.flag("include_approved") else set()
    wanted |= {"denied"} if call.flag("include_denied") else set()
    ids, requester = set(call.listing("invite_ids")), call.get("user_id")
    rows = [
        r
        for r in call.state.db.all("SELECT * FROM slack_connect_requests ORDER BY created, rowid")
        if r["status"] in wanted
        and (not ids or r["id"] in ids)
        and (requester is None or r["requester"] == requester)
    ]
    chunk, metadata = page(call, rows)
    requests = [
        {
            "id": r["id"],
            "date_created": int(r["created"]),
            "requester_id": r["requester"],
            "channel": {
                "id": r["channel_id"],
                "name": call.state.channel(r["channel_id"])["name"],
            },
            "target_user": {"recipient_email": r["recipient_email"]},
            "status": r["status"],
        }
        for r in chunk
    ]
    return {"invite_requests": requests, "response_metadata": metadata}


@web_method("conversations.externalInvitePermissions.set", scopes=MANAGE)
def external_invite_permissions_set(call: SlackCall) -> dict:
    action = call.require("action")
    channel = call.state.channel(call.require("channel"))
    target = call.require("target_team")
    if action not in ("upgrade", "downgrade"):
        raise SlackError("invalid_action")
    connected, _pending = call.state.external_teams_of(channel["id"])
    if target not in connected:
        raise SlackError("invalid_target_team")
    call.state.db.execute(
        "INSERT INTO slack_connect_permissions(channel_id, team_id, can_invite) VALUES (?, ?, ?) "
        "ON CONFLICT(channel_id, team_id) DO UPDATE SET can_invite = excluded.can_invite",
        (channel["id"], target, int(action == "upgrade")),
    )
    return {}


def routes() -> list[Route]:
    return [
        Route("/_connect/invites", invite_us, methods=["POST"]),
        Route("/_connect/invites/{invite_id}/accept", accept_ours, methods=["POST"]),
        Route("/_connect/requests", request_invite, methods=["POST"]),
    ]
