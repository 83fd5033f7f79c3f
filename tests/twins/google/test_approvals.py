"""approvals.* through googleapiclient: editors start a review, reviewers approve or decline,
editors cancel or reassign, the people involved comment; others are refused."""

from __future__ import annotations

import pytest
from googleapiclient.http import MediaInMemoryUpload
from tests.twins.google.conftest import BOB, CAROL, error_of, share


@pytest.fixture
def review(alice, doc) -> str:
    """An approval Alice started on her file, Bob and Carol reviewing (as readers of it)."""
    for email in (BOB, CAROL):
        share(alice, doc, "reader", emailAddress=email)
    started = (
        alice.approvals()
        .start(fileId=doc, body={"reviewerEmails": [BOB, CAROL], "message": "Please review"})
        .execute()
    )
    return started["approvalId"]


def _responses(approval: dict) -> dict[str, str]:
    return {r["reviewer"]["emailAddress"]: r["response"] for r in approval["reviewerResponses"]}


def test_all_reviewers_approving_completes_the_approval(alice, bob, carol, doc, review):
    started = alice.approvals().get(fileId=doc, approvalId=review).execute()
    assert (started["kind"], started["status"], started["targetFileId"]) == (
        "drive#approval",
        "IN_PROGRESS",
        doc,
    )
    assert started["initiator"]["me"] is True and "completeTime" not in started
    assert _responses(started) == {BOB: "NO_RESPONSE", CAROL: "NO_RESPONSE"}
    half = bob.approvals().approve(fileId=doc, approvalId=review, body={}).execute()
    assert half["status"] == "IN_PROGRESS" and _responses(half)[BOB] == "APPROVED"
    done = carol.approvals().approve(fileId=doc, approvalId=review, body={"message": "ok"})
    done = done.execute()
    head = alice.files().get(fileId=doc, fields="headRevisionId").execute()["headRevisionId"]
    assert (done["status"], done["approvedRevisionId"]) == ("APPROVED", head)
    assert "completeTime" in done
    again = bob.approvals().decline(fileId=doc, approvalId=review, body={})
    assert error_of(again) == (400, "failedPrecondition")
    assert carol.approvals().list(fileId=doc).execute() == {"kind": "drive#approvalList"}
    listed = carol.approvals().list(fileId=doc, fields="items(approvalId,status)").execute()
    assert listed == {"items": [{"approvalId": review, "status": "APPROVED"}]}


def test_one_decline_completes_it_as_declined(alice, bob, doc, review):
    declined = bob.approvals().decline(fileId=doc, approvalId=review, body={}).execute()
    assert declined["status"] == "DECLINED" and _responses(declined)[BOB] == "DECLINED"
    cancel = alice.approvals().cancel(fileId=doc, approvalId=review, body={})
    assert error_of(cancel) == (400, "failedPrecondition")
    second = alice.approvals().start(fileId=doc, body={"reviewerEmails": [BOB]}).execute()
    assert second["status"] == "IN_PROGRESS"  # the first is complete, a new one may start


def test_only_reviewers_answer_and_only_editors_start_or_cancel(
    alice, bob, carol, google_service_for, doc, review
):
    admin = google_service_for("drive", "v3", user="admin@example.com")
    assert error_of(admin.approvals().get(fileId=doc, approvalId=review)) == (404, "notFound")
    assert error_of(alice.approvals().approve(fileId=doc, approvalId=review, body={}))[0] == 403
    assert error_of(bob.approvals().cancel(fileId=doc, approvalId=review, body={}))[0] == 403
    refused = bob.approvals().start(fileId=doc, body={"reviewerEmails": [CAROL]})
    assert error_of(refused) == (403, "insufficientFilePermissions")
    busy = alice.approvals().start(fileId=doc, body={"reviewerEmails": [CAROL]})
    assert error_of(busy) == (400, "failedPrecondition")
    cancelled = alice.approvals().cancel(fileId=doc, approvalId=review, body={}).execute()
    assert cancelled["status"] == "CANCELLED"


def test_start_needs_known_reviewers(alice, doc):
    assert error_of(alice.approvals().start(fileId=doc, body={}))[1] == "required"
    unknown = alice.approvals().start(fileId=doc, body={"reviewerEmails": ["x@nowhere.test"]})
    assert error_of(unknown) == (400, "invalid")
    assert error_of(alice.approvals().get(fileId=doc, approvalId="nope")) == (404, "notFound")


def test_comments_come_from_those_involved(alice, bob, google_service_for, doc, review):
    commented = bob.approvals().comment(fileId=doc, approvalId=review, body={"message": "typo?"})
    assert commented.execute()["status"] == "IN_PROGRESS"
    empty = bob.approvals().comment(fileId=doc, approvalId=review, body={})
    assert error_of(empty)[1] == "required"
    share(alice, doc, "reader", emailAddress="admin@example.com")
    admin = google_service_for("drive", "v3", user="admin@example.com")
    stranger = admin.approvals().comment(fileId=doc, approvalId=review, body={"message": "hi"})
    assert error_of(stranger)[0] == 403


def test_reassigning_replaces_or_adds_reviewers_who_have_not_answered(
    alice, bob, carol, doc, review
):
    bob.approvals().approve(fileId=doc, approvalId=review, body={}).execute()
    answered = {"replaceReviewers": [{"removedReviewerEmail": BOB, "addedReviewerEmail": CAROL}]}
    refused = alice.approvals().reassign(fileId=doc, approvalId=review, body=answered)
    assert error_of(refused) == (400, "failedPrecondition")
    admin = "admin@example.com"
    mine = {"replaceReviewers": [{"removedReviewerEmail": CAROL, "addedReviewerEmail": admin}]}
    assert error_of(bob.approvals().reassign(fileId=doc, approvalId=review, body=mine))[0] == 403
    moved = carol.approvals().reassign(fileId=doc, approvalId=review, body=mine).execute()
    assert _responses(moved) == {BOB: "APPROVED", admin: "NO_RESPONSE"}
    added = {"addReviewers": [{"addedReviewerEmail": CAROL}]}
    assert error_of(carol.approvals().reassign(fileId=doc, approvalId=review, body=added))[0] == 403
    grown = alice.approvals().reassign(fileId=doc, approvalId=review, body=added).execute()
    assert set(_responses(grown)) == {BOB, admin, CAROL}


@pytest.mark.parametrize(
    ("behavior", "kept"), [("RESET_APPROVAL", "NO_RESPONSE"), ("NO_APPROVAL_ACTION", "APPROVED")]
)
def test_new_content_takes_back_approvals_unless_told_not_to(alice, bob, doc, behavior, kept):
    share(alice, doc, "reader", emailAddress=BOB)
    body = {"reviewerEmails": [BOB, CAROL], "fileContentChangeBehavior": behavior}
    review = alice.approvals().start(fileId=doc, body=body).execute()["approvalId"]
    bob.approvals().approve(fileId=doc, approvalId=review, body={}).execute()
    media = MediaInMemoryUpload(b"changed plans", mimetype="text/plain")
    alice.files().update(fileId=doc, media_body=media).execute()
    after = alice.approvals().get(fileId=doc, approvalId=review).execute()
    assert (after["fileContentChangeBehavior"], _responses(after)[BOB]) == (behavior, kept)


def test_can_start_approval_says_who_may_start(alice, bob, google_service_for, doc):
    share(alice, doc, "writer", emailAddress=BOB)
    share(alice, doc, "writer", emailAddress="dave@partner.example")
    dave = google_service_for("drive", "v3", user="dave@partner.example")
    for service, allowed in ((alice, True), (bob, True), (dave, False)):
        caps = service.files().get(fileId=doc, fields="capabilities/canStartApproval").execute()
        assert caps == {"capabilities": {"canStartApproval": allowed}}
    refused = dave.approvals().start(fileId=doc, body={"reviewerEmails": [BOB]})
    assert error_of(refused) == (403, "insufficientFilePermissions")
    assert bob.approvals().start(fileId=doc, body={"reviewerEmails": [CAROL]}).execute()[
        "status"
    ] == ("IN_PROGRESS")
