"""``assistant.threads.*`` through slack_sdk: status, title and prompts of an app's thread."""

from __future__ import annotations

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

PROMPTS = [
    {"title": "Summarise", "message": "Summarise this channel"},
    {"title": "Draft", "message": "Draft a reply"},
]


def _shown(universe, channel: str, thread_ts: str) -> dict:
    answer = httpx.get(
        f"{universe.url}/slack/_assistant",
        params={"channel": channel, "thread_ts": thread_ts},
        headers=universe.admin_headers,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _error(call, **kwargs) -> str:
    with pytest.raises(SlackApiError) as caught:
        call(**kwargs)
    return caught.value.response["error"]


@pytest.fixture
def thread(slack_user_client, slack_credentials) -> tuple[str, str]:
    """A person's question in their DM with the app: ``(channel, thread_ts)``."""
    dm = slack_user_client.conversations_open(users=slack_credentials["bot_user_id"])
    channel = dm["channel"]["id"]
    return channel, slack_user_client.chat_postMessage(channel=channel, text="help?")["ts"]


def test_status_title_and_prompts_are_kept_until_the_app_answers(universe, slack_client, thread):
    channel, ts = thread
    slack_client.assistant_threads_setStatus(
        channel_id=channel, thread_ts=ts, status="is thinking…", loading_messages=["Reading…"]
    )
    slack_client.assistant_threads_setTitle(channel_id=channel, thread_ts=ts, title="Help")
    slack_client.assistant_threads_setSuggestedPrompts(
        channel_id=channel, thread_ts=ts, prompts=PROMPTS, title="Try"
    )
    shown = _shown(universe, channel, ts)
    assert shown["status"] == "is thinking…" and shown["loading_messages"] == ["Reading…"]
    assert shown["title"] == "Help" and shown["prompts"] == PROMPTS
    assert shown["prompts_title"] == "Try"

    slack_client.chat_postMessage(channel=channel, thread_ts=ts, text="Here you go")
    answered = _shown(universe, channel, ts)
    assert answered["status"] is None and answered["title"] == "Help"

    slack_client.assistant_threads_setStatus(channel_id=channel, thread_ts=ts, status="typing")
    universe.control("POST", "/clock", json={"advance": 121})
    assert _shown(universe, channel, ts)["status"] is None


def test_threads_outside_the_app_and_bad_arguments_are_refused(
    universe, slack_client, slack_user_client, slack_credentials, slack_token_for, thread
):
    channel, ts = thread
    other = next(
        m["id"]
        for m in slack_client.users_list()["members"]
        if not m["is_bot"] and not m["is_admin"]
    )
    elsewhere = slack_user_client.conversations_open(users=other)["channel"]["id"]
    elsewhere_ts = slack_user_client.chat_postMessage(channel=elsewhere, text="hi")["ts"]
    set_status = slack_client.assistant_threads_setStatus
    assert (
        _error(set_status, channel_id=elsewhere, thread_ts=elsewhere_ts, status="x")
        == "channel_not_found"
    )
    assert _error(set_status, channel_id=channel, thread_ts="1.000001", status="x") == (
        "invalid_thread_ts"
    )
    too_many = PROMPTS * 3
    assert (
        _error(
            slack_client.assistant_threads_setSuggestedPrompts,
            channel_id=channel,
            thread_ts=ts,
            prompts=too_many,
        )
        == "invalid_arguments"
    )
    assert _shown(universe, elsewhere, elsewhere_ts)["status"] is None

    chat_only = WebClient(
        token=slack_token_for(slack_credentials["bot_user_id"], ["chat:write"], "bot"),
        base_url=slack_credentials["api_url"],
    )
    chat_only.assistant_threads_setStatus(channel_id=channel, thread_ts=ts, status="on it")
    assert _shown(universe, channel, ts)["status"] == "on it"
    assert (
        _error(chat_only.assistant_threads_setTitle, channel_id=channel, thread_ts=ts, title="T")
        == "missing_scope"
    )
