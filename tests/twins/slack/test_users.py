"""users.* and users.profile.* through slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from darkfactory.twins.kit.company import directory


def error_code(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def test_users_list_pages_with_the_sdk_iterator(slack_client, universe):
    everyone = slack_client.users_list()["members"]
    count = 15 + len(directory(universe.universe))  # owner, bot, 12 people, company, Slackbot
    assert len(everyone) == count
    sizes, ids = [], []
    for page in slack_client.users_list(limit=5):  # the SDK's iterator follows next_cursor
        sizes.append(len(page["members"]))
        ids.extend(m["id"] for m in page["members"])
    assert sizes == [5] * (count // 5) + [count % 5] * bool(count % 5)
    assert ids == [m["id"] for m in everyone]


def test_slackbot_is_a_member_with_no_email_who_takes_direct_messages(
    slack_client, slack_user_client
):
    everyone = slack_client.users_list()["members"]
    slackbot = slack_client.users_info(user="USLACKBOT")["user"]
    assert slackbot in everyone
    assert slackbot["name"] == "slackbot" and slackbot["real_name"] == "Slackbot"
    assert slackbot["is_bot"] is False and slackbot["deleted"] is False
    assert "email" not in slackbot["profile"] and slackbot["is_email_confirmed"] is False
    assert slackbot["profile"]["always_active"] is True
    dm = slack_user_client.conversations_open(users="USLACKBOT")["channel"]["id"]
    assert dm.startswith("D")
    slack_user_client.chat_postMessage(channel=dm, text="remind me")
    assert slack_user_client.conversations_info(channel=dm)["channel"]["user"] == "USLACKBOT"


def test_slackbot_is_no_account_an_admin_manages_or_bills(
    slack_admin_client, slack_user_client, slack_credentials
):
    team = slack_credentials["team_id"]
    listed = [u["id"] for u in slack_admin_client.admin_users_list(team_id=team)["users"]]
    assert listed and "USLACKBOT" not in listed
    billable = slack_user_client.team_billableInfo()["billable_info"]
    assert billable and "USLACKBOT" not in billable
    assert slack_user_client.team_billableInfo(user="USLACKBOT")["billable_info"] == {}


def test_invalid_cursor(slack_client):
    assert error_code(lambda: slack_client.users_list(cursor="garbage!")) == "invalid_cursor"


def test_users_info_and_lookup_by_email(slack_client, slack_credentials):
    admin = slack_client.users_info(user=slack_credentials["admin_user_id"])["user"]
    assert admin["is_primary_owner"] and admin["profile"]["email"] == "admin@example.com"
    found = slack_client.users_lookupByEmail(email="ADMIN@example.com")["user"]
    assert found["id"] == admin["id"]
    assert error_code(lambda: slack_client.users_info(user="U000NOPE")) == "user_not_found"
    assert error_code(lambda: slack_client.users_lookupByEmail(email="ghost@example.com")) == (
        "users_not_found"
    )


def test_email_hidden_without_users_read_email(slack_credentials, slack_token_for):
    token = slack_token_for(slack_credentials["admin_user_id"], ["users:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    user = client.users_info(user=slack_credentials["admin_user_id"])["user"]
    assert "email" not in user["profile"]


def test_users_conversations(slack_client, slack_user_client, slack_credentials):
    mine = {c["name"] for c in slack_client.users_conversations()["channels"]}
    assert mine == {"general"}
    slack_user_client.conversations_create(name="owners-only", is_private=True)
    owner = {
        c["name"]
        for c in slack_user_client.users_conversations(types="public_channel,private_channel")[
            "channels"
        ]
    }
    assert "owners-only" in owner and "general" in owner
    assert error_code(lambda: slack_client.users_conversations(types="carrier_pigeon")) == (
        "invalid_types"
    )


def test_presence(slack_client, slack_user_client, slack_credentials):
    admin = slack_credentials["admin_user_id"]
    assert slack_user_client.users_getPresence(user=admin)["presence"] == "active"
    slack_user_client.users_setPresence(presence="away")
    mine = slack_user_client.users_getPresence(user=admin)
    assert mine["presence"] == "away" and mine["manual_away"] is True
    assert slack_client.users_getPresence(user=admin)["presence"] == "away"
    assert error_code(lambda: slack_user_client.users_setPresence(presence="busy")) == (
        "invalid_presence"
    )


def test_profile_get_and_set(slack_user_client, slack_client, slack_credentials):
    admin = slack_credentials["admin_user_id"]
    profile = slack_user_client.users_profile_get()["profile"]
    assert profile["real_name"] == "Ada Admin"
    updated = slack_user_client.users_profile_set(
        profile={"title": "Chief Twin Officer", "status_text": "cloning"}
    )["profile"]
    assert updated["title"] == "Chief Twin Officer" and updated["status_text"] == "cloning"
    assert slack_client.users_info(user=admin)["user"]["profile"]["title"] == ("Chief Twin Officer")
    single = slack_user_client.users_profile_set(name="display_name", value="ada")["profile"]
    assert single["display_name"] == "ada"
    assert (
        error_code(
            lambda: slack_user_client.users_profile_set(profile={"favourite_colour": "blue"})
        )
        == "invalid_profile"
    )


def test_bots_cannot_set_profiles(slack_client):
    assert error_code(lambda: slack_client.users_profile_set(profile={"title": "x"})) in (
        "not_allowed_token_type",
        "missing_scope",
    )


def test_admin_sets_another_users_profile_but_not_the_reverse(
    slack_client, slack_user_client, universe
):
    person = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    slack_user_client.users_profile_set(user=person["id"], profile={"title": "Engineer"})
    assert slack_client.users_info(user=person["id"])["user"]["profile"]["title"] == "Engineer"
    token = universe.call(lambda: _user_token(universe, person["id"]))
    peer = WebClient(token=token, base_url=universe.credentials["slack"]["api_url"])
    admin_id = universe.credentials["slack"]["admin_user_id"]
    assert (
        error_code(lambda: peer.users_profile_set(user=admin_id, profile={"title": "x"}))
        == "not_admin"
    )


def _user_token(universe, user_id: str) -> str:
    with universe.universe.store.transaction():
        return universe.universe.twins["slack"].user_token(user_id)
