"""``accessproposals.*``: requests for access to a file, and their resolution.

A person who cannot open a file (or wants a higher role) asks for access in the Drive browser;
the API cannot make a proposal. Those who may share the file (``canShare``) list, read and
resolve its pending proposals: ``ACCEPT`` with at least one role shares the file with the
recipient in that role (through ``permissions``' own rules), ``DENY`` drops it. A resolved
proposal is gone. Others who see the file get 403; those who do not, 404.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.google.api import body, timestamp
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import paging, permissions, wire
from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError, not_found, required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation

ROLES = ("reader", "commenter", "writer")


def propose(
    drive: DriveState, requester: Principal, file_id: str, role: str, message: str = ""
) -> str:
    """``requester`` asks for ``role`` on the file (as the Drive browser does); the proposal's
    id. ValueError when the role is not one to ask for or already held."""
    if role not in ROLES:
        raise ValueError(f"one may ask to be a {', '.join(ROLES)}")
    if at_least(drive.role_of(requester, file_id), role):
        raise ValueError("you already have that access")
    proposal_id = drive.universe.ids.token("google.proposal", 22, MIXED_ALNUM)
    drive.db.insert(
        "google_drive_access_proposals",
        {
            "file_id": file_id,
            "id": proposal_id,
            "requester": requester.email,
            "recipient": requester.email,
            "role": role,
            "message": message,
            "created": drive.now(),
        },
    )
    return proposal_id


def _proposal_json(row) -> dict:
    return {
        "fileId": row["file_id"],
        "proposalId": row["id"],
        "requesterEmailAddress": row["requester"],
        "recipientEmailAddress": row["recipient"],
        "rolesAndViews": [{"role": row["role"]}],
        "requestMessage": row["message"],
        "createTime": timestamp(row["created"]),
    }


def _approver_file(call: Call, principal: Principal) -> dict:
    """The file in the path, if the caller may share it."""
    item, can_share = permissions.target(call, principal, call.path_params["fileId"])
    if item["is_drive"]:
        raise not_found(f"File not found: {item['id']}.", location="fileId")
    if not can_share:
        raise permissions.insufficient()
    return item


def _proposal(call: Call, file: dict):
    proposal_id = call.path_params["proposalId"]
    row = call.twin.drive.db.one(
        "SELECT * FROM google_drive_access_proposals WHERE file_id = ? AND id = ?",
        (file["id"], proposal_id),
    )
    if row is None:
        raise not_found(f"Access proposal not found: {proposal_id}", location="proposalId")
    return row


@operation("drive.accessproposals.list")
def list_(call: Call) -> dict:
    principal = require(call)
    file = _approver_file(call, principal)
    rows = call.twin.drive.db.all(
        "SELECT * FROM google_drive_access_proposals WHERE file_id = ? ORDER BY rowid",
        (file["id"],),
    )
    chosen, token = paging.page(call, rows, 100, 100)
    answer: dict = {}  # as the method's gRPC service writes it: no empty list
    if chosen:
        answer["accessProposals"] = [_proposal_json(r) for r in chosen]
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "ListAccessProposalsResponse")


@operation("drive.accessproposals.get")
def get(call: Call) -> dict:
    principal = require(call)
    row = _proposal(call, _approver_file(call, principal))
    return wire.partial(call, _proposal_json(row), "AccessProposal")


@operation("drive.accessproposals.resolve")
def resolve(call: Call) -> Response:
    principal = require(call)
    file = _approver_file(call, principal)
    row = _proposal(call, file)
    given = body(call, "ResolveAccessProposalRequest")
    action = given.get("action")
    if action not in ("ACCEPT", "DENY"):
        raise required("action", "The action must be ACCEPT or DENY.")
    if action == "ACCEPT":
        roles = given.get("role") or []
        if not roles:
            raise required("role", "A role is required to accept an access proposal.")
        if any(role not in ROLES for role in roles):
            raise GoogleError(400, "invalid", f"Invalid role: {roles}", location="role")
        best = max(roles, key=ROLES.index)
        grant = {"type": "user", "role": best, "emailAddress": row["recipient"]}
        permissions.grant_on(call, principal, file["id"], grant)
    call.twin.drive.db.execute(
        "DELETE FROM google_drive_access_proposals WHERE file_id = ? AND id = ?",
        (file["id"], row["id"]),
    )
    return Response(status_code=204)


def routes() -> list[Route]:
    base = "/drive/v3/files/{fileId}/accessproposals"
    return [
        Route(base, list_, methods=["GET"]),
        Route(base + "/{proposalId}", get, methods=["GET"]),
        Route(base + "/{proposalId}:resolve", resolve, methods=["POST"]),
    ]
