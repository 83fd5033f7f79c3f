"""chat.postMessage answers with the message it stored without reading it back, and reads the
caller's membership with the conversation; what it answers is what history shows."""

from __future__ import annotations

import json

import pytest
from slack_sdk.errors import SlackApiError
from tests.sql import statements

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]
ATTACHMENTS = [{"text": "attached", "color": "#36a64f"}]
METADATA = {"event_type": "task_created", "event_payload": {"id": "T1", "ratio": 0.5}}


def refusal(call, **kwargs) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(**kwargs)
    return refused.value.response["error"]


@pytest.mark.parametrize(
    "content",
    [
        {"text": "plain words"},
        {"text": "with blocks", "blocks": json.dumps(BLOCKS)},
        {"text": "with attachments", "attachments": json.dumps(ATTACHMENTS)},
        {"text": "with metadata", "metadata": json.dumps(METADATA)},
        {"text": "as someone else", "username": "Reporter", "icon_emoji": ":robot_face:"},
    ],
)
def test_a_posted_message_is_answered_as_history_shows_it(slack_client, general, content):
    posted = slack_client.chat_postMessage(channel=general, **content)
    shown = slack_client.conversations_history(
        channel=general, latest=posted["ts"], inclusive=True, limit=1, include_all_metadata=True
    )["messages"][0]
    assert posted["message"]["ts"] == shown["ts"] == posted["ts"]
    assert posted["message"] == shown


def test_a_thread_reply_is_answered_as_its_thread_shows_it(slack_client, general):
    root = slack_client.chat_postMessage(channel=general, text="root")["ts"]
    reply = slack_client.chat_postMessage(
        channel=general, text="said to all", thread_ts=root, reply_broadcast=True
    )
    thread = slack_client.conversations_replies(channel=general, ts=root)["messages"]
    assert reply["message"] == thread[-1]
    assert reply["message"]["root"]["ts"] == root


def test_a_post_reads_back_none_of_what_it_wrote(universe, slack_client, general):
    with statements(universe) as ran:
        ts = slack_client.chat_postMessage(channel=general, text="written once")["ts"]
    reads = [s for s in ran if s.lstrip().upper().startswith("SELECT")]
    assert not [s for s in reads if ts in s], reads
    assert not [s for s in reads if "slack_reactions" in s or "slack_pins" in s], reads
    assert not [s for s in reads if "slack_teams" in s], reads
    # the caller's membership is read with the conversation, not on its own
    assert not [s for s in reads if s.startswith("SELECT 1 FROM slack_members")], reads
    assert sum("FROM slack_channels" in s for s in reads) == 1, reads


def test_a_bot_removed_from_a_private_channel_can_neither_post_nor_read_there(
    slack_client, slack_user_client, slack_credentials
):
    room = slack_user_client.conversations_create(name="war-room", is_private=True)
    channel = room["channel"]["id"]
    slack_user_client.conversations_invite(channel=channel, users=slack_credentials["bot_user_id"])
    assert slack_client.chat_postMessage(channel=channel, text="inside")["ok"]
    assert slack_client.conversations_history(channel=channel)["messages"][0]["text"] == "inside"
    slack_user_client.conversations_kick(channel=channel, user=slack_credentials["bot_user_id"])
    assert refusal(slack_client.chat_postMessage, channel=channel, text="x") == "channel_not_found"
    assert refusal(slack_client.conversations_history, channel=channel) == "channel_not_found"


def test_a_bot_outside_a_public_channel_posts_there_but_cannot_read_it(
    slack_client, slack_user_client
):
    channel = slack_user_client.conversations_create(name="town-square")["channel"]["id"]
    assert slack_client.chat_postMessage(channel=channel, text="from outside")["ok"]
    assert refusal(slack_client.conversations_history, channel=channel) == "not_in_channel"
