"""admin.inviteRequests.* through slack_sdk: members ask, an admin approves or denies."""

from __future__ import annotations

import httpx
from slack_sdk import WebClient
from tests.twins.slack.refusals import error_of


def ask(universe, **body) -> httpx.Response:
    return httpx.post(
        f"{universe.url}/slack/_invite_requests", json=body, headers=universe.admin_headers
    )


def test_requests_are_approved_or_denied(
    universe, slack_admin_client, slack_client, slack_credentials, general
):
    admin, team = slack_admin_client, slack_credentials["team_id"]
    member = next(m["id"] for m in slack_client.users_list()["members"] if not m["is_bot"])
    first = ask(
        universe,
        requester=member,
        email="New.Hire@example.com",
        channel_ids=[general],
        reason="joins Monday",
    ).json()["invite_request_id"]
    second = ask(universe, requester=member, email="stranger@example.com").json()[
        "invite_request_id"
    ]
    pending = admin.admin_inviteRequests_list(team_id=team)["invite_requests"]
    assert [(r["id"], r["email"]) for r in pending] == [
        (first, "new.hire@example.com"),
        (second, "stranger@example.com"),
    ]
    assert pending[0]["requester_ids"] == [member] and pending[0]["channel_ids"] == [general]
    assert pending[0]["request_reason"] == "joins Monday"

    admin.admin_inviteRequests_approve(invite_request_id=first, team_id=team)
    hired = slack_client.users_lookupByEmail(email="new.hire@example.com")["user"]
    assert hired["id"] in slack_client.conversations_members(channel=general)["members"]
    admin.admin_inviteRequests_deny(invite_request_id=second, team_id=team)
    assert error_of(slack_client.users_lookupByEmail, email="stranger@example.com") == (
        "users_not_found"
    )

    assert admin.admin_inviteRequests_list(team_id=team)["invite_requests"] == []
    approved = admin.admin_inviteRequests_approved_list(team_id=team)["approved_requests"]
    assert approved[0]["invite_request"]["id"] == first
    assert approved[0]["approved_by"] == {
        "actor_type": "user",
        "actor_id": slack_credentials["admin_user_id"],
    }
    denied = admin.admin_inviteRequests_denied_list(team_id=team)["denied_requests"]
    assert [d["invite_request"]["id"] for d in denied] == [second]

    assert error_of(admin.admin_inviteRequests_approve, invite_request_id=second) == (
        "already_processed"
    )
    assert error_of(admin.admin_inviteRequests_deny, invite_request_id="Ir0NOPE") == (
        "invalid_request"
    )
    again = ask(universe, requester=member, email="new.hire@example.com").json()
    assert (
        error_of(admin.admin_inviteRequests_approve, invite_request_id=again["invite_request_id"])
        == "failed_to_send_invite"
    )


def test_invite_requests_are_guarded(universe, slack_client, slack_credentials, slack_token_for):
    assert httpx.post(f"{universe.url}/slack/_invite_requests", json={}).status_code == 401
    assert ask(universe, requester="U0NOPE", email="a@example.com").json()["error"] == (
        "user_not_found"
    )
    user = WebClient(token=slack_credentials["user_token"], base_url=slack_credentials["api_url"])
    assert error_of(user.admin_inviteRequests_list, team_id=slack_credentials["team_id"]) == (
        "missing_scope"
    )
    person = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    token = slack_token_for(person["id"], ["admin.invites:write"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.admin_inviteRequests_deny, invite_request_id="Ir1") == "not_an_admin"
