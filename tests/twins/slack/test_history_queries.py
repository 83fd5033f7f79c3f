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


def test_a_page_carries_only_its_own_messages_reactions_and_pins(
    slack_client, slack_user_client, general
):
    # a page's details are read over the range of its timestamps: a reply inside that range,
    # with its own reaction and pin, must lend neither to the messages around it
    first = slack_client.chat_postMessage(channel=general, text="first")["ts"]
    reply = slack_user_client.chat_postMessage(channel=general, text="reply", thread_ts=first)
    slack_user_client.reactions_add(channel=general, timestamp=reply["ts"], name="tada")
    slack_client.pins_add(channel=general, timestamp=reply["ts"])
    last = slack_client.chat_postMessage(channel=general, text="last")["ts"]
    slack_user_client.reactions_add(channel=general, timestamp=last, name="eyes")
    slack_user_client.reactions_add(channel=general, timestamp=first, name="wave")
    slack_client.reactions_add(channel=general, timestamp=first, name="eyes")
    slack_user_client.reactions_add(channel=general, timestamp=first, name="eyes")

    page = slack_client.conversations_history(channel=general, oldest=first, inclusive=True)
    by_ts = {m["ts"]: m for m in page["messages"]}
    assert {first, last} <= set(by_ts) and reply["ts"] not in by_ts
    others = [m for ts, m in by_ts.items() if ts not in (first, last)]  # the pin's notice
    assert not any("reactions" in m or "pinned_to" in m for m in others)
    assert [(r["name"], r["count"]) for r in by_ts[first]["reactions"]] == [
        ("wave", 1),
        ("eyes", 2),
    ]
    assert [r["name"] for r in by_ts[last]["reactions"]] == ["eyes"]
    assert "pinned_to" not in by_ts[first] and "pinned_to" not in by_ts[last]
    assert by_ts[first]["reply_count"] == 1
    thread = slack_client.conversations_replies(channel=general, ts=first)["messages"]
    assert thread[1]["reactions"][0]["name"] == "tada"
    assert thread[1]["pinned_to"] == [general]


def test_history_looks_for_reactions_and_pins_only_where_a_conversation_has_some(
    universe, slack_client, slack_user_client
):
    channel = slack_user_client.conversations_create(name="quiet-room")["channel"]["id"]
    slack_user_client.conversations_invite(
        channel=channel, users=slack_client.auth_test()["user_id"]
    )
    first = slack_client.chat_postMessage(channel=channel, text="first")["ts"]
    slack_client.chat_postMessage(channel=channel, text="second")

    def page() -> tuple[dict[str, dict], list[str]]:
        with statements(universe) as ran:
            messages = slack_client.conversations_history(channel=channel)["messages"]
        details = [s for s in ran if "FROM slack_reactions x" in s or "FROM slack_pins x" in s]
        return {m["ts"]: m for m in messages}, details

    shown, details = page()
    assert details == []  # the conversation has neither: nothing is looked for
    assert not any("reactions" in m or "pinned_to" in m for m in shown.values())

    slack_user_client.reactions_add(channel=channel, timestamp=first, name="eyes")
    shown, details = page()
    assert details and shown[first]["reactions"] == [
        {"name": "eyes", "users": [slack_user_client.auth_test()["user_id"]], "count": 1}
    ]

    slack_user_client.reactions_remove(channel=channel, timestamp=first, name="eyes")
    slack_client.pins_add(channel=channel, timestamp=first)
    shown, details = page()
    assert details and "reactions" not in shown[first]
    assert shown[first]["pinned_to"] == [channel]

    slack_client.pins_remove(channel=channel, timestamp=first)
    shown, details = page()
    assert details == [] and not any("pinned_to" in m for m in shown.values())
