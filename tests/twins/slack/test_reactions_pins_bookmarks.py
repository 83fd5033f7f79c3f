"""reactions.*, pins.* and bookmarks.* through slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def error_code(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


@pytest.fixture
def message(slack_client, general) -> str:
    return slack_client.chat_postMessage(channel=general, text="react to me")["ts"]


def test_reactions_add_get_remove_list(slack_client, slack_user_client, general, message):
    slack_client.reactions_add(channel=general, timestamp=message, name="thumbsup")
    slack_user_client.reactions_add(channel=general, timestamp=message, name=":thumbsup:")
    slack_user_client.reactions_add(channel=general, timestamp=message, name="tada")
    got = slack_client.reactions_get(channel=general, timestamp=message)["message"]
    assert [(r["name"], r["count"]) for r in got["reactions"]] == [("thumbsup", 2), ("tada", 1)]
    assert (
        error_code(
            lambda: slack_client.reactions_add(channel=general, timestamp=message, name="thumbsup")
        )
        == "already_reacted"
    )
    slack_client.reactions_remove(channel=general, timestamp=message, name="thumbsup")
    assert (
        error_code(
            lambda: slack_client.reactions_remove(
                channel=general, timestamp=message, name="thumbsup"
            )
        )
        == "no_reaction"
    )
    items = slack_user_client.reactions_list()["items"]
    assert items[0]["message"]["ts"] == message and items[0]["channel"] == general
    assert (
        error_code(
            lambda: slack_client.reactions_add(channel=general, timestamp="1.000003", name="x")
        )
        == "message_not_found"
    )


def test_pins(slack_client, general, message):
    slack_client.pins_add(channel=general, timestamp=message)
    assert error_code(lambda: slack_client.pins_add(channel=general, timestamp=message)) == (
        "already_pinned"
    )
    items = slack_client.pins_list(channel=general)["items"]
    assert [i["message"]["ts"] for i in items] == [message]
    assert items[0]["message"]["pinned_to"] == [general]
    history = slack_client.conversations_history(channel=general)
    assert history["pin_count"] == 1
    slack_client.pins_remove(channel=general, timestamp=message)
    assert slack_client.pins_list(channel=general)["items"] == []
    assert error_code(lambda: slack_client.pins_remove(channel=general, timestamp=message)) == (
        "no_pin"
    )


def test_bookmarks(slack_client, general):
    added = slack_client.bookmarks_add(
        channel_id=general,
        title="Runbook",
        type="link",
        link="https://runbook.example/oncall",
        emoji=":book:",
    )
    bookmark = added["bookmark"]
    assert bookmark["id"].startswith("Bk") and bookmark["channel_id"] == general
    edited = slack_client.bookmarks_edit(
        channel_id=general, bookmark_id=bookmark["id"], title="On-call runbook"
    )["bookmark"]
    assert edited["title"] == "On-call runbook" and edited["link"] == bookmark["link"]
    listed = slack_client.bookmarks_list(channel_id=general)["bookmarks"]
    assert [b["title"] for b in listed] == ["On-call runbook"]
    assert (
        error_code(lambda: slack_client.bookmarks_add(channel_id=general, title="x", type="folder"))
        == "invalid_bookmark_type"
    )
    assert (
        error_code(
            lambda: slack_client.bookmarks_add(
                channel_id=general, title="x", type="link", link="ftp://nope"
            )
        )
        == "invalid_link"
    )
    slack_client.bookmarks_remove(channel_id=general, bookmark_id=bookmark["id"])
    assert slack_client.bookmarks_list(channel_id=general)["bookmarks"] == []
    assert (
        error_code(
            lambda: slack_client.bookmarks_remove(channel_id=general, bookmark_id=bookmark["id"])
        )
        == "not_found"
    )
