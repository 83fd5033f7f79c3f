"""Stars, calls, canvases, unfurls and closing DMs through slack_sdk, each seen by other methods."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def error_of(call, *args, **kwargs) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(*args, **kwargs)
    return refused.value.response["error"]


def someone(client) -> str:
    return next(
        m["id"] for m in client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )


def test_stars_save_messages_and_list_them(slack_user_client, slack_client, general):
    ts = slack_user_client.chat_postMessage(channel=general, text="worth keeping")["ts"]
    assert slack_user_client.stars_add(channel=general, timestamp=ts)["ok"]
    assert error_of(slack_user_client.stars_add, channel=general, timestamp=ts) == "already_starred"
    items = slack_user_client.stars_list()["items"]
    assert items[0]["type"] == "message" and items[0]["message"]["text"] == "worth keeping"
    assert items[0]["channel"] == general
    assert error_of(slack_client.stars_list) == "missing_scope", "bots have no stars"
    assert slack_user_client.stars_list(count=1)["paging"]["total"] == 1
    assert (
        error_of(slack_user_client.stars_add, channel=general, timestamp="1.000001")
        == "message_not_found"
    )
    assert error_of(slack_user_client.stars_add) == "no_item_specified"
    slack_user_client.stars_remove(channel=general, timestamp=ts)
    assert slack_user_client.stars_list()["items"] == []
    assert error_of(slack_user_client.stars_remove, channel=general, timestamp=ts) == "not_starred"


def test_calls_register_participants_and_end(slack_client, slack_user_client):
    person = someone(slack_client)
    added = slack_client.calls_add(
        external_unique_id="zoom-42",
        join_url="https://zoom.example/j/42",
        title="Standup",
        users=[{"slack_id": person}],
    )["call"]
    assert added["id"].startswith("R") and added["users"] == [{"slack_id": person}]
    slack_client.calls_participants_add(
        id=added["id"], users=[{"external_id": "guest-1", "display_name": "Guest"}]
    )
    slack_client.calls_participants_remove(id=added["id"], users=[{"slack_id": person}])
    slack_client.calls_update(id=added["id"], title="Standup (late)")
    info = slack_client.calls_info(id=added["id"])["call"]
    assert info["title"] == "Standup (late)"
    assert info["users"] == [{"external_id": "guest-1", "display_name": "Guest"}]
    slack_client.calls_end(id=added["id"], duration=600)
    assert slack_client.calls_info(id=added["id"])["call"]["date_end"] == info["date_start"] + 600
    assert error_of(slack_client.calls_end, id=added["id"]) == "inactive_call"
    assert error_of(slack_client.calls_info, id="R0NOPE") == "invalid_call_id"
    assert (
        error_of(
            slack_client.calls_add,
            external_unique_id="x",
            join_url="https://x",
            users=[{"slack_id": "U0NOPE"}],
        )
        == "user_not_found"
    )


def test_canvases_sections_edits_and_access(slack_user_client, slack_client, general):
    canvas = slack_user_client.canvases_create(
        title="Runbook",
        document_content={
            "type": "markdown",
            "markdown": "# Deploy\nRun make.\n\n## Rollback\nRevert.",
        },
    )["canvas_id"]
    lookup = slack_user_client.canvases_sections_lookup(
        canvas_id=canvas, criteria={"section_types": ["h2"], "contains_text": "Rollback"}
    )["sections"]
    assert len(lookup) == 1
    slack_user_client.canvases_edit(
        canvas_id=canvas,
        changes=[
            {
                "operation": "insert_after",
                "section_id": lookup[0]["id"],
                "document_content": {"type": "markdown", "markdown": "Then page the on-call."},
            }
        ],
    )
    content = slack_user_client.canvases_getContent(canvas_id=canvas)["content"]
    assert content == "# Deploy\n\nRun make.\n\n## Rollback\n\nThen page the on-call.\n\nRevert."
    assert error_of(slack_client.canvases_getContent, canvas_id=canvas) == "canvas_not_found"
    slack_user_client.canvases_access_set(
        canvas_id=canvas, access_level="read", channel_ids=[general]
    )
    assert (
        "<h2>Rollback</h2>"
        in slack_client.canvases_getContent(canvas_id=canvas, content_type="html")["content"]
    )
    edit = {
        "operation": "insert_at_end",
        "document_content": {"type": "markdown", "markdown": "bot was here"},
    }
    assert error_of(slack_client.canvases_edit, canvas_id=canvas, changes=[edit]) == "access_denied"
    slack_user_client.canvases_access_delete(canvas_id=canvas, channel_ids=[general])
    assert error_of(slack_client.canvases_getContent, canvas_id=canvas) == "canvas_not_found"
    slack_user_client.canvases_delete(canvas_id=canvas)
    assert error_of(slack_user_client.canvases_getContent, canvas_id=canvas) == "canvas_not_found"


def test_a_channel_canvas_is_one_per_channel_and_writable_by_members(
    slack_user_client, slack_client, general
):
    canvas = slack_user_client.conversations_canvases_create(
        channel_id=general, document_content={"type": "markdown", "markdown": "Welcome!"}
    )["canvas_id"]
    assert (
        error_of(
            slack_user_client.conversations_canvases_create,
            channel_id=general,
            document_content={"type": "markdown", "markdown": "again"},
        )
        == "channel_canvas_already_exists"
    )
    slack_client.canvases_edit(
        canvas_id=canvas,
        changes=[
            {
                "operation": "replace",
                "document_content": {"type": "markdown", "markdown": "# Rules\nBe kind."},
            }
        ],
    )
    assert (
        slack_user_client.canvases_getContent(canvas_id=canvas)["content"] == "# Rules\n\nBe kind."
    )


def test_unfurls_attach_to_the_message(slack_client, general):
    ts = slack_client.chat_postMessage(channel=general, text="see https://tickets.example/T-1")[
        "ts"
    ]
    slack_client.chat_unfurl(
        channel=general, ts=ts, unfurls={"https://tickets.example/T-1": {"text": "T-1: Fix login"}}
    )
    message = slack_client.conversations_history(channel=general, limit=1)["messages"][0]
    assert message["attachments"][0]["text"] == "T-1: Fix login"
    assert message["attachments"][0]["is_app_unfurl"] is True
    assert (
        error_of(
            slack_client.chat_unfurl,
            channel=general,
            ts=ts,
            unfurls={"https://other.example": {"text": "x"}},
        )
        == "cannot_unfurl_url"
    )


def test_closing_a_dm_and_opening_it_again(slack_user_client):
    person = someone(slack_user_client)
    dm = slack_user_client.conversations_open(users=person)["channel"]["id"]
    assert slack_user_client.conversations_close(channel=dm).data == {"ok": True}
    assert slack_user_client.conversations_info(channel=dm)["channel"]["is_open"] is False
    assert slack_user_client.conversations_close(channel=dm)["already_closed"] is True
    slack_user_client.conversations_open(users=person)
    assert slack_user_client.conversations_info(channel=dm)["channel"]["is_open"] is True
    general = slack_user_client.conversations_list()["channels"][0]["id"]
    assert (
        error_of(slack_user_client.conversations_close, channel=general)
        == "method_not_supported_for_channel_type"
    )
