"""chat.* through slack_sdk: post, update, delete, ephemeral, permalinks, me, scheduling."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk.errors import SlackApiError


def error_code(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


BLOCKS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Deploy* finished"}},
    {
        "type": "actions",
        "elements": [
            {"type": "button", "action_id": "ack", "text": {"type": "plain_text", "text": "Ack"}}
        ],
    },
]


def test_post_message_with_blocks_as_bot(slack_client, general):
    posted = slack_client.chat_postMessage(channel=general, text="fallback", blocks=BLOCKS)
    message = posted["message"]
    assert posted["channel"] == general and message["ts"] == posted["ts"]
    assert message["bot_id"].startswith("B") and message["bot_profile"]["name"] == "Factory Bot"
    assert [b["type"] for b in message["blocks"]] == ["section", "actions"]
    assert all(b["block_id"] for b in message["blocks"])
    stored = slack_client.conversations_history(channel=general, limit=1)["messages"][0]
    assert stored["blocks"] == message["blocks"]


def test_post_by_channel_name_and_to_a_user_dm(slack_user_client, slack_client):
    by_name = slack_user_client.chat_postMessage(channel="#random", text="hi random")
    assert by_name["channel"].startswith("C")
    bot_user = slack_client.auth_test()["user_id"]
    dm = slack_user_client.chat_postMessage(channel=bot_user, text="hi bot")
    assert dm["channel"].startswith("D")
    assert slack_client.conversations_history(channel=dm["channel"])["messages"][0]["text"] == (
        "hi bot"
    )


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"channel": "C0NOPE", "text": "x"}, "channel_not_found"),
        ({"channel": "GENERAL", "text": ""}, "no_text"),
        ({"channel": "GENERAL", "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": "GENERAL", "text": "x", "blocks": [{"no": "type"}]}, "invalid_blocks"),
    ],
)
def test_post_message_errors(slack_client, general, kwargs, error):
    kwargs = {k: (general if v == "GENERAL" else v) for k, v in kwargs.items()}
    assert error_code(lambda: slack_client.api_call("chat.postMessage", json=kwargs)) == error


def test_bot_outside_channel_needs_chat_write_public(
    slack_client, slack_user_client, slack_credentials, slack_token_for
):
    channel = slack_user_client.conversations_create(name="elsewhere")["channel"]["id"]
    assert slack_client.chat_postMessage(channel=channel, text="public write")["ok"]
    bot = slack_credentials["bot_user_id"]
    token = slack_token_for(bot, ["chat:write"], kind="bot")
    from slack_sdk import WebClient

    limited = WebClient(token=token, base_url=slack_credentials["api_url"])
    assert error_code(lambda: limited.chat_postMessage(channel=channel, text="x")) == (
        "not_in_channel"
    )


def test_update_and_delete(slack_client, slack_user_client, general):
    ts = slack_client.chat_postMessage(channel=general, text="draft")["ts"]
    updated = slack_client.chat_update(channel=general, ts=ts, text="final")
    assert updated["text"] == "final" and updated["message"]["edited"]["user"]
    assert (
        slack_client.conversations_history(channel=general, limit=1)["messages"][0]["text"]
        == "final"
    )
    theirs = slack_user_client.chat_postMessage(channel=general, text="owner's")["ts"]
    assert (
        error_code(lambda: slack_client.chat_update(channel=general, ts=theirs, text="hijack"))
        == "cant_update_message"
    )
    assert error_code(lambda: slack_client.chat_delete(channel=general, ts=theirs)) == (
        "cant_delete_message"
    )
    slack_user_client.chat_delete(channel=general, ts=ts)  # the owner may delete any message
    assert error_code(lambda: slack_client.chat_update(channel=general, ts=ts, text="x")) == (
        "message_not_found"
    )


def test_ephemeral_is_not_in_history(slack_client, slack_credentials, general):
    admin = slack_credentials["admin_user_id"]
    sent = slack_client.chat_postEphemeral(channel=general, user=admin, text="only you")
    assert sent["message_ts"]
    texts = [m["text"] for m in slack_client.conversations_history(channel=general)["messages"]]
    assert "only you" not in texts
    assert (
        error_code(
            lambda: slack_client.chat_postEphemeral(channel=general, user="U0NOPE", text="x")
        )
        == "user_not_found"
    )


def test_permalink_and_me_message(slack_client, slack_user_client, general, universe):
    ts = slack_client.chat_postMessage(channel=general, text="link me")["ts"]
    link = slack_client.chat_getPermalink(channel=general, message_ts=ts)["permalink"]
    assert link == f"{universe.url}/ui/slack/archives/{general}/p{ts.replace('.', '')}"
    me = slack_user_client.chat_meMessage(channel=general, text="waves")
    assert (
        slack_user_client.conversations_history(channel=general, limit=1)["messages"][0]["subtype"]
        == "me_message"
        and me["ts"]
    )
    assert (
        error_code(lambda: slack_client.chat_getPermalink(channel=general, message_ts="1.000002"))
        == "message_not_found"
    )


def test_reply_broadcast_appears_in_channel(slack_client, general):
    parent = slack_client.chat_postMessage(channel=general, text="parent")["ts"]
    slack_client.chat_postMessage(
        channel=general, text="also to channel", thread_ts=parent, reply_broadcast=True
    )
    top = slack_client.conversations_history(channel=general, limit=1)["messages"][0]
    assert top["text"] == "also to channel" and top["subtype"] == "thread_broadcast"


def test_schedule_list_delete_and_delivery(slack_client, universe, general):
    now = universe.control("POST", "/clock", json={"freeze": True})["now"]
    first = slack_client.chat_scheduleMessage(channel=general, text="later", post_at=int(now) + 60)
    second = slack_client.chat_scheduleMessage(
        channel=general, text="cancelled", post_at=int(now) + 120
    )
    listed = slack_client.chat_scheduledMessages_list(channel=general)["scheduled_messages"]
    assert [m["id"] for m in listed] == [
        first["scheduled_message_id"],
        second["scheduled_message_id"],
    ]
    slack_client.chat_deleteScheduledMessage(
        channel=general, scheduled_message_id=second["scheduled_message_id"]
    )
    assert error_code(
        lambda: slack_client.chat_deleteScheduledMessage(
            channel=general, scheduled_message_id=second["scheduled_message_id"]
        )
    ) == ("invalid_scheduled_message_id")
    assert (
        error_code(
            lambda: slack_client.chat_scheduleMessage(
                channel=general, text="x", post_at=int(now) - 10
            )
        )
        == "time_in_past"
    )
    texts = [m["text"] for m in slack_client.conversations_history(channel=general)["messages"]]
    assert "later" not in texts
    universe.control("POST", "/clock", json={"advance": 61})
    texts = [m["text"] for m in slack_client.conversations_history(channel=general)["messages"]]
    assert "later" in texts and "cancelled" not in texts
    assert slack_client.chat_scheduledMessages_list()["scheduled_messages"] == []


def test_form_encoded_blocks_are_parsed(slack_credentials, general):
    import json

    response = httpx.post(
        f"{slack_credentials['api_url']}chat.postMessage",
        data={
            "token": slack_credentials["bot_token"],
            "channel": general,
            "text": "form",
            "blocks": json.dumps(BLOCKS),
        },
    ).json()
    assert response["ok"] and response["message"]["blocks"][0]["type"] == "section"
    bad = httpx.post(
        f"{slack_credentials['api_url']}chat.postMessage",
        data={"token": slack_credentials["bot_token"], "channel": general, "blocks": "{nope"},
    ).json()
    assert bad == {"ok": False, "error": "invalid_blocks"}


def test_a_text_only_message_gets_a_rich_text_block(slack_client, general):
    slack_client.conversations_join(channel=general)
    posted = slack_client.chat_postMessage(channel=general, text="plain words")["message"]
    block = posted["blocks"][0]
    assert block["type"] == "rich_text" and block["block_id"]
    assert block["elements"][0]["elements"] == [{"type": "text", "text": "plain words"}]
    with_blocks = slack_client.chat_postMessage(
        channel=general, text="fallback", blocks=[{"type": "divider"}]
    )["message"]
    assert [b["type"] for b in with_blocks["blocks"]] == ["divider"]
