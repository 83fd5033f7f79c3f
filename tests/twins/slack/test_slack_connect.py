"""Slack Connect through slack_sdk: invitations out and in, approvals, requests, connections."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

BASE = ["channels:read", "channels:join", "chat:write", "team:read"]
CONNECT = ["conversations.connect:write", "conversations.connect:manage"]


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def setup(universe, path: str, body: dict) -> httpx.Response:
    return httpx.post(
        f"{universe.url}/slack/_connect{path}", json=body, headers=universe.admin_headers
    )


def app_client(universe, name: str, scopes: list[str]) -> WebClient:
    made = httpx.post(
        f"{universe.url}/slack/_apps",
        json={"name": name, "scopes": scopes},
        headers=universe.admin_headers,
    )
    assert made.status_code == 201, made.text
    return WebClient(
        token=made.json()["app"]["bot_token"], base_url=universe.credentials["slack"]["api_url"]
    )


@pytest.fixture
def connector(universe) -> WebClient:
    return app_client(universe, "Connector", BASE + CONNECT)


@pytest.fixture
def room(slack_user_client, connector) -> str:
    channel = slack_user_client.conversations_create(name="vendor-collab")["channel"]["id"]
    connector.conversations_join(channel=channel)
    return channel


def test_an_invitation_is_accepted_approved_and_shares_the_channel(universe, connector, room):
    sent = connector.conversations_inviteShared(channel=room, emails=["pat@vendor.example"])
    invite = sent["invite_id"]
    listed = connector.conversations_listConnectInvites()["invites"]
    assert [(i["direction"], i["status"], i["invite"]["id"]) for i in listed] == [
        ("outgoing", "pending", invite)
    ]
    assert error_of(lambda: connector.conversations_approveSharedInvite(invite_id=invite)) == (
        "approval_not_found"
    )
    accepted = setup(
        universe, f"/invites/{invite}/accept", {"team_name": "Vendor", "team_domain": "vendor"}
    )
    team = accepted.json()["team_id"]
    assert connector.conversations_info(channel=room)["channel"]["is_pending_ext_shared"] is True
    connector.conversations_approveSharedInvite(invite_id=invite)
    shared = connector.conversations_info(channel=room)["channel"]
    assert shared["is_ext_shared"] is True and team in shared["shared_team_ids"]
    assert connector.conversations_listConnectInvites()["invites"] == []
    assert error_of(lambda: connector.conversations_approveSharedInvite(invite_id=invite)) == (
        "already_approved"
    )
    orgs = connector.team_externalTeams_list()["organizations"]
    assert [(o["team_id"], o["connection_status"]) for o in orgs] == [(team, "connected")]
    assert connector.users_discoverableContacts_lookup(email="pat@vendor.example")[
        "is_discoverable"
    ]
    assert not connector.users_discoverableContacts_lookup(email="nobody@else.example")[
        "is_discoverable"
    ]
    connector.conversations_externalInvitePermissions_set(
        action="upgrade", channel=room, target_team=team
    )
    assert (
        error_of(
            lambda: connector.conversations_externalInvitePermissions_set(
                action="promote", channel=room, target_team=team
            )
        )
        == "invalid_action"
    )
    connector.team_externalTeams_disconnect(target_team=team)
    assert connector.conversations_info(channel=room)["channel"]["is_ext_shared"] is False
    assert (
        error_of(
            lambda: connector.conversations_externalInvitePermissions_set(
                action="upgrade", channel=room, target_team=team
            )
        )
        == "invalid_target_team"
    )
    assert error_of(lambda: connector.team_externalTeams_disconnect(target_team=team)) == (
        "invalid_target_team"
    )


def test_invitations_are_refused_where_slack_refuses_them(
    universe, connector, room, general, slack_user_client
):
    other = slack_user_client.conversations_create(name="not-joined")["channel"]["id"]
    attempts = {
        "not_in_channel": dict(channel=other, emails=["a@b.example"]),
        "cannot_share_mandatory_channel": dict(channel=general, emails=["a@b.example"]),
        "recipients_not_specified": dict(channel=room, emails=[]),
        "too_many_emails": dict(channel=room, emails=["a@b.example", "c@d.example"]),
        "invalid_email": dict(channel=room, emails=["not-an-address"]),
    }
    for error, args in attempts.items():
        assert error_of(lambda a=args: connector.conversations_inviteShared(**a)) == error
    invite = connector.conversations_inviteShared(channel=room, emails=["x@y.example"])["invite_id"]
    writer = app_client(universe, "Writer", [*BASE, "conversations.connect:write"])
    assert (
        error_of(lambda: writer.conversations_approveSharedInvite(invite_id=invite))
        == "missing_scope"
    )
    assert error_of(
        lambda: slack_user_client.conversations_inviteShared(channel=room, emails=["x@y.example"])
    ) == ("missing_scope")
    connector.conversations_declineSharedInvite(invite_id=invite)
    assert (
        error_of(lambda: connector.conversations_declineSharedInvite(invite_id=invite))
        == "inactive_invite"
    )
    assert (
        error_of(lambda: connector.conversations_approveSharedInvite(invite_id="I404"))
        == "invite_not_found"
    )


def test_an_invitation_from_outside_is_accepted_into_a_new_channel(universe, connector):
    body = {"team_name": "Acme", "team_domain": "acme", "channel_name": "acme-shared"}
    assert httpx.post(f"{universe.url}/slack/_connect/invites", json=body).status_code in (401, 403)
    made = setup(
        universe,
        "/invites",
        {"team_name": "Acme", "team_domain": "acme", "channel_name": "acme-shared"},
    ).json()
    invite = made["invite_id"]
    accepted = connector.conversations_acceptSharedInvite(
        channel_name="acme-shared", invite_id=invite
    )
    channel = connector.conversations_info(channel=accepted["channel_id"])["channel"]
    assert channel["name"] == "acme-shared" and channel["is_member"] is True
    assert channel["shared_team_ids"][-1] == made["team_id"]
    assert (
        error_of(
            lambda: connector.conversations_acceptSharedInvite(
                channel_name="again", invite_id=invite
            )
        )
        == "invite_used"
    )
    second = setup(
        universe, "/invites", {"team_name": "Acme", "team_domain": "acme", "channel_name": "x"}
    )
    assert (
        error_of(
            lambda: connector.conversations_acceptSharedInvite(
                channel_name="acme-shared", invite_id=second.json()["invite_id"]
            )
        )
        == "name_taken"
    )


def test_members_requests_are_approved_or_denied(universe, connector, room, slack_user_client):
    me = slack_user_client.auth_test()["user_id"]
    first = setup(
        universe, "/requests", {"user_id": me, "channel_id": room, "email": "a@partner.example"}
    )
    second = setup(
        universe, "/requests", {"user_id": me, "channel_id": room, "email": "b@partner.example"}
    )
    ids = [first.json()["invite_id"], second.json()["invite_id"]]
    pending = connector.conversations_requestSharedInvite_list()["invite_requests"]
    assert [r["id"] for r in pending] == ids and pending[0]["requester_id"] == me
    connector.conversations_requestSharedInvite_approve(invite_id=ids[0])
    connector.conversations_requestSharedInvite_deny(invite_id=ids[1])
    assert connector.conversations_requestSharedInvite_list()["invite_requests"] == []
    decided = connector.conversations_requestSharedInvite_list(
        include_approved=True, include_denied=True
    )
    assert [r["status"] for r in decided["invite_requests"]] == ["approved", "denied"]
    sent = connector.conversations_listConnectInvites()["invites"]
    assert [i["invite"]["recipient_email"] for i in sent] == ["a@partner.example"]
    assert error_of(
        lambda: connector.conversations_requestSharedInvite_approve(invite_id=ids[1])
    ) == ("invite_already_denied")
