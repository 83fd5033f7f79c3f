"""AI apps: ``assistant.threads.*`` through slack_sdk, and bolt's ``Assistant`` flow unchanged."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect
from slack_bolt import App, Assistant
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from tests.helpers import eventually

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


def _open(universe, app_id: str, user: str, context_channel: str) -> tuple[str, str]:
    """A person opens a thread with the app while viewing ``context_channel``:
    ``(channel, thread_ts)``."""
    opened = httpx.post(
        f"{universe.url}/slack/_assistant/threads",
        json={"app_id": app_id, "user": user, "context_channel": context_channel},
        headers=universe.admin_headers,
    )
    assert opened.status_code == 200, opened.text
    return opened.json()["channel_id"], opened.json()["thread_ts"]


def _move(universe, channel: str, thread_ts: str, context_channel: str) -> None:
    """The person moves to ``context_channel`` while the thread stays open."""
    changed = httpx.post(
        f"{universe.url}/slack/_assistant/threads/context",
        json={"channel_id": channel, "thread_ts": thread_ts, "context_channel": context_channel},
        headers=universe.admin_headers,
    )
    assert changed.status_code == 200, changed.text


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


def test_bolt_assistant_flow(universe, serve_bolt, slack_user_client, general):
    """bolt's ``Assistant`` middleware, unchanged: greeting, prompts, status and answer."""
    heard: dict[str, list] = {"started": [], "context": []}

    def listen(bolt: App) -> None:
        assistant = Assistant()

        @assistant.thread_started
        def start(say, set_suggested_prompts, payload):
            heard["started"].append(payload)
            say("How can I help?")
            set_suggested_prompts(prompts=["What changed today?"])

        @assistant.thread_context_changed
        def moved(payload):
            heard["context"].append(payload)

        @assistant.user_message
        def answer(payload, set_status, set_title, say):
            set_status("is thinking…")
            set_title(payload["text"])
            say(f"You asked: {payload['text']}")

        bolt.use(assistant)

    subscriptions = ["assistant_thread_started", "assistant_thread_context_changed", "message.im"]
    app, bot = serve_bolt("Helper", listen, subscriptions)
    me = slack_user_client.auth_test()["user_id"]
    channel, ts = _open(universe, app["app_id"], me, general)
    started = eventually(lambda: heard["started"])[0]["assistant_thread"]
    assert started["channel_id"] == channel and started["thread_ts"] == ts
    assert started["context"]["channel_id"] == general and started["user_id"] == me

    def replies() -> list[dict]:
        return slack_user_client.conversations_replies(channel=channel, ts=ts)["messages"][1:]

    greeting = eventually(replies)
    assert greeting[0]["text"] == "How can I help?" and greeting[0]["bot_id"] == app["bot_id"]
    shown = eventually(lambda: _shown(universe, channel, ts)["prompts"])
    assert shown == [{"title": "What changed today?", "message": "What changed today?"}]

    slack_user_client.chat_postMessage(channel=channel, thread_ts=ts, text="Any outages?")
    answered = eventually(lambda: [m for m in replies() if m["text"].startswith("You asked")])
    assert answered[0]["text"] == "You asked: Any outages?"
    thread = _shown(universe, channel, ts)
    assert thread["title"] == "Any outages?" and thread["status"] is None
    root = slack_user_client.conversations_history(channel=channel, latest=ts, inclusive=True)
    assert root["messages"][0]["subtype"] == "assistant_app_thread"
    assert root["messages"][0]["assistant_app_thread"]["title"] == "Any outages?"

    random = next(c["id"] for c in bot.conversations_list()["channels"] if c["name"] == "random")
    _move(universe, channel, ts, random)
    moved = eventually(lambda: heard["context"])[0]["assistant_thread"]
    assert moved["context"]["channel_id"] == random and moved["thread_ts"] == ts


def test_a_streamed_answer_grows_until_stopped(slack_client, slack_user_client, general):
    root = slack_user_client.chat_postMessage(channel=general, text="status?")["ts"]
    started = slack_client.chat_startStream(channel=general, thread_ts=root, markdown_text="All")
    ts = started["ts"]
    slack_client.chat_appendStream(channel=general, ts=ts, markdown_text=" systems")
    assert (
        _error(slack_user_client.chat_appendStream, channel=general, ts=ts, markdown_text="!")
        == "message_not_in_streaming_state"
    )
    stopped = slack_client.chat_stopStream(channel=general, ts=ts, markdown_text=" go.")
    assert stopped["message"]["text"] == "All systems go."
    replies = slack_user_client.conversations_replies(channel=general, ts=root)["messages"]
    assert [m["text"] for m in replies[1:]] == ["All systems go."]
    assert replies[1]["bot_id"] == stopped["message"]["bot_id"]

    append = slack_client.chat_appendStream
    assert _error(append, channel=general, ts=ts, markdown_text="more") == (
        "message_not_in_streaming_state"
    )
    assert _error(append, channel=general, ts=root, markdown_text="x") == (
        "message_not_in_streaming_state"
    )


def test_slack_sdks_chat_stream_helper_and_chunks(slack_client, slack_user_client, general):
    root = slack_user_client.chat_postMessage(channel=general, text="summary please")["ts"]
    me = slack_user_client.auth_test()
    streamer = slack_client.chat_stream(
        channel=general,
        thread_ts=root,
        recipient_team_id=me["team_id"],
        recipient_user_id=me["user_id"],
        buffer_size=8,
    )
    for word in ("Three ", "deploys, ", "no ", "incidents."):
        streamer.append(markdown_text=word)
    stopped = streamer.stop()
    assert stopped["message"]["text"] == "Three deploys, no incidents."

    ts = slack_client.chat_startStream(channel=general, thread_ts=root)["ts"]
    chunks = [{"type": "markdown_text", "text": "Done"}, {"type": "plan_update", "title": "Plan"}]
    slack_client.chat_appendStream(channel=general, ts=ts, chunks=chunks)
    done = slack_client.chat_stopStream(
        channel=general, ts=ts, chunks=[{"type": "markdown_text", "text": "."}]
    )
    assert done["message"]["text"] == "Done."
    untyped = [{"text": "no type"}]
    assert _error(
        slack_client.chat_startStream, channel=general, thread_ts=root, chunks=untyped
    ) == ("invalid_arguments")


@pytest.mark.browser
def test_a_streamed_answer_is_shown_growing_in_the_web_client(
    universe, browser_page, slack_client, slack_user_client, general
):
    root = slack_user_client.chat_postMessage(channel=general, text="status?")["ts"]
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}/t/{root}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    ts = slack_client.chat_startStream(channel=general, thread_ts=root, markdown_text="All")["ts"]
    reply = page.locator(f'#thread article[data-ts="{ts}"]')
    reply.locator(".streaming-tag").wait_for()
    slack_client.chat_appendStream(channel=general, ts=ts, markdown_text=" systems")
    reply.locator(".text", has_text="All systems").wait_for()
    assert reply.locator(".streaming-tag").count() == 1
    slack_client.chat_stopStream(channel=general, ts=ts, markdown_text=" go.")
    reply.locator(".text", has_text="All systems go.").wait_for()
    reply.locator(".streaming-tag").wait_for(state="detached")


@pytest.mark.browser
def test_a_person_chats_with_an_assistant_in_the_web_client(
    universe, serve_bolt, browser_page, slack_user_client
):
    """New chat in the app's DM, a click on a suggested prompt, and the app's answer: bolt's
    ``Assistant`` middleware unchanged behind the web client."""
    started: list[dict] = []

    def listen(bolt: App) -> None:
        assistant = Assistant()

        @assistant.thread_started
        def start(say, set_suggested_prompts, payload):
            started.append(payload)
            say("How can I help?")
            set_suggested_prompts(prompts=[{"title": "Changes", "message": "What changed today?"}])

        @assistant.user_message
        def answer(payload, set_status, say):
            set_status("is thinking…")
            say(f"You asked: {payload['text']}")

        bolt.use(assistant)

    subscriptions = ["assistant_thread_started", "message.im"]
    app, _bot = serve_bolt("Helper", listen, subscriptions)
    dm = slack_user_client.conversations_open(users=app["bot_user_id"])["channel"]["id"]
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{dm}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    page.locator("#new-chat").click()
    page.wait_for_url(f"**/ui/slack/c/{dm}/t/*")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    # The app answers while the page loads; the client catches up as it goes live.
    expect(page.locator("#thread")).to_contain_text("How can I help?")
    page.locator(".suggested-prompt", has_text="Changes").click()
    expect(page.locator("#thread")).to_contain_text("You asked: What changed today?")
    assert started[0]["assistant_thread"]["channel_id"] == dm
    assert page.locator(".assistant-status").count() == 0  # the answer cleared the status


def test_bolts_default_context_store_keeps_the_context_through_a_change(
    universe, serve_bolt, slack_user_client, general
):
    """With no listener of its own, bolt's Assistant saves a changed context in its first reply's
    metadata (chat.update with the reply's blocks), and get_thread_context reads it back."""
    seen: list = []

    def listen(bolt: App) -> None:
        assistant = Assistant()

        @assistant.thread_started
        def start(say):
            say("Hi")

        @assistant.user_message
        def answer(say, get_thread_context):
            seen.append(get_thread_context())
            say("ok")

        bolt.use(assistant)

    events = ["assistant_thread_started", "assistant_thread_context_changed", "message.im"]
    app, bot = serve_bolt("Helper", listen, events)
    me = slack_user_client.auth_test()["user_id"]
    channel, ts = _open(universe, app["app_id"], me, general)

    def replies():
        return slack_user_client.conversations_replies(channel=channel, ts=ts)["messages"]

    greeting = eventually(lambda: replies()[1:])[0]
    assert greeting["blocks"][0]["type"] == "rich_text"
    random = next(c["id"] for c in bot.conversations_list()["channels"] if c["name"] == "random")
    _move(universe, channel, ts, random)
    saved = eventually(
        lambda: (
            replies()[1].get("metadata", {}).get("event_payload", {}).get("channel_id") == random
        )
    )
    assert saved
    slack_user_client.chat_postMessage(channel=channel, thread_ts=ts, text="where am I?")
    assert eventually(lambda: seen)[0].channel_id == random
    assert eventually(lambda: replies()[-1]["text"] == "ok")
