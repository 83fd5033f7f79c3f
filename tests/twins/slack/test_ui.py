"""The Slack web client in headless Chromium: posting, live updates, unread counts, threads."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_post_in_the_ui_and_see_sdk_messages_live(universe, browser_page, slack_client, general):
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/")
    assert page.url.endswith(f"/ui/slack/c/{general}")
    assert page.locator("#channel-title").inner_text() == "# general"

    page.fill("#composer textarea", "hello from the browser")
    page.press("#composer textarea", "Enter")
    page.locator("#messages .message", has_text="hello from the browser").wait_for()
    newest = slack_client.conversations_history(channel=general, limit=1)["messages"][0]
    assert newest["text"] == "hello from the browser"
    assert newest["user"] == universe.credentials["slack"]["admin_user_id"]

    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    slack_client.chat_postMessage(channel=general, text="posted through slack_sdk")
    page.locator("#messages .message", has_text="posted through slack_sdk").wait_for()


def test_unread_counts_follow_new_messages_and_reading(
    universe, browser_page, slack_client, slack_user_client, general
):
    random = next(
        c["id"] for c in slack_user_client.conversations_list()["channels"] if c["name"] == "random"
    )
    slack_client.conversations_join(channel=random)
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    before = page.locator(f'li[data-channel="{random}"] .badge')
    count = int(before.inner_text()) if before.count() else 0
    slack_client.chat_postMessage(channel=random, text="one")
    slack_client.chat_postMessage(channel=random, text="two")
    page.locator(f'li[data-channel="{random}"] .badge', has_text=str(count + 2)).wait_for()
    page.click(f'li[data-channel="{random}"] a')
    page.locator("#channel-title", has_text="random").wait_for()
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    assert page.locator(f'li[data-channel="{random}"] .badge').count() == 0


def test_thread_view_shows_replies_and_replying(universe, browser_page, slack_client, general):
    root = slack_client.chat_postMessage(channel=general, text="thread root")["ts"]
    slack_client.chat_postMessage(channel=general, text="first reply", thread_ts=root)
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    page.locator(f'article[data-ts="{root}"] a.replies', has_text="1 reply").click()
    page.locator("#thread .message", has_text="first reply").wait_for()
    page.fill("#reply-composer textarea", "reply from the browser")
    page.click("#reply-composer button")
    page.locator("#thread .message", has_text="reply from the browser").wait_for()
    replies = slack_client.conversations_replies(channel=general, ts=root)["messages"]
    assert [m["text"] for m in replies] == ["thread root", "first reply", "reply from the browser"]
    page.screenshot(path="/tmp/slack-ui.png")


def test_viewing_as_another_user_posts_as_them(universe, browser_page, slack_client, general):
    person = next(
        m for m in slack_client.users_list()["members"] if not m["is_bot"] and not m["is_admin"]
    )
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}?as={person['id']}")
    page.fill("#composer textarea", "speaking for myself")
    page.press("#composer textarea", "Enter")
    page.locator("#messages .message", has_text="speaking for myself").wait_for()
    newest = slack_client.conversations_history(channel=general, limit=1)["messages"][0]
    assert newest["user"] == person["id"]
