"""Thread replies as Slack sends them over the Events API, by HTTP and over Socket Mode.

Slack's reference for the ``message_replied`` subtype warns that the Events API sends no such
subtype: a reply arrives as a plain ``message`` with ``thread_ts`` (and ``parent_user_id``), and
nothing is sent about the parent. The parent's ``reply_count``, ``reply_users_count``,
``reply_users`` and ``latest_reply`` are read from ``conversations.history`` and ``.replies``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from tests.helpers import eventually
from tests.twins.slack.test_socket_mode import create_app, hellos

SUBSCRIPTIONS = ["message.channels"]
QUIET_S = 1.0  # how long nothing more must arrive once every message has been heard


def listen(bolt: App, heard: dict[str, list[dict]]) -> None:
    """A listener for ``message_replied`` (which must stay silent) and one for any message."""
    bolt.event({"type": "message", "subtype": "message_replied"})(
        lambda event: heard["message_replied"].append(event)
    )
    bolt.event("message")(lambda event: heard["message"].append(event))


@pytest.fixture(params=["http", "socket_mode"])
def app(request, universe, serve_bolt, slack_credentials) -> Iterator[tuple[dict, dict]]:
    """A bolt app in the conversation, reached by HTTP or over Socket Mode: its record and what
    its listeners heard."""
    heard: dict[str, list[dict]] = {"message": [], "message_replied": []}
    if request.param == "http":
        created, _bot = serve_bolt("Threads", lambda bolt: listen(bolt, heard), SUBSCRIPTIONS)
        yield created, heard
        return
    created = create_app(universe, events=SUBSCRIPTIONS)
    client = WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"])
    bolt = App(token=created["bot_token"], client=client)
    listen(bolt, heard)
    handler = SocketModeHandler(bolt, created["app_token"])
    greeted = hellos(handler.client)
    handler.connect()
    eventually(greeted)
    yield created, heard
    handler.close()


@pytest.fixture
def voices(slack_user_client, slack_token_for, slack_credentials) -> list[WebClient]:
    """The owner and two members, each with a client of their own."""
    me = slack_user_client.auth_test()["user_id"]
    members = slack_user_client.users_list()["members"]
    others = [m["id"] for m in members if not m["is_bot"] and m["id"] not in (me, "USLACKBOT")]
    api = slack_credentials["api_url"]
    scopes = ["chat:write", "channels:history", "channels:read"]
    return [slack_user_client] + [
        WebClient(token=slack_token_for(user, scopes), base_url=api) for user in others[:2]
    ]


def top_level(client: WebClient, channel: str) -> dict:
    """The one message of ``channel``'s history that is not a join notice: replies stay in
    their thread."""
    (posted,) = [
        m for m in client.conversations_history(channel=channel)["messages"] if "subtype" not in m
    ]
    return posted


def test_a_reply_arrives_as_a_plain_message_and_the_parent_counts_it(app, voices):
    created, heard = app
    owner, second, third = voices
    ids = [v.auth_test()["user_id"] for v in voices]
    channel = owner.conversations_create(name="replies")["channel"]["id"]
    owner.conversations_invite(channel=channel, users=",".join([*ids[1:], created["bot_user_id"]]))

    parent = owner.chat_postMessage(channel=channel, text="who takes the release?")["ts"]
    replies = [
        voice.chat_postMessage(channel=channel, text=text, thread_ts=parent)["ts"]
        for voice, text in ((second, "me"), (third, "or me"), (second, "me, then"))
    ]
    sent = [parent, *replies]
    eventually(lambda: {e["ts"] for e in heard["message"]} >= set(sent))
    time.sleep(QUIET_S)

    assert heard["message_replied"] == []
    assert [e["ts"] for e in heard["message"] if e["channel"] == channel] == sent
    for event, author in zip(heard["message"][1:], (ids[1], ids[2], ids[1]), strict=True):
        assert "subtype" not in event and "hidden" not in event
        assert event["thread_ts"] == parent and event["parent_user_id"] == ids[0]
        assert event["user"] == author
    assert "thread_ts" not in heard["message"][0]

    root = top_level(owner, channel)
    assert root["ts"] == parent and root["thread_ts"] == parent
    assert root["reply_count"] == 3 and root["reply_users_count"] == 2
    assert root["reply_users"] == [ids[1], ids[2]] and root["latest_reply"] == replies[-1]
    thread = owner.conversations_replies(channel=channel, ts=parent)["messages"]
    assert [m["ts"] for m in thread] == sent
    assert thread[0]["reply_count"] == 3 and "reply_count" not in thread[1]

    second.chat_delete(channel=channel, ts=replies[-1])
    root = top_level(owner, channel)
    assert root["reply_count"] == 2 and root["latest_reply"] == replies[1]
    assert root["reply_users"] == [ids[1], ids[2]]
    time.sleep(QUIET_S)
    assert heard["message_replied"] == []
