"""A slack_bolt app, unchanged but for its base URL, receiving signed events from the twin."""

from __future__ import annotations

import time

import httpx
import pytest
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from tests.helpers import eventually

from darkfactory.twins.kit.server import serve_app as serve


@pytest.fixture
def bolt_app(universe, slack_credentials):
    """Register an app with the twin, then run a bolt App for it on another loopback port."""
    apps_url = f"{universe.url}/slack/_apps"
    created = httpx.post(
        apps_url,
        headers=universe.admin_headers,
        json={
            "name": "Greeter",
            "events": [
                "message.channels",
                "app_mention",
                "member_joined_channel",
                "reaction_added",
            ],
        },
    ).json()["app"]
    bolt = App(
        token=created["bot_token"],
        signing_secret=created["signing_secret"],
        client=WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"]),
    )
    received: list[dict] = []

    @bolt.event("message")
    def on_message(event, say):
        received.append(event)
        if "hello" in event.get("text", ""):
            say(text=f"Welcome, <@{event['user']}>!", thread_ts=event["ts"])

    @bolt.event("app_mention")
    def on_mention(event, say):
        received.append(event)
        say(text="You rang?", thread_ts=event["ts"])

    @bolt.event("member_joined_channel")
    def on_join(event):
        received.append(event)

    @bolt.event("reaction_added")
    def on_reaction(event):
        received.append(event)

    handler = SlackRequestHandler(bolt)

    async def endpoint(request: Request):
        return await handler.handle(request)

    base, server = serve(Starlette(routes=[Route("/slack/events", endpoint, methods=["POST"])]))
    patched = httpx.patch(
        f"{apps_url}/{created['app_id']}",
        headers=universe.admin_headers,
        json={"request_url": f"{base}/slack/events"},
    )
    assert patched.status_code == 200, patched.text
    yield created, received
    server.should_exit = True


def test_bolt_receives_messages_and_replies_in_thread(bolt_app, slack_user_client, universe):
    app, received = bolt_app
    channel = slack_user_client.conversations_create(name="bolt-room")["channel"]["id"]
    slack_user_client.conversations_invite(channel=channel, users=app["bot_user_id"])
    root = slack_user_client.chat_postMessage(channel=channel, text="hello bot")["ts"]
    replies = eventually(
        lambda: slack_user_client.conversations_replies(channel=channel, ts=root)["messages"][1:]
    )
    assert replies[0]["text"].startswith("Welcome, <@")
    assert replies[0]["bot_id"] == app["bot_id"]
    joined = [e for e in received if e["type"] == "member_joined_channel"]
    assert joined and joined[0]["user"] == app["bot_user_id"]


def test_app_mention_and_reactions(bolt_app, slack_user_client, slack_credentials):
    app, received = bolt_app
    channel = slack_user_client.conversations_create(name="mentions")["channel"]["id"]
    slack_user_client.conversations_invite(channel=channel, users=app["bot_user_id"])
    ts = slack_user_client.chat_postMessage(
        channel=channel, text=f"<@{app['bot_user_id']}> status?"
    )["ts"]
    answer = eventually(
        lambda: slack_user_client.conversations_replies(channel=channel, ts=ts)["messages"][1:]
    )
    assert answer[0]["text"] == "You rang?"
    slack_user_client.reactions_add(channel=channel, timestamp=ts, name="wave")
    reaction = eventually(lambda: [e for e in received if e["type"] == "reaction_added"])
    assert reaction[0]["reaction"] == "wave" and reaction[0]["item"]["ts"] == ts


def test_apps_outside_a_channel_hear_nothing_from_it(bolt_app, slack_user_client, universe):
    _app, received = bolt_app
    channel = slack_user_client.conversations_create(name="no-bots")["channel"]["id"]
    slack_user_client.chat_postMessage(channel=channel, text="hello? anyone?")
    time.sleep(0.5)
    assert not [e for e in received if e.get("channel") == channel]


def test_request_url_must_answer_the_challenge(universe):
    base, server = serve(
        Starlette(routes=[Route("/wrong", lambda request: httpx.Response(200), methods=["POST"])])
    )
    created = httpx.post(
        f"{universe.url}/slack/_apps", headers=universe.admin_headers, json={"name": "Deaf"}
    ).json()["app"]
    answer = httpx.patch(
        f"{universe.url}/slack/_apps/{created['app_id']}",
        headers=universe.admin_headers,
        json={"request_url": f"{base}/nowhere"},
    )
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("url_verification_failed")
    assert (
        httpx.get(
            f"{universe.url}/slack/_apps/{created['app_id']}", headers=universe.admin_headers
        ).json()["app"]["request_url"]
        is None
    )
    server.should_exit = True


def test_failed_deliveries_are_retried_with_slack_headers(universe, slack_user_client):
    attempts: list[dict] = []

    async def flaky(request: Request):
        from starlette.responses import JSONResponse, Response

        body = await request.json()
        if body.get("type") == "url_verification":
            return JSONResponse({"challenge": body["challenge"]})
        attempts.append({k: v for k, v in request.headers.items() if k.startswith("x-slack")})
        return Response(status_code=500 if len(attempts) < 3 else 200)

    base, server = serve(Starlette(routes=[Route("/events", flaky, methods=["POST"])]))
    created = httpx.post(
        f"{universe.url}/slack/_apps",
        headers=universe.admin_headers,
        json={"name": "Flaky", "events": ["channel_created"], "request_url": f"{base}/events"},
    ).json()["app"]
    slack_user_client.conversations_create(name="retry-me")
    eventually(lambda: len(attempts) == 3)
    assert "x-slack-retry-num" not in attempts[0]
    assert attempts[1]["x-slack-retry-num"] == "1" and attempts[2]["x-slack-retry-num"] == "2"
    assert attempts[1]["x-slack-retry-reason"] == "http_error"
    assert all(a["x-slack-signature"].startswith("v0=") for a in attempts)
    time.sleep(0.3)
    assert len(attempts) == 3, "a 200 ends the retries"
    assert created["app_id"].startswith("A")
    server.should_exit = True


@pytest.mark.browser
def test_a_post_typed_in_the_web_client_reaches_bolt_and_its_thread_reply_shows(
    bolt_app, universe, browser_page, slack_user_client
):
    app, received = bolt_app
    channel = slack_user_client.conversations_create(name="ui-to-bolt")["channel"]["id"]
    slack_user_client.conversations_invite(channel=channel, users=app["bot_user_id"])
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{channel}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    page.fill("#composer textarea", "hello from the web client")
    page.press("#composer textarea", "Enter")
    root = page.locator("#messages .message", has_text="hello from the web client")
    root.locator("a.replies", has_text="1 reply").wait_for()
    event = next(e for e in received if e.get("text") == "hello from the web client")
    assert event["user"] == universe.credentials["slack"]["admin_user_id"]
    assert event["channel"] == channel
    reply = slack_user_client.conversations_replies(channel=channel, ts=event["ts"])["messages"][1]
    assert reply["bot_id"] == app["bot_id"] and reply["text"].startswith("Welcome, <@")


def test_bolt_rejects_deliveries_signed_with_another_secret(universe):
    """bolt's own verifier is on: an app holding the wrong signing secret fails the challenge."""
    created = httpx.post(
        f"{universe.url}/slack/_apps", headers=universe.admin_headers, json={"name": "Suspicious"}
    ).json()["app"]
    bolt = App(
        token=created["bot_token"],
        signing_secret="0" * 32,
        token_verification_enabled=False,
    )
    handler = SlackRequestHandler(bolt)

    async def endpoint(request: Request):
        return await handler.handle(request)

    base, server = serve(Starlette(routes=[Route("/slack/events", endpoint, methods=["POST"])]))
    try:
        answer = httpx.patch(
            f"{universe.url}/slack/_apps/{created['app_id']}",
            headers=universe.admin_headers,
            json={"request_url": f"{base}/slack/events"},
        )
        assert answer.status_code == 400 and "answered 401" in answer.json()["error"]
    finally:
        server.should_exit = True
