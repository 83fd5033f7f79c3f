"""Block Kit buttons, modals and slash commands: the web client to a slack_bolt app and back."""

from __future__ import annotations

import httpx
import pytest
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from tests.helpers import eventually

from darkfactory.twins.kit.server import serve_app as serve
from darkfactory.twins.slack.interactivity import new_trigger

BUTTONS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "Deploy *api* to prod?"}},
    {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": "approve",
                "value": "api",
                "text": {"type": "plain_text", "text": "Approve"},
                "style": "primary",
            },
            {
                "type": "button",
                "action_id": "details",
                "value": "api",
                "text": {"type": "plain_text", "text": "Details"},
            },
        ],
    },
]
MODAL = {
    "type": "modal",
    "callback_id": "reason",
    "title": {"type": "plain_text", "text": "Why deploy?"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [
        {
            "type": "input",
            "block_id": "why",
            "label": {"type": "plain_text", "text": "Reason"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        }
    ],
}


@pytest.fixture
def interactive_app(universe, slack_credentials):
    bolt_box: dict = {}

    def build(base: str) -> dict:
        created = httpx.post(
            f"{universe.url}/slack/_apps",
            headers=universe.admin_headers,
            json={
                "name": "Deployer",
                "interactivity_url": f"{base}/slack/events",
                "commands": [{"command": "/deploy", "url": f"{base}/slack/events"}],
            },
        ).json()["app"]
        client = WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"])
        bolt = App(
            token=created["bot_token"], signing_secret=created["signing_secret"], client=client
        )

        @bolt.action("approve")
        def approve(ack, body, client):
            ack()
            client.chat_postMessage(
                channel=body["channel"]["id"],
                thread_ts=body["container"]["message_ts"],
                text=f"Approved by <@{body['user']['id']}>",
            )

        @bolt.action("details")
        def details(ack, body, client):
            ack()
            client.views_open(trigger_id=body["trigger_id"], view=MODAL)

        @bolt.view("reason")
        def reason(ack, body, view, client):
            ack()
            text = view["state"]["values"]["why"]["text"]["value"]
            general = next(
                c["id"] for c in client.conversations_list()["channels"] if c["is_general"]
            )
            client.chat_postMessage(channel=general, text=f"Reason given: {text}")

        @bolt.command("/deploy")
        def deploy(ack, command, respond):
            ack(text=f"Deploying {command['text']}…")
            respond(text=f"{command['text']} is live", response_type="in_channel")

        bolt_box["app"] = created
        return SlackRequestHandler(bolt)

    handler_box: dict = {}

    async def endpoint(request: Request):
        return await handler_box["handler"].handle(request)

    base, server = serve(Starlette(routes=[Route("/slack/events", endpoint, methods=["POST"])]))
    handler_box["handler"] = build(base)
    client = WebClient(token=bolt_box["app"]["bot_token"], base_url=slack_credentials["api_url"])
    yield bolt_box["app"], client
    server.should_exit = True


def test_trigger_ids_are_checked(interactive_app):
    _, client = interactive_app
    with pytest.raises(SlackApiError) as caught:
        client.views_open(trigger_id="123.456.nope", view=MODAL)
    assert caught.value.response["error"] == "invalid_trigger_id"


def test_slash_command_acks_and_responds(universe, interactive_app, general):
    cookies = {
        "slack_viewer": universe.credentials["slack"]["admin_user_id"],
        **universe.admin_cookies,
    }
    answer = httpx.post(
        f"{universe.url}/ui/slack/commands",
        cookies=cookies,
        json={"channel": general, "text": "/deploy api"},
    ).json()
    assert answer["ok"] is True and answer["response"]["text"] == "Deploying api…"
    bot = interactive_app[1]
    bot.conversations_join(channel=general)
    live = eventually(
        lambda: [
            m
            for m in bot.conversations_history(channel=general)["messages"]
            if m["text"] == "api is live"
        ]
    )
    assert live[0]["bot_id"] == interactive_app[0]["bot_id"]
    unknown = httpx.post(
        f"{universe.url}/ui/slack/commands",
        cookies=cookies,
        json={"channel": general, "text": "/nope"},
    )
    assert unknown.json()["error"] == "unknown_command"


@pytest.mark.browser
def test_button_click_and_modal_in_the_browser(
    universe, interactive_app, browser_page, slack_user_client, general
):
    app, bot = interactive_app
    bot.conversations_join(channel=general)
    ts = bot.chat_postMessage(channel=general, text="Deploy?", blocks=BUTTONS)["ts"]
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/c/{general}")
    page.wait_for_function("document.querySelector('.slack-app').classList.contains('live')")
    page.locator(f'article[data-ts="{ts}"] button[data-action-id="approve"]').click()
    page.locator(f'article[data-ts="{ts}"] a.replies', has_text="1 reply").wait_for()
    reply = slack_user_client.conversations_replies(channel=general, ts=ts)["messages"][1]
    admin = universe.credentials["slack"]["admin_user_id"]
    assert reply["text"] == f"Approved by <@{admin}>" and reply["bot_id"] == app["bot_id"]

    page.locator(f'article[data-ts="{ts}"] button[data-action-id="details"]').click()
    modal = page.locator("form.modal")
    modal.wait_for()
    assert modal.locator("h2").inner_text() == "Why deploy?"
    modal.locator('input[name="why/text"]').fill("hotfix for checkout")
    modal.locator("button", has_text="Send").click()
    page.locator("#messages .message", has_text="Reason given: hotfix for checkout").wait_for()
    page.locator("form.modal").wait_for(state="detached")  # the app answers after posting
    page.screenshot(path="/tmp/slack-interactivity.png")


def test_views_push_update_and_publish(universe, interactive_app, slack_credentials):
    """A modal stack and an App Home, with triggers as the user's interactions mint them."""
    app, bot = interactive_app
    admin = slack_credentials["admin_user_id"]
    twin = universe.universe.twins["slack"]
    universe.control("POST", "/clock", json={"freeze": True})  # triggers live 3 s of its time

    def trigger() -> str:
        def mint() -> str:
            with universe.universe.store.transaction():
                return new_trigger(twin.state, app["app_id"], admin, None)

        return universe.call(mint)

    first = bot.views_open(trigger_id=trigger(), view=MODAL)["view"]
    pushed = bot.views_push(trigger_id=trigger(), view={**MODAL, "callback_id": "more"})["view"]
    assert pushed["root_view_id"] == first["id"] and pushed["previous_view_id"] == first["id"]
    retitled = {**MODAL, "title": {"type": "plain_text", "text": "Tell us more"}}
    updated = bot.views_update(view_id=pushed["id"], hash=pushed["hash"], view=retitled)["view"]
    assert updated["id"] == pushed["id"] and updated["title"]["text"] == "Tell us more"
    with pytest.raises(SlackApiError) as stale:
        bot.views_update(view_id=pushed["id"], hash=pushed["hash"], view=MODAL)
    assert stale.value.response["error"] == "hash_conflict"

    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
    }
    published = bot.views_publish(user_id=admin, view=home)["view"]
    assert published["type"] == "home"
    again = bot.views_publish(user_id=admin, view=home, hash=published["hash"])["view"]
    assert again["id"] == published["id"] and again["hash"] != published["hash"]
    with pytest.raises(SlackApiError) as conflict:
        bot.views_publish(user_id=admin, view=home, hash=published["hash"])
    assert conflict.value.response["error"] == "hash_conflict"
    with pytest.raises(SlackApiError) as wrong_type:
        bot.views_publish(user_id=admin, view=MODAL)
    assert wrong_type.value.response["error"] == "invalid_arguments"

    late = trigger()
    universe.control("POST", "/clock", json={"advance": 4})
    with pytest.raises(SlackApiError) as expired:
        bot.views_push(trigger_id=late, view=MODAL)
    assert expired.value.response["error"] == "expired_trigger_id"
