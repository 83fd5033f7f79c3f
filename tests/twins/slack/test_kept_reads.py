"""What every Web API call looks at (the caller's account, a bot's record, a channel's posting
rule, the apps subscribed to an event) is read once and kept: a call repeated reads none of it
again, and any change to it, by a method or by the twin's own SQL, binds the very next call."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from tests.sql import statements
from tests.twins.slack.refusals import error_of

KEPT_TABLES = ("slack_users", "slack_bots", "slack_apps", "slack_channel_prefs", "kit_tokens")


@pytest.fixture
def person(slack_user_client) -> str:
    return next(
        m["id"]
        for m in slack_user_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"] and not m["deleted"]
    )


@pytest.fixture
def person_client(person, slack_token_for, slack_credentials) -> WebClient:
    token = slack_token_for(person, ["chat:write", "users:read"])
    return WebClient(token=token, base_url=slack_credentials["api_url"])


def test_a_repeated_post_reads_none_of_what_it_keeps(universe, slack_client, general):
    slack_client.chat_postMessage(channel=general, text="first")
    with statements(universe) as ran:
        slack_client.chat_postMessage(channel=general, text="second")
    assert [s for s in ran if any(table in s for table in KEPT_TABLES)] == []


def test_an_account_deactivated_by_sql_is_refused_on_the_next_call(universe, person, person_client):
    assert person_client.auth_test()["user_id"] == person

    def deactivate() -> None:
        store = universe.universe.store
        with store.transaction():
            store.execute("UPDATE slack_users SET deleted = 1 WHERE id = ?", (person,))

    universe.call(deactivate)
    assert error_of(person_client.auth_test) == "account_inactive"


def test_an_expiry_set_after_a_call_ends_the_guest_when_it_comes(
    universe, slack_admin_client, slack_user_client, slack_credentials, slack_token_for, general
):
    team = slack_credentials["team_id"]
    slack_admin_client.admin_users_invite(
        team_id=team, email="visitor@partner.example", channel_ids=[general], is_restricted=True
    )
    guest = slack_user_client.users_lookupByEmail(email="visitor@partner.example")["user"]["id"]
    client = WebClient(
        token=slack_token_for(guest, ["users:read"]), base_url=slack_credentials["api_url"]
    )
    now = universe.control("POST", "/clock", json={"freeze": True})["now"]
    assert client.auth_test()["user_id"] == guest  # no expiry yet, and that is kept
    slack_admin_client.admin_users_setExpiration(user_id=guest, expiration_ts=int(now) + 60)
    assert client.auth_test()["user_id"] == guest
    universe.control("POST", "/clock", json={"advance": 61})
    assert error_of(client.auth_test) == "account_inactive"


def test_a_posting_rule_set_after_a_post_binds_the_next_one(
    slack_admin_client, slack_user_client, person, person_client
):
    channel = slack_user_client.conversations_create(name="announcements-only")["channel"]["id"]
    slack_user_client.conversations_invite(channel=channel, users=person)
    assert person_client.chat_postMessage(channel=channel, text="before the rule")["ok"]
    slack_admin_client.admin_conversations_setConversationPrefs(
        channel_id=channel, prefs={"who_can_post": "type:admin"}
    )
    refused = error_of(person_client.chat_postMessage, channel=channel, text="after the rule")
    assert refused == "restricted_action"
    slack_admin_client.admin_conversations_setConversationPrefs(
        channel_id=channel, prefs={"who_can_post": f"type:admin,user:{person}"}
    )
    assert person_client.chat_postMessage(channel=channel, text="named in the rule")["ok"]


def test_a_message_scheduled_after_calls_is_posted_when_its_time_comes(
    universe, slack_client, general
):
    now = universe.control("POST", "/clock", json={"freeze": True})["now"]
    slack_client.auth_test()  # nothing scheduled yet, and that is kept
    slack_client.chat_scheduleMessage(channel=general, text="later", post_at=int(now) + 60)
    slack_client.auth_test()
    assert all(
        m["text"] != "later"
        for m in slack_client.conversations_history(channel=general)["messages"]
    )
    universe.control("POST", "/clock", json={"advance": 61})
    history = slack_client.conversations_history(channel=general)["messages"]
    assert history[0]["text"] == "later"
