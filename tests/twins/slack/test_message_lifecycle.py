"""Edits, deletions, thread replies, file shares and pins reach a slack_bolt app as Slack's
message subtypes and events."""

from __future__ import annotations

import time

import pytest
from slack_bolt import App
from slack_sdk import WebClient
from tests.helpers import eventually

SUBTYPES = ("message_changed", "message_deleted", "file_share", "pinned_item", "thread_broadcast")
PIN_EVENTS = ("pin_added", "pin_removed")


@pytest.fixture
def heard(serve_bolt):
    """A bolt app subscribed to channel messages, with one listener per subtype; yields the
    app's record and the events each listener heard, by subtype."""
    received: dict[str, list[dict]] = {kind: [] for kind in ("message", *SUBTYPES, *PIN_EVENTS)}

    def listen(bolt: App) -> None:
        for subtype in SUBTYPES:
            bolt.event({"type": "message", "subtype": subtype})(
                lambda event: received[event["subtype"]].append(event)
            )
        bolt.event("message")(lambda event: received["message"].append(event))
        for kind in PIN_EVENTS:
            bolt.event(kind)(lambda event: received[event["type"]].append(event))

    subscriptions = ["message.channels", "message.groups", *PIN_EVENTS]
    created, _client = serve_bolt("Archivist", listen, subscriptions)
    return created, received


def _room(client: WebClient, name: str, bot_user: str | None) -> str:
    channel = client.conversations_create(name=name)["channel"]["id"]
    if bot_user:
        client.conversations_invite(channel=channel, users=bot_user)
    return channel


def test_an_edit_arrives_as_message_changed(heard, slack_user_client):
    app, received = heard
    channel = _room(slack_user_client, "edits", app["bot_user_id"])
    ts = slack_user_client.chat_postMessage(channel=channel, text="shipping at 5")["ts"]
    slack_user_client.chat_update(channel=channel, ts=ts, text="shipping at 6")

    event = eventually(lambda: received["message_changed"])[0]
    assert event["hidden"] is True and event["channel"] == channel
    assert event["channel_type"] == "channel"
    assert event["message"]["ts"] == ts and event["message"]["text"] == "shipping at 6"
    assert event["message"]["edited"]["user"] == event["message"]["user"]
    assert event["ts"] == event["message"]["edited"]["ts"] != ts
    assert event["previous_message"]["text"] == "shipping at 5"
    assert "edited" not in event["previous_message"]


def test_a_deletion_arrives_as_message_deleted(heard, slack_user_client):
    app, received = heard
    channel = _room(slack_user_client, "deletions", app["bot_user_id"])
    ts = slack_user_client.chat_postMessage(channel=channel, text="oops, the password")["ts"]
    slack_user_client.chat_delete(channel=channel, ts=ts)

    event = eventually(lambda: received["message_deleted"])[0]
    assert event["hidden"] is True and event["channel"] == channel
    assert event["deleted_ts"] == ts and event["ts"] > ts
    assert event["previous_message"]["text"] == "oops, the password"
    left = slack_user_client.conversations_history(channel=channel)["messages"]
    assert ts not in {m["ts"] for m in left}


def test_a_shared_file_is_a_file_share_message(heard, slack_user_client):
    app, received = heard
    channel = _room(slack_user_client, "uploads", app["bot_user_id"])
    file = slack_user_client.files_upload_v2(
        channel=channel, content=b"a,b\n1,2\n", filename="data.csv", initial_comment="the numbers"
    )["file"]
    stored = slack_user_client.conversations_history(channel=channel)["messages"][0]
    assert stored["subtype"] == "file_share" and stored["files"][0]["id"] == file["id"]
    event = eventually(lambda: received["file_share"])[0]
    assert event["text"] == "the numbers" and event["files"][0]["id"] == file["id"]
    assert event["upload"] is True and event["channel"] == channel


def test_apps_outside_the_channel_hear_no_edits_deletions_or_pins(heard, slack_user_client):
    _app, received = heard
    channel = _room(slack_user_client, "no-archivist", None)
    ts = slack_user_client.chat_postMessage(channel=channel, text="draft")["ts"]
    slack_user_client.chat_update(channel=channel, ts=ts, text="final")
    slack_user_client.pins_add(channel=channel, timestamp=ts)
    slack_user_client.pins_remove(channel=channel, timestamp=ts)
    slack_user_client.chat_delete(channel=channel, ts=ts)
    time.sleep(0.5)
    heard_here = [
        e
        for events in received.values()
        for e in events
        if channel in (e.get("channel"), e.get("channel_id"))
    ]
    assert heard_here == []


def test_pins_leave_a_pinned_item_and_send_pin_events(heard, slack_user_client):
    app, received = heard
    channel = _room(slack_user_client, "pins", app["bot_user_id"])
    ts = slack_user_client.chat_postMessage(channel=channel, text="the runbook")["ts"]
    slack_user_client.pins_add(channel=channel, timestamp=ts)

    notice = eventually(lambda: received["pinned_item"])[0]
    me = notice["user"]
    assert notice["text"] == f"<@{me}> pinned a message to this channel."
    assert notice["item_type"] == "C" and notice["item"]["message"]["ts"] == ts
    history = slack_user_client.conversations_history(channel=channel)["messages"]
    assert history[0]["subtype"] == "pinned_item" and history[0]["ts"] == notice["ts"]
    added = eventually(lambda: received["pin_added"])[0]
    assert added["channel_id"] == channel and added["item"]["message"]["ts"] == ts
    assert added["pin_count"] == "1" and added["pinned_info"]["pinned_by"] == me

    slack_user_client.pins_remove(channel=channel, timestamp=ts)
    removed = eventually(lambda: received["pin_removed"])[0]
    assert removed["has_pins"] is False and removed["pin_count"] == "0"


def test_a_reply_names_its_parent_and_the_parent_counts_its_replies(heard, slack_user_client):
    app, received = heard
    channel = _room(slack_user_client, "threads", app["bot_user_id"])
    me = slack_user_client.auth_test()["user_id"]
    parent = slack_user_client.chat_postMessage(channel=channel, text="deploy?")["ts"]
    first = slack_user_client.chat_postMessage(channel=channel, text="yes", thread_ts=parent)
    second = slack_user_client.chat_postMessage(channel=channel, text="now", thread_ts=parent)

    replies = eventually(lambda: [e for e in received["message"] if e.get("thread_ts")][1:])
    assert "subtype" not in replies[0] and replies[0]["ts"] == second["ts"]
    assert replies[0]["thread_ts"] == parent and replies[0]["parent_user_id"] == me
    root = slack_user_client.conversations_history(channel=channel)["messages"][0]
    assert root["ts"] == parent and root["reply_count"] == 2
    assert root["latest_reply"] == second["ts"] and root["reply_users"] == [me]
    thread = slack_user_client.conversations_replies(channel=channel, ts=parent)["messages"]
    assert [m["ts"] for m in thread] == [parent, first["ts"], second["ts"]]
    assert "parent_user_id" not in thread[0] and thread[1]["parent_user_id"] == me


def test_a_broadcast_reply_is_a_thread_broadcast_with_its_root(heard, slack_user_client):
    app, received = heard
    channel = _room(slack_user_client, "broadcasts", app["bot_user_id"])
    parent = slack_user_client.chat_postMessage(channel=channel, text="incident")["ts"]
    ts = slack_user_client.chat_postMessage(
        channel=channel, text="resolved", thread_ts=parent, reply_broadcast=True
    )["ts"]

    event = eventually(lambda: received["thread_broadcast"])[0]
    assert event["ts"] == ts and event["thread_ts"] == parent
    assert event["root"]["ts"] == parent and event["root"]["text"] == "incident"
    assert event["root"]["reply_count"] == 1 and event["root"]["latest_reply"] == ts
    history = slack_user_client.conversations_history(channel=channel)["messages"]
    assert history[0]["subtype"] == "thread_broadcast" and history[0]["root"]["ts"] == parent


def test_slackbot_tells_the_pinner_when_someone_else_unpins(serve_bolt, slack_user_client):
    unpinned: list[dict] = []

    def listen(bolt: App) -> None:
        bolt.event({"type": "message", "subtype": "unpinned_item"})(
            lambda event: unpinned.append(event)
        )

    app, bot = serve_bolt("Pinner", listen, ["message.im"])
    channel = _room(slack_user_client, "unpins", app["bot_user_id"])
    mine = bot.chat_postMessage(channel=channel, text="pinned and unpinned by me")["ts"]
    bot.pins_add(channel=channel, timestamp=mine)
    bot.pins_remove(channel=channel, timestamp=mine)  # the pinner's own unpin: no notice
    ts = bot.chat_postMessage(channel=channel, text="the runbook")["ts"]
    bot.pins_add(channel=channel, timestamp=ts)
    slack_user_client.pins_remove(channel=channel, timestamp=ts)

    notice = eventually(lambda: unpinned)[0]
    me = slack_user_client.auth_test()["user_id"]
    assert notice["user"] == "USLACKBOT" and notice["channel_type"] == "im"
    assert notice["text"] == f"<@{me}> unpinned the message you pinned to <#{channel}|unpins>."
    assert notice["item_type"] == "C" and notice["item"]["message"]["ts"] == ts
    assert notice["item"]["created_by"] == app["bot_user_id"]
    dm = bot.conversations_open(users="USLACKBOT")["channel"]["id"]
    assert notice["channel"] == dm
    history = bot.conversations_history(channel=dm)["messages"]
    assert [m["subtype"] for m in history] == ["unpinned_item"]
    time.sleep(0.5)
    assert len(unpinned) == 1
