"""api.test, auth.*, team.info, bots.info, emoji.list — and tokens, scopes and auth errors."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def error_of(call) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value


def test_api_test_echoes_arguments_and_errors(slack_client):
    assert slack_client.api_test(foo="bar")["args"] == {"foo": "bar"}
    err = error_of(lambda: slack_client.api_test(error="my_error"))
    assert err.response["error"] == "my_error"


def test_auth_test_for_bot_and_user(slack_client, slack_user_client, slack_credentials):
    bot = slack_client.auth_test()
    assert bot["user_id"] == slack_credentials["bot_user_id"]
    assert bot["bot_id"].startswith("B") and bot["team_id"] == slack_credentials["team_id"]
    user = slack_user_client.auth_test()
    assert user["user_id"] == slack_credentials["admin_user_id"] and "bot_id" not in user
    assert user.headers["x-oauth-scopes"]


@pytest.mark.parametrize("token, error", [(None, "not_authed"), ("xoxb-nope", "invalid_auth")])
def test_missing_or_unknown_token(slack_credentials, token, error):
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_of(client.auth_test).response["error"] == error


def test_token_may_come_in_body_or_query(universe, slack_credentials):
    url = f"{slack_credentials['api_url']}auth.test"
    form = httpx.post(url, data={"token": slack_credentials["bot_token"]}).json()
    query = httpx.get(url, params={"token": slack_credentials["bot_token"]}).json()
    assert form["ok"] and query["ok"] and form["user_id"] == query["user_id"]


def test_auth_revoke(slack_credentials, slack_token_for):
    token = slack_token_for(slack_credentials["admin_user_id"], ["users:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert client.auth_revoke(test=True)["revoked"] is False
    assert client.auth_test()["ok"]
    assert client.auth_revoke()["revoked"] is True
    assert error_of(client.auth_test).response["error"] == "invalid_auth"


def test_missing_scope_names_needed_and_provided(slack_credentials, slack_token_for):
    token = slack_token_for(slack_credentials["admin_user_id"], ["users:read"])
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert client.users_list()["ok"]
    err = error_of(lambda: client.chat_postMessage(channel="C1", text="hi"))
    assert err.response["error"] == "missing_scope"
    assert err.response["needed"] == "chat:write"
    assert err.response["provided"] == "users:read"


def test_private_channel_history_needs_groups_history(
    slack_user_client, slack_credentials, slack_token_for
):
    private = slack_user_client.conversations_create(name="secret-plans", is_private=True)
    token = slack_token_for(
        slack_credentials["admin_user_id"], ["channels:history", "channels:read"]
    )
    client = WebClient(token=token, base_url=slack_credentials["api_url"])
    err = error_of(lambda: client.conversations_history(channel=private["channel"]["id"]))
    assert (err.response["error"], err.response["needed"]) == ("missing_scope", "groups:history")


def test_team_info(slack_client, slack_credentials):
    team = slack_client.team_info()["team"]
    assert team["id"] == slack_credentials["team_id"] and team["domain"] == "darkfactory"
    err = error_of(lambda: slack_client.team_info(team="T000NOPE"))
    assert err.response["error"] == "team_not_found"


def test_bots_info(slack_client):
    bot_id = slack_client.auth_test()["bot_id"]
    bot = slack_client.bots_info(bot=bot_id)["bot"]
    assert bot["id"] == bot_id and bot["user_id"] == slack_client.auth_test()["user_id"]
    assert error_of(lambda: slack_client.bots_info(bot="B0NOPE")).response["error"] == (
        "bot_not_found"
    )


def test_emoji_list(slack_client, universe):
    assert slack_client.emoji_list()["emoji"] == {}

    def add_emoji():
        with universe.universe.store.transaction():
            universe.universe.store.execute(
                "INSERT INTO slack_emoji(name, value) VALUES ('shipit', 'https://e/shipit.png'),"
                " ('squirrel', 'alias:shipit')"
            )

    universe.call(add_emoji)
    assert slack_client.emoji_list()["emoji"] == {
        "shipit": "https://e/shipit.png",
        "squirrel": "alias:shipit",
    }


def test_unknown_method(slack_client):
    err = error_of(lambda: slack_client.api_call("nope.never"))
    assert err.response["error"] == "unknown_method"
