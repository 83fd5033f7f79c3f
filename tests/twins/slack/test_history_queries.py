"""conversations.history and .replies read a page with the same few SQL statements whatever its
size, and every one of them searches an index rather than reading a whole table."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from tests.sql import full_scans, statements

BIG_TABLES = {"slack_messages", "slack_reactions", "slack_pins"}


@pytest.fixture
def busy_channel(slack_client, slack_user_client, general) -> str:
    """#general with 60 messages, each with a reaction, some pinned, some threads with replies
    (one of them also sent to the channel)."""
    for number in range(60):
        ts = slack_client.chat_postMessage(channel=general, text=f"message {number}")["ts"]
        slack_user_client.reactions_add(channel=general, timestamp=ts, name="eyes")
        if number % 10 == 0:
            slack_client.pins_add(channel=general, timestamp=ts)
            slack_user_client.chat_postMessage(channel=general, text="a reply", thread_ts=ts)
            slack_client.chat_postMessage(
                channel=general, text="said to all", thread_ts=ts, reply_broadcast=True
            )
    return general


def count(universe, call) -> tuple[int, list[str]]:
    """How many statements ``call()`` runs in the universe, and which."""
    with statements(universe) as ran:
        call()
    return len(ran), ran


def test_history_runs_as_many_statements_for_50_messages_as_for_12(
    universe, slack_client, busy_channel
):
    def page(limit: int) -> tuple[int, list[str]]:
        with statements(universe) as ran:
            messages = slack_client.conversations_history(channel=busy_channel, limit=limit)
        messages = messages["messages"]
        assert len(messages) == limit
        # every kind of detail a message can carry is on both pages
        assert any("reactions" in m for m in messages) and any("pinned_to" in m for m in messages)
        assert any(m.get("reply_count") for m in messages) and any("root" in m for m in messages)
        return len(ran), ran

    small, _ = page(12)
    large, ran = page(50)
    assert small == large, ran


def test_replies_run_as_many_statements_for_a_long_thread_as_for_a_short_one(
    universe, slack_client, slack_user_client, general
):
    def thread(replies: int) -> str:
        ts = slack_client.chat_postMessage(channel=general, text="thread")["ts"]
        for number in range(replies):
            slack_user_client.chat_postMessage(channel=general, text=f"r{number}", thread_ts=ts)
        return ts

    short, long = thread(2), thread(30)
    few, _ = count(universe, lambda: slack_client.conversations_replies(channel=general, ts=short))
    many, ran = count(
        universe, lambda: slack_client.conversations_replies(channel=general, ts=long)
    )
    assert len(slack_client.conversations_replies(channel=general, ts=long)["messages"]) == 31
    assert few == many, ran


def test_history_reads_search_indexes(universe, slack_client, busy_channel):
    _, ran = count(
        universe, lambda: slack_client.conversations_history(channel=busy_channel, limit=50)
    )
    assert any("slack_reactions" in s for s in ran)  # the page's reactions were read
    assert full_scans(universe, ran, BIG_TABLES) == {}


def test_history_is_still_refused_to_a_bot_outside_a_private_channel(
    slack_client, slack_user_client
):
    private = slack_user_client.conversations_create(name="secret-room", is_private=True)
    with pytest.raises(SlackApiError) as refused:
        slack_client.conversations_history(channel=private["channel"]["id"])
    assert refused.value.response["error"] in ("channel_not_found", "not_in_channel")
