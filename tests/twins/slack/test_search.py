"""search.messages through slack_sdk: words, in:#channel, from:@user, visibility, paging."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def test_search_words_channel_and_author(slack_user_client, slack_client, general):
    random = next(
        c["id"] for c in slack_user_client.conversations_list()["channels"] if c["name"] == "random"
    )
    slack_user_client.chat_postMessage(channel=general, text="the kumquat pipeline is green")
    slack_user_client.chat_postMessage(channel=random, text="kumquat party at five")
    slack_client.chat_postMessage(channel=general, text="kumquat finished by the bot")
    everywhere = slack_user_client.search_messages(query="kumquat")["messages"]
    assert everywhere["total"] == 3
    in_general = slack_user_client.search_messages(query="kumquat in:#general")["messages"]
    assert {m["channel"]["name"] for m in in_general["matches"]} == {"general"}
    by_admin = slack_user_client.search_messages(query="kumquat from:@admin")["messages"]
    assert [m["text"] for m in by_admin["matches"]] == [
        "kumquat party at five",
        "the kumquat pipeline is green",
    ]
    assert slack_user_client.search_messages(query="pipeline green")["messages"]["total"] == 1
    paged = slack_user_client.search_messages(query="kumquat", count=2, page=2)["messages"]
    assert paged["paging"] == {"count": 2, "total": 3, "page": 2, "pages": 2}
    assert len(paged["matches"]) == 1


def test_private_messages_stay_private(slack_user_client, universe, slack_credentials):
    slack_user_client.conversations_create(name="hush", is_private=True)
    hush = next(
        c["id"]
        for c in slack_user_client.conversations_list(types="private_channel")["channels"]
        if c["name"] == "hush"
    )
    slack_user_client.chat_postMessage(channel=hush, text="secret sauce recipe")
    assert slack_user_client.search_messages(query="sauce")["messages"]["total"] == 1
    person = next(
        m
        for m in slack_user_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )

    def token() -> str:
        with universe.universe.store.transaction():
            return universe.universe.twins["slack"].user_token(person["id"])

    from slack_sdk import WebClient

    other = WebClient(token=universe.call(token), base_url=slack_credentials["api_url"])
    assert other.search_messages(query="sauce")["messages"]["total"] == 0


def test_bots_cannot_search(slack_client):
    with pytest.raises(SlackApiError) as caught:
        slack_client.search_messages(query="anything")
    assert caught.value.response["error"] in ("not_allowed_token_type", "missing_scope")
