"""Slack's rate limits by tier, on by the universe setting: 429 ``ratelimited`` with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from darkfactory.twins.kit.pytest_plugin import RunningUniverse
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.slack.coverage import operations
from darkfactory.twins.slack.rate_limits import BURST, TIERS, tier_of


@pytest.fixture(scope="module")
def limited() -> Iterator[RunningUniverse]:
    """A universe whose Slack twin applies Slack's rate limits."""
    server = UniverseServer(Universe(fixtures={"slack": {"rate_limits": "tiers"}})).start()
    yield RunningUniverse(server)
    server.stop()


def client(limited: RunningUniverse, token: str | None = None, **kwargs) -> WebClient:
    creds = limited.credentials["slack"]
    return WebClient(token=token or creds["bot_token"], base_url=creds["api_url"], **kwargs)


def new_app_token(limited: RunningUniverse, name: str) -> str:
    created = httpx.post(
        f"{limited.url}/slack/_apps", json={"name": name}, headers=limited.admin_headers
    )
    assert created.status_code == 201, created.text
    return created.json()["app"]["bot_token"]


def new_channel(limited: RunningUniverse, name: str) -> str:
    owner = client(limited, limited.credentials["slack"]["user_token"])
    channel = owner.conversations_create(name=name)["channel"]["id"]
    owner.conversations_invite(channel=channel, users=limited.credentials["slack"]["bot_user_id"])
    return channel


def test_every_method_slack_serves_has_its_published_tier():
    assert tier_of("conversations.list") == "tier2" and tier_of("users.info") == "tier4"
    assert tier_of("rtm.connect") == "tier1" and tier_of("auth.test") == "hundreds"
    assert set(TIERS) <= set(operations()), "the table names only methods slack_sdk knows"


def test_limits_are_off_by_default(slack_client):
    for _ in range(25):
        assert slack_client.conversations_list(limit=1)["ok"]


def test_a_tier_2_method_refuses_the_21st_call_in_a_minute_per_app(limited):
    bot = client(limited)
    for _ in range(20):
        bot.conversations_list(limit=1)
    with pytest.raises(SlackApiError) as caught:
        bot.conversations_list(limit=1)
    response = caught.value.response
    assert response.status_code == 429 and response["error"] == "ratelimited"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    other = client(limited, new_app_token(limited, "Another App"))
    assert other.conversations_list(limit=1)["ok"], "another app has its own window"
    assert bot.users_list(limit=1)["ok"], "another method has its own window"
    limited.control("POST", "/clock", json={"advance": 61})
    assert bot.conversations_list(limit=1)["ok"], "the universe's clock frees the window"


def test_post_message_takes_a_burst_then_one_a_second_per_channel(limited):
    bot = client(limited)
    busy, quiet = new_channel(limited, "busy-room"), new_channel(limited, "quiet-room")
    for n in range(BURST):
        bot.chat_postMessage(channel=busy, text=f"burst {n}")
    with pytest.raises(SlackApiError) as caught:
        bot.chat_postMessage(channel=busy, text="one too many")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == str(BURST)
    assert bot.chat_postMessage(channel=quiet, text="another channel")["ok"]
    patient = client(limited, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    assert patient.chat_postMessage(channel=busy, text="after waiting")["ok"]
    texts = [m["text"] for m in bot.conversations_history(channel=busy)["messages"]]
    assert "after waiting" in texts and "one too many" not in texts


async def test_the_async_client_sees_429_and_its_retry_handler_rides_it_out(limited):
    creds = limited.credentials["slack"]
    channel = new_channel(limited, "async-busy")
    plain = AsyncWebClient(token=creds["bot_token"], base_url=creds["api_url"])
    for n in range(BURST):
        await plain.chat_postMessage(channel=channel, text=f"burst {n}")
    with pytest.raises(SlackApiError) as caught:
        await plain.chat_postMessage(channel=channel, text="one too many")
    assert caught.value.response.status_code == 429
    assert caught.value.response["error"] == "ratelimited"
    patient = AsyncWebClient(
        token=creds["bot_token"],
        base_url=creds["api_url"],
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    assert (await patient.chat_postMessage(channel=channel, text="after waiting"))["ok"]
    statuses = [
        e["status"]
        for e in limited.control("GET", "/journal?operation=chat.postMessage")["entries"]
    ]
    assert statuses[-2:] == [429, 200]


def test_an_unknown_rate_limit_mode_is_refused():
    with pytest.raises(ValueError, match="unknown Slack rate_limits 'fast'"):
        Universe(fixtures={"slack": {"rate_limits": "fast"}})
