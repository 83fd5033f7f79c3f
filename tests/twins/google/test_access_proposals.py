"""accessproposals.* through googleapiclient: a person without access asks in the Drive browser;
those who may share the file list, read and resolve the request, an accepted one sharing the
file; everyone else is refused."""

from __future__ import annotations

import httpx
import pytest
from tests.twins.google.conftest import BOB, CAROL, error_of, share


def ask(universe, file_id: str, email: str, role: str, message: str = "") -> httpx.Response:
    """``email`` asks for ``role`` on the file's "You need access" page."""
    return httpx.post(
        f"{universe.url}/ui/google/files/{file_id}/access",
        params={"as": email},
        data={"role": role, "message": message},
        headers=universe.admin_headers,
    )


@pytest.fixture
def asked(universe, alice, doc) -> str:
    """Bob has asked Alice for edit access to her file: the proposal's id."""
    assert ask(universe, doc, BOB, "writer", "I can fix the typos").status_code == 403
    listed = alice.accessproposals().list(fileId=doc).execute()["accessProposals"]
    assert len(listed) == 1
    return listed[0]["proposalId"]


def test_the_need_access_page_offers_a_request(universe, doc):
    page = httpx.get(
        f"{universe.url}/ui/google/files/{doc}",
        params={"as": BOB},
        headers=universe.admin_headers,
    )
    assert page.status_code == 403 and "You need access" in page.text
    sent = ask(universe, doc, BOB, "reader")
    assert "Request sent" in sent.text
    refused = ask(universe, doc, BOB, "owner")
    assert "Request sent" not in refused.text and 'role="alert"' in refused.text


def test_the_owner_lists_reads_and_accepts_and_the_file_is_shared(alice, bob, doc, asked):
    proposal = alice.accessproposals().get(fileId=doc, proposalId=asked).execute()
    assert proposal["fileId"] == doc and proposal["proposalId"] == asked
    assert proposal["requesterEmailAddress"] == BOB == proposal["recipientEmailAddress"]
    assert proposal["rolesAndViews"] == [{"role": "writer"}]
    assert proposal["requestMessage"] == "I can fix the typos" and "createTime" in proposal
    assert error_of(bob.files().get(fileId=doc)) == (404, "notFound")
    alice.accessproposals().resolve(
        fileId=doc, proposalId=asked, body={"action": "ACCEPT", "role": ["commenter"]}
    ).execute()
    seen = bob.files().get(fileId=doc, fields="capabilities(canComment,canEdit)").execute()
    assert seen["capabilities"] == {"canComment": True, "canEdit": False}
    assert alice.accessproposals().list(fileId=doc).execute() == {}
    gone = alice.accessproposals().get(fileId=doc, proposalId=asked)
    assert error_of(gone) == (404, "notFound")


def test_a_denied_proposal_shares_nothing(alice, bob, doc, asked):
    alice.accessproposals().resolve(fileId=doc, proposalId=asked, body={"action": "DENY"}).execute()
    assert error_of(bob.files().get(fileId=doc)) == (404, "notFound")
    assert alice.accessproposals().list(fileId=doc).execute() == {}


def test_only_those_who_may_share_see_and_resolve(universe, alice, bob, carol, doc, asked):
    share(alice, doc, "reader", emailAddress=CAROL)
    assert error_of(carol.accessproposals().list(fileId=doc)) == (
        403,
        "insufficientFilePermissions",
    )
    assert error_of(carol.accessproposals().get(fileId=doc, proposalId=asked))[0] == 403
    accept = {"action": "ACCEPT", "role": ["writer"]}
    resolve = carol.accessproposals().resolve(fileId=doc, proposalId=asked, body=accept)
    assert error_of(resolve)[0] == 403
    assert error_of(bob.accessproposals().list(fileId=doc)) == (404, "notFound")
    share(alice, doc, "writer", emailAddress=CAROL)  # writers may share by default
    assert [
        p["proposalId"]
        for p in carol.accessproposals().list(fileId=doc).execute()["accessProposals"]
    ] == [asked]


def test_resolving_needs_an_action_and_accepting_a_role(alice, doc, asked):
    resolve = alice.accessproposals().resolve
    assert error_of(resolve(fileId=doc, proposalId=asked, body={}))[0] == 400
    no_role = resolve(fileId=doc, proposalId=asked, body={"action": "ACCEPT"})
    assert error_of(no_role) == (400, "required")
    bad_role = resolve(fileId=doc, proposalId=asked, body={"action": "ACCEPT", "role": ["owner"]})
    assert error_of(bad_role) == (400, "invalid")
    missing = resolve(fileId=doc, proposalId="nope", body={"action": "DENY"})
    assert error_of(missing) == (404, "notFound")


def test_a_reader_scope_may_list_but_not_resolve(google_service_for, doc, asked):
    reader = google_service_for(
        "drive",
        "v3",
        user="alice@example.com",
        scopes=["https://www.googleapis.com/auth/drive.readonly"],
    )
    assert len(reader.accessproposals().list(fileId=doc).execute()["accessProposals"]) == 1
    deny = reader.accessproposals().resolve(fileId=doc, proposalId=asked, body={"action": "DENY"})
    assert error_of(deny)[0] == 403


@pytest.mark.browser
def test_the_owner_approves_a_request_on_the_file_page(universe, browser_page, alice, bob, doc):
    assert ask(universe, doc, BOB, "commenter", "let me comment").status_code == 403
    page = browser_page
    page.goto(f"{universe.url}/ui/google/files/{doc}?as=alice@example.com")
    request = page.locator("#access-request-list li", has_text=BOB)
    assert "let me comment" in request.inner_text()
    request.locator("button.access-accept").click()
    page.locator("#access-requests[hidden]").wait_for(state="attached")
    seen = bob.files().get(fileId=doc, fields="capabilities(canComment,canEdit)").execute()
    assert seen["capabilities"] == {"canComment": True, "canEdit": False}


@pytest.mark.browser
def test_a_reader_sees_no_requests_on_the_file_page(universe, browser_page, alice, doc):
    ask(universe, doc, BOB, "writer")
    share(alice, doc, "reader", emailAddress=CAROL)
    page = browser_page
    page.goto(f"{universe.url}/ui/google/files/{doc}?as={CAROL}")
    page.wait_for_load_state("networkidle")
    assert page.locator("#access-requests").is_hidden()
    assert page.locator("#access-request-list li").count() == 0
