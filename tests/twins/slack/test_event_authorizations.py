"""apps.event.authorizations.list: the installations an event is visible to, from its context."""

from __future__ import annotations

import threading

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def app_token(universe, app_id: str, scopes: list[str]) -> str:
    made = httpx.post(
        f"{universe.url}/slack/_apps/{app_id}/tokens",
        json={"name": "events", "scopes": scopes},
        headers=universe.admin_headers,
    )
    assert made.status_code == 201, made.text
    return made.json()["token"]


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response["error"]


def test_an_event_names_the_installations_that_see_it(
    universe, serve_bolt, slack_user_client, slack_credentials
):
    heard = threading.Event()
    bodies: list[dict] = []

    def listen(app):
        @app.event("message")
        def on_message(body):
            bodies.append(body)
            heard.set()

    created, bot = serve_bolt("Listener", listen, events=["message.channels"])
    channel = slack_user_client.conversations_create(name="context-room")["channel"]["id"]
    bot.conversations_join(channel=channel)
    slack_user_client.chat_postMessage(channel=channel, text="who can see this?")
    assert heard.wait(10)
    context = bodies[0]["event_context"]
    api = slack_credentials["api_url"]
    reader = WebClient(
        token=app_token(universe, created["app_id"], ["authorizations:read"]), base_url=api
    )
    listed = reader.apps_event_authorizations_list(event_context=context)["authorizations"]
    assert [(a["user_id"], a["is_bot"]) for a in listed] == [(created["bot_user_id"], True)]
    assert listed[0]["team_id"] == slack_credentials["team_id"]

    assert error_of(lambda: reader.apps_event_authorizations_list(event_context="4-bm9wZQ")) == (
        "invalid_event_context"
    )
    other = httpx.post(
        f"{universe.url}/slack/_apps", json={"name": "Other"}, headers=universe.admin_headers
    )
    stranger = WebClient(
        token=app_token(universe, other.json()["app"]["app_id"], ["authorizations:read"]),
        base_url=api,
    )
    assert (
        error_of(lambda: stranger.apps_event_authorizations_list(event_context=context))
        == "auth_mismatch"
    )
    unscoped = WebClient(
        token=app_token(universe, created["app_id"], ["connections:write"]), base_url=api
    )
    assert (
        error_of(lambda: unscoped.apps_event_authorizations_list(event_context=context))
        == "missing_scope"
    )
    assert error_of(lambda: bot.apps_event_authorizations_list(event_context=context)) == (
        "not_allowed_token_type"
    )
