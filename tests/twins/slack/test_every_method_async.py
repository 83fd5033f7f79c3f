"""Every Web API method of the twin's core, called once through AsyncWebClient in a story."""

from __future__ import annotations

import time

from darkfactory.twins.slack import coverage

CORE = {
    "api.test",
    "auth.test",
    "auth.revoke",
    "team.info",
    "users.list",
    "users.info",
    "users.lookupByEmail",
    "users.conversations",
    "users.getPresence",
    "users.setPresence",
    "users.profile.get",
    "users.profile.set",
    "conversations.create",
    "conversations.list",
    "conversations.info",
    "conversations.history",
    "conversations.replies",
    "conversations.join",
    "conversations.leave",
    "conversations.invite",
    "conversations.kick",
    "conversations.archive",
    "conversations.unarchive",
    "conversations.rename",
    "conversations.setTopic",
    "conversations.setPurpose",
    "conversations.members",
    "conversations.open",
    "conversations.mark",
    "chat.postMessage",
    "chat.update",
    "chat.delete",
    "chat.postEphemeral",
    "chat.getPermalink",
    "chat.meMessage",
    "chat.scheduleMessage",
    "chat.deleteScheduledMessage",
    "chat.scheduledMessages.list",
    "reactions.add",
    "reactions.remove",
    "reactions.get",
    "reactions.list",
    "pins.add",
    "pins.remove",
    "pins.list",
    "bookmarks.add",
    "bookmarks.edit",
    "bookmarks.remove",
    "bookmarks.list",
    "emoji.list",
    "bots.info",
}


async def test_every_core_method_through_the_async_client(slack_credentials, universe):
    from slack_sdk.web.async_client import AsyncWebClient

    called: set[str] = set()
    client = AsyncWebClient(
        token=slack_credentials["user_token"], base_url=slack_credentials["api_url"]
    )

    async def call(method: str, **args) -> dict:
        response = await client.api_call(method, json=args)
        assert response["ok"], (method, response.data)
        called.add(method)
        return response.data

    me = (await call("auth.test"))["user_id"]
    await call("api.test", ping="pong")
    await call("team.info")
    people = [
        m["id"]
        for m in (await call("users.list", limit=50))["members"]
        if not m["is_bot"] and m["id"] != me
    ]
    await call("users.info", user=people[0])
    await call("users.lookupByEmail", email="admin@example.com")
    await call("users.conversations")
    await call("users.setPresence", presence="away")
    await call("users.getPresence", user=me)
    await call("users.profile.set", profile={"title": "Tester"})
    await call("users.profile.get")
    channel = (await call("conversations.create", name="every-method"))["channel"]["id"]
    await call("conversations.list", types="public_channel")
    await call("conversations.info", channel=channel)
    await call("conversations.invite", channel=channel, users=",".join(people[:2]))
    await call("conversations.kick", channel=channel, user=people[1])
    await call("conversations.members", channel=channel)
    await call("conversations.rename", channel=channel, name="every-method-2")
    await call("conversations.setTopic", channel=channel, topic="All of them")
    await call("conversations.setPurpose", channel=channel, purpose="Coverage")
    ts = (await call("chat.postMessage", channel=channel, text="root"))["ts"]
    await call("chat.postMessage", channel=channel, text="reply", thread_ts=ts)
    await call("conversations.replies", channel=channel, ts=ts)
    await call("conversations.history", channel=channel)
    await call("conversations.mark", channel=channel, ts=ts)
    await call("chat.update", channel=channel, ts=ts, text="root (edited)")
    await call("chat.getPermalink", channel=channel, message_ts=ts)
    await call("chat.meMessage", channel=channel, text="checks the list")
    await call("chat.postEphemeral", channel=channel, user=people[0], text="psst")
    scheduled = await call(
        "chat.scheduleMessage", channel=channel, text="later", post_at=int(time.time()) + 3600
    )
    await call("chat.scheduledMessages.list")
    await call(
        "chat.deleteScheduledMessage",
        channel=channel,
        scheduled_message_id=scheduled["scheduled_message_id"],
    )
    await call("reactions.add", channel=channel, timestamp=ts, name="eyes")
    await call("reactions.get", channel=channel, timestamp=ts)
    await call("reactions.list")
    await call("reactions.remove", channel=channel, timestamp=ts, name="eyes")
    await call("pins.add", channel=channel, timestamp=ts)
    await call("pins.list", channel=channel)
    await call("pins.remove", channel=channel, timestamp=ts)
    mark = (
        await call(
            "bookmarks.add",
            channel_id=channel,
            title="Docs",
            type="link",
            link="https://docs.example",
        )
    )["bookmark"]["id"]
    await call("bookmarks.edit", channel_id=channel, bookmark_id=mark, title="Docs!")
    await call("bookmarks.list", channel_id=channel)
    await call("bookmarks.remove", channel_id=channel, bookmark_id=mark)
    await call("emoji.list")
    bot_id = universe.credentials["slack"]
    bot = AsyncWebClient(token=bot_id["bot_token"], base_url=bot_id["api_url"])
    called.add("bots.info")
    assert (await bot.bots_info(bot=(await bot.auth_test())["bot_id"]))["ok"]
    await call("conversations.join", channel=channel)
    dm = (await call("conversations.open", users=people[0]))["channel"]["id"]
    assert dm.startswith("D")
    await call("chat.delete", channel=channel, ts=ts)
    await call("conversations.leave", channel=channel)
    await call("conversations.archive", channel=channel)
    await call("conversations.unarchive", channel=channel)
    await call("auth.revoke")
    assert called == CORE
    assert set(coverage.implemented()) >= CORE


def test_every_implemented_method_is_called_through_the_sdk_somewhere():
    """Each method the coverage table counts is exercised by a test of this folder, by its
    slack_sdk method (``chat_postMessage(``) or its Web API name (``"chat.postMessage"``)."""
    import re
    from pathlib import Path

    source = "\n".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    untested = [
        method
        for method in coverage.implemented()
        if not re.search(rf"\b{re.escape(method.replace('.', '_'))}\(", source)
        and f'"{method}"' not in source
    ]
    assert untested == []
