"""``approvals.*``: a file sent through a formal review.

An editor of a file owned within their domain (``canStartApproval``) starts an approval naming
its reviewers; while it is ``IN_PROGRESS`` (one at a time per file) each reviewer approves or
declines, any editor may cancel it or reassign a reviewer who has not answered (a reader only
a review assigned to themselves; nobody may drop a reviewer). The last approval completes it
as ``APPROVED`` at the file's head revision; one decline completes it as ``DECLINED``. The
initiator and the reviewers comment on it, a completed one too while no other is in progress.
Anyone who can read the file reads its approvals (``approvals.list`` answers its ``items`` only
when ``fields`` names them). Each action is kept in the approval's log.
New content of a blob file takes back the approvals given so far on an approval in progress
that says ``RESET_APPROVAL`` (the default; ``DriveState.add_revision``). ``lockFile`` is
accepted but locks nothing: the twin keeps no content restrictions.
"""

from __future__ import annotations

import json

from starlette.routing import Route

from darkfactory.twins.google.api import body, parse_timestamp, timestamp
from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive import paging, wire
from darkfactory.twins.google.drive.items import visible
from darkfactory.twins.google.drive.roles import at_least, may_start_approval
from darkfactory.twins.google.drive.state import DriveState
from darkfactory.twins.google.errors import GoogleError, forbidden, not_found, required
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.operation import Call, operation

BEHAVIORS = ("RESET_APPROVAL", "NO_APPROVAL_ACTION")


def _precondition(message: str) -> GoogleError:
    return GoogleError(400, "failedPrecondition", message)


def _not_reviewer() -> GoogleError:
    return forbidden("The user is not a reviewer of this approval.", "insufficientFilePermissions")


def approval_json(call: Call, row, me: str) -> dict:
    answer = {
        "kind": "drive#approval",
        "approvalId": row["id"],
        "targetFileId": row["file_id"],
        "status": row["status"],
        "initiator": wire.user_json(call, row["initiator"], me),
        "reviewerResponses": [
            {
                "kind": "drive#reviewerResponse",
                "reviewer": wire.user_json(call, r["email"], me),
                "response": r["response"],
            }
            for r in json.loads(row["reviewers"])
        ],
        "fileContentChangeBehavior": row["behavior"],
        "createTime": timestamp(row["created"]),
        "modifyTime": timestamp(row["modified"]),
    }
    if row["due"] is not None:
        answer["dueTime"] = timestamp(row["due"])
    if row["completed"] is not None:
        answer["completeTime"] = timestamp(row["completed"])
    if row["approved_revision"]:
        answer["approvedRevisionId"] = row["approved_revision"]
    return answer


def _approvals(drive: DriveState, file_id: str) -> list:
    return drive.db.all(
        "SELECT * FROM google_drive_approvals WHERE file_id = ? ORDER BY rowid", (file_id,)
    )


def _find_by(drive: DriveState, file_id: str, approval_id: str):
    return drive.db.one(
        "SELECT * FROM google_drive_approvals WHERE file_id = ? AND id = ?",
        (file_id, approval_id),
    )


def _find(call: Call, file: dict):
    """The approval in the path, on ``file``; Drive's 404 if there is none."""
    approval_id = call.path_params["approvalId"]
    row = _find_by(call.twin.drive, file["id"], approval_id)
    if row is None:
        raise not_found(f"Approval not found: {approval_id}", location="approvalId")
    return row


def _in_progress(row) -> None:
    if row["status"] != "IN_PROGRESS":
        raise _precondition(f"The approval is {row['status']}; it can no longer be changed.")


def _entry(principal: Principal, action: str, message: str, now: float) -> dict:
    """One line of an approval's activity log."""
    return {"action": action, "user": principal.email, "message": message, "time": now}


def _save(call: Call, row, principal: Principal, action: str, message: str, **changes):
    """Write ``changes`` to the approval and log ``action``; the row as it now stands."""
    drive: DriveState = call.twin.drive
    now = drive.now()
    log = [*json.loads(row["log"]), _entry(principal, action, message, now)]
    columns = {"modified": now, "log": json.dumps(log), **changes}
    assignments = ", ".join(f"{name} = ?" for name in columns)
    drive.db.execute(
        f"UPDATE google_drive_approvals SET {assignments} WHERE file_id = ? AND id = ?",
        (*columns.values(), row["file_id"], row["id"]),
    )
    drive.record_change(row["file_id"])
    return _find_by(drive, row["file_id"], row["id"])


def _answer(call: Call, row, principal: Principal) -> dict:
    return wire.partial(call, approval_json(call, row, principal.email), "Approval")


def _reviewer_email(call: Call, email) -> str:
    account = call.twin.state.account(str(email or ""))
    if account is None or account["kind"] != "user":
        raise GoogleError(400, "invalid", f"Invalid reviewer: {email}", location="reviewerEmails")
    return account["email"]


@operation("drive.approvals.start")
def start(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = visible(call, principal, call.path_params["fileId"])
    role = drive.role_of(principal, file["id"])
    if not may_start_approval(role, drive.owner(file["id"]), principal):
        raise forbidden(
            "The user does not have sufficient permissions for this file.",
            "insufficientFilePermissions",
        )
    given = body(call, "StartApprovalRequest")
    emails = given.get("reviewerEmails") or []
    if not emails:
        raise required("reviewerEmails")
    reviewers = [_reviewer_email(call, e) for e in dict.fromkeys(emails)]
    behavior = given.get("fileContentChangeBehavior") or "RESET_APPROVAL"
    if behavior not in (*BEHAVIORS, "FILE_CONTENT_CHANGE_BEHAVIOR_UNSPECIFIED"):
        raise GoogleError(400, "invalid", f"Invalid value: {behavior}")
    if any(r["status"] == "IN_PROGRESS" for r in _approvals(drive, file["id"])):
        raise _precondition("The file already has an approval in progress.")
    try:
        due = parse_timestamp(given["dueTime"]) if given.get("dueTime") else None
    except ValueError:
        raise GoogleError(400, "invalid", "Invalid dueTime", location="dueTime") from None
    now = drive.now()
    row = {
        "file_id": file["id"],
        "id": call.universe.ids.token("google.approval", 20, MIXED_ALNUM),
        "initiator": principal.email,
        "status": "IN_PROGRESS",
        "reviewers": json.dumps([{"email": r, "response": "NO_RESPONSE"} for r in reviewers]),
        "behavior": behavior.replace("FILE_CONTENT_CHANGE_BEHAVIOR_UNSPECIFIED", BEHAVIORS[0]),
        "due": due,
        "created": now,
        "modified": now,
        "log": json.dumps([_entry(principal, "start", given.get("message", ""), now)]),
    }
    drive.db.insert("google_drive_approvals", row)
    drive.record_change(file["id"])
    return _answer(call, _find_by(drive, file["id"], row["id"]), principal)


@operation("drive.approvals.list")
def list_(call: Call) -> dict:
    principal = require(call)
    file = visible(call, principal, call.path_params["fileId"])
    chosen, token = paging.page(call, _approvals(call.twin.drive, file["id"]), 100, 100)
    answer: dict = {
        "kind": "drive#approvalList",
        "items": [approval_json(call, r, principal.email) for r in chosen],
    }
    if token:
        answer["nextPageToken"] = token
    return wire.partial(call, answer, "ApprovalList")


@operation("drive.approvals.get")
def get(call: Call) -> dict:
    principal = require(call)
    file = visible(call, principal, call.path_params["fileId"])
    return _answer(call, _find(call, file), principal)


def _respond(call: Call, response: str, schema: str) -> dict:
    """The caller, a reviewer, approves or declines; the approval completes when it may."""
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = visible(call, principal, call.path_params["fileId"])
    row = _find(call, file)
    _in_progress(row)
    reviewers = json.loads(row["reviewers"])
    mine = [r for r in reviewers if r["email"].lower() == principal.email.lower()]
    if not mine:
        raise _not_reviewer()
    for reviewer in mine:
        reviewer["response"] = response
    changes: dict = {"reviewers": json.dumps(reviewers)}
    if response == "DECLINED":
        changes |= {"status": "DECLINED", "completed": drive.now()}
    elif all(r["response"] == "APPROVED" for r in reviewers):
        head = drive.head(file["id"])
        changes |= {"status": "APPROVED", "completed": drive.now()}
        changes["approved_revision"] = head["id"] if head else "1"
    message = body(call, schema).get("message", "")
    row = _save(call, row, principal, response.lower(), message, **changes)
    return _answer(call, row, principal)


@operation("drive.approvals.approve")
def approve(call: Call) -> dict:
    return _respond(call, "APPROVED", "ApproveApprovalRequest")


@operation("drive.approvals.decline")
def decline(call: Call) -> dict:
    return _respond(call, "DECLINED", "DeclineApprovalRequest")


@operation("drive.approvals.cancel")
def cancel(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = visible(call, principal, call.path_params["fileId"], "writer")
    row = _find(call, file)
    _in_progress(row)
    message = body(call, "CancelApprovalRequest").get("message", "")
    row = _save(call, row, principal, "cancel", message, status="CANCELLED", completed=drive.now())
    return _answer(call, row, principal)


@operation("drive.approvals.comment")
def comment(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = visible(call, principal, call.path_params["fileId"])
    row = _find(call, file)
    involved = {
        row["initiator"].lower(),
        *(r["email"].lower() for r in json.loads(row["reviewers"])),
    }
    if principal.email.lower() not in involved:
        raise _not_reviewer()
    message = body(call, "CommentApprovalRequest").get("message")
    if not message:
        raise required("message")
    others = [r for r in _approvals(drive, file["id"]) if r["id"] != row["id"]]
    if row["status"] != "IN_PROGRESS" and any(r["status"] == "IN_PROGRESS" for r in others):
        raise _precondition("Another approval of the file is in progress.")
    return _answer(call, _save(call, row, principal, "comment", message), principal)


@operation("drive.approvals.reassign")
def reassign(call: Call) -> dict:
    principal = require(call)
    drive: DriveState = call.twin.drive
    file = visible(call, principal, call.path_params["fileId"])
    row = _find(call, file)
    _in_progress(row)
    writer = at_least(drive.role_of(principal, file["id"]), "writer")
    given = body(call, "ReassignApprovalRequest")
    reviewers = json.loads(row["reviewers"])
    for replacement in given.get("replaceReviewers") or []:
        removed = str(replacement.get("removedReviewerEmail") or "").lower()
        found = [r for r in reviewers if r["email"].lower() == removed]
        if not found:
            raise GoogleError(400, "invalid", f"Not a reviewer: {removed}")
        if not writer and removed != principal.email.lower():
            raise _not_reviewer()
        if found[0]["response"] != "NO_RESPONSE":
            raise _precondition("A reviewer who has answered cannot be reassigned.")
        found[0]["email"] = _reviewer_email(call, replacement.get("addedReviewerEmail"))
    added = given.get("addReviewers") or []
    if added and not writer:
        raise forbidden(
            "The user does not have sufficient permissions for this file.",
            "insufficientFilePermissions",
        )
    known = {r["email"].lower() for r in reviewers}
    for addition in added:
        email = _reviewer_email(call, addition.get("addedReviewerEmail"))
        if email.lower() not in known:
            reviewers.append({"email": email, "response": "NO_RESPONSE"})
            known.add(email.lower())
    message = given.get("message", "")
    row = _save(call, row, principal, "reassign", message, reviewers=json.dumps(reviewers))
    return _answer(call, row, principal)


def routes() -> list[Route]:
    base = "/drive/v3/files/{fileId}/approvals"
    one = base + "/{approvalId}"
    return [
        Route(base, list_, methods=["GET"]),
        Route(base + ":start", start, methods=["POST"]),
        Route(one, get, methods=["GET"]),
        Route(one + ":approve", approve, methods=["POST"]),
        Route(one + ":decline", decline, methods=["POST"]),
        Route(one + ":cancel", cancel, methods=["POST"]),
        Route(one + ":comment", comment, methods=["POST"]),
        Route(one + ":reassign", reassign, methods=["POST"]),
    ]
