"""AsyncWebClient against the twin, and 429s that slack_sdk's retry handler rides out."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler


async def test_async_client_covers_a_conversation(async_slack_client, slack_user_client):
    channel = slack_user_client.conversations_create(name="async-room")["channel"]["id"]
    await async_slack_client.conversations_join(channel=channel)
    posted = await async_slack_client.chat_postMessage(channel=channel, text="from asyncio")
    await async_slack_client.reactions_add(channel=channel, timestamp=posted["ts"], name="zap")
    texts = []
    async for page in await async_slack_client.conversations_history(channel=channel, limit=1):
        texts.extend(m["text"] for m in page["messages"])
    assert texts[0] == "from asyncio" and "channel_join" not in texts
    info = await async_slack_client.users_info(
        user=(await async_slack_client.auth_test())["user_id"]
    )
    assert info["user"]["is_bot"] is True


def test_rate_limit_is_retried_by_the_sdk(universe, slack_credentials):
    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "slack",
            "operation": "conversations.list",
            "kind": "rate_limit",
            "limit": 1,
            "window_s": 1,
        },
    )
    plain = WebClient(token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"])
    plain.conversations_list()
    with pytest.raises(SlackApiError) as caught:
        plain.conversations_list()
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "1"
    handler = RateLimitErrorRetryHandler(max_retry_count=3)
    patient = WebClient(
        token=slack_credentials["bot_token"],
        base_url=slack_credentials["api_url"],
        retry_handlers=[handler],
    )
    assert patient.conversations_list()["ok"]
    statuses = [
        e["status"]
        for e in universe.control("GET", "/journal?operation=conversations.list")["entries"]
    ]
    assert statuses[-2:] == [429, 200], "the SDK saw a 429 and retried after Retry-After"


async def test_rate_limit_is_retried_by_the_async_sdk(universe, slack_credentials):
    from slack_sdk.web.async_client import AsyncWebClient

    universe.control(
        "POST",
        "/faults",
        json={
            "twin": "slack",
            "operation": "auth.test",
            "kind": "rate_limit",
            "limit": 0,
            "window_s": 1,
            "times": 1,
        },
    )
    client = AsyncWebClient(
        token=slack_credentials["bot_token"],
        base_url=slack_credentials["api_url"],
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    assert (await client.auth_test())["ok"]
    statuses = [
        e["status"] for e in universe.control("GET", "/journal?operation=auth.test")["entries"]
    ]
    assert statuses == [429, 200]
