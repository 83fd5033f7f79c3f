"""admin.users.* and admin.conversations.* through slack_sdk with the org admin token."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def error_code(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def test_admin_users(slack_admin_client, slack_client, slack_credentials, general):
    team = slack_credentials["team_id"]
    slack_admin_client.admin_users_invite(
        team_id=team, email="Fresh.Face@example.com", channel_ids=[general], real_name="Fresh Face"
    )
    fresh = slack_client.users_lookupByEmail(email="fresh.face@example.com")["user"]
    assert fresh["real_name"] == "Fresh Face"
    assert fresh["id"] in slack_client.conversations_members(channel=general)["members"]
    assert (
        error_code(
            lambda: slack_admin_client.admin_users_invite(
                team_id=team, email="fresh.face@example.com", channel_ids=[general]
            )
        )
        == "already_in_team"
    )
    listed = {u["email"]: u for u in slack_admin_client.admin_users_list(team_id=team)["users"]}
    assert listed["fresh.face@example.com"]["is_active"] is True

    random = next(
        c["id"] for c in slack_client.conversations_list()["channels"] if c["name"] == "random"
    )
    slack_admin_client.admin_users_assign(team_id=team, user_id=fresh["id"], channel_ids=[random])
    assert fresh["id"] in slack_client.conversations_members(channel=random)["members"]
    slack_admin_client.admin_users_setAdmin(team_id=team, user_id=fresh["id"])
    assert slack_client.users_info(user=fresh["id"])["user"]["is_admin"] is True
    slack_admin_client.admin_users_setRegular(team_id=team, user_id=fresh["id"])
    assert slack_client.users_info(user=fresh["id"])["user"]["is_admin"] is False
    slack_admin_client.admin_users_remove(team_id=team, user_id=fresh["id"])
    assert slack_client.users_info(user=fresh["id"])["user"]["deleted"] is True
    assert error_code(
        lambda: slack_admin_client.admin_users_remove(
            team_id=team, user_id=slack_credentials["admin_user_id"]
        )
    ) == ("cannot_modify_primary_owner")


def test_session_reset_revokes_tokens(slack_admin_client, slack_credentials, universe):
    person = next(
        m
        for m in WebClient(
            token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"]
        ).users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )

    def token() -> str:
        with universe.universe.store.transaction():
            return universe.universe.twins["slack"].user_token(person["id"])

    theirs = WebClient(token=universe.call(token), base_url=slack_credentials["api_url"])
    assert theirs.auth_test()["ok"]
    slack_admin_client.admin_users_session_reset(user_id=person["id"])
    assert error_code(theirs.auth_test) == "invalid_auth"


def test_admin_conversations_and_posting_prefs(
    slack_admin_client, slack_client, slack_user_client, slack_credentials
):
    created = slack_admin_client.admin_conversations_create(name="org-wide-news", is_private=False)
    channel = created["channel_id"]
    bot = slack_credentials["bot_user_id"]
    slack_admin_client.admin_conversations_invite(channel_id=channel, user_ids=[bot])
    assert slack_client.chat_postMessage(channel=channel, text="before")["ok"]
    slack_admin_client.admin_conversations_setConversationPrefs(
        channel_id=channel, prefs={"who_can_post": "type:admin"}
    )
    assert error_code(lambda: slack_client.chat_postMessage(channel=channel, text="after")) == (
        "restricted_action"
    )
    slack_user_client.conversations_join(channel=channel)
    assert slack_user_client.chat_postMessage(channel=channel, text="admins may")["ok"]
    found = slack_admin_client.admin_conversations_search(query="org-wide")["conversations"]
    assert [c["id"] for c in found] == [channel]
    slack_admin_client.admin_conversations_archive(channel_id=channel)
    assert slack_client.conversations_info(channel=channel)["channel"]["is_archived"]
    assert (
        error_code(
            lambda: slack_admin_client.admin_conversations_setConversationPrefs(
                channel_id=channel, prefs={"color": "red"}
            )
        )
        == "invalid_arguments"
    )


def test_admin_methods_need_admin_scopes(slack_user_client):
    assert error_code(lambda: slack_user_client.admin_users_list(team_id="T1")) == ("missing_scope")
