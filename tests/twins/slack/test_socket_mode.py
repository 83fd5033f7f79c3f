"""Socket Mode: slack_bolt's SocketModeHandler and slack_sdk's SocketModeClient against the twin."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient
from tests.helpers import eventually
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

BUTTONS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "Ship *api*?"}},
    {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": "why",
                "value": "api",
                "text": {"type": "plain_text", "text": "Ask why"},
            }
        ],
    },
]
MODAL = {
    "type": "modal",
    "callback_id": "reason",
    "title": {"type": "plain_text", "text": "Why ship?"},
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


def create_app(universe, **spec) -> dict:
    answer = httpx.post(
        f"{universe.url}/slack/_apps",
        headers=universe.admin_headers,
        json={"name": "Shipper", "socket_mode": True, **spec},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["app"]


def deliveries(universe, app_id: str) -> list[dict]:
    rows = universe.call(
        universe.universe.store.all,
        "SELECT * FROM slack_deliveries WHERE app_id = ? ORDER BY id",
        (app_id,),
    )
    return [dict(r) for r in rows]


def hellos(client) -> Callable[[], list[dict]]:
    """Collect the ``hello`` messages a Socket Mode client receives (register before connect)."""
    seen: list[dict] = []

    def listen(raw: str) -> None:
        message = json.loads(raw)
        if message.get("type") == "hello":
            seen.append(message)

    client.on_message_listeners.append(listen)
    return lambda: seen


@pytest.fixture
def bolt_socket_app(universe, slack_credentials):
    """A bolt App in Socket Mode: no request URL, no signing secret, just the app-level token."""
    created = create_app(
        universe,
        events=["message.channels"],
        commands=[{"command": "/ship", "description": "Ship a service"}],
    )
    client = WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"])
    bolt = App(token=created["bot_token"], client=client)

    @bolt.event("message")
    def on_message(event, say):
        if "hello" in event.get("text", ""):
            say(text=f"Hi <@{event['user']}>, over a socket", thread_ts=event["ts"])

    @bolt.action("why")
    def why(ack, body, client):
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @bolt.view("reason")
    def reason(ack, view):
        text = view["state"]["values"]["why"]["text"]["value"]
        if len(text) < 5:
            ack(response_action="errors", errors={"why": "Say a little more"})
        else:
            ack()

    @bolt.command("/ship")
    def ship(ack, command, respond):
        ack(text=f"Shipping {command['text']}…")
        respond(text=f"{command['text']} shipped", response_type="in_channel")

    handler = SocketModeHandler(bolt, created["app_token"])
    greeted = hellos(handler.client)
    handler.connect()
    eventually(greeted)
    yield created, client
    handler.close()


def test_bolt_hears_a_message_over_the_socket_and_replies_in_thread(
    bolt_socket_app, slack_user_client, universe
):
    app, _ = bolt_socket_app
    assert app["socket_mode"] is True and app["request_url"] is None
    assert app["app_token"].startswith(f"xapp-1-{app['app_id']}-")
    channel = slack_user_client.conversations_create(name="socket-room")["channel"]["id"]
    slack_user_client.conversations_invite(channel=channel, users=app["bot_user_id"])
    root = slack_user_client.chat_postMessage(channel=channel, text="hello socket")["ts"]
    replies = eventually(
        lambda: slack_user_client.conversations_replies(channel=channel, ts=root)["messages"][1:]
    )
    assert replies[0]["text"].startswith("Hi <@") and replies[0]["bot_id"] == app["bot_id"]
    delivered = eventually(
        lambda: [d for d in deliveries(universe, app["app_id"]) if d["event_type"] == "message"]
    )
    assert delivered[0]["transport"] == "socket" and delivered[0]["error"] is None


def test_a_button_click_arrives_as_interactive_and_opens_a_modal(bolt_socket_app, universe):
    app, bot = bolt_socket_app
    cookies = {
        "slack_viewer": universe.credentials["slack"]["admin_user_id"],
        **universe.admin_cookies,
    }
    general = next(c["id"] for c in bot.conversations_list()["channels"] if c["is_general"])
    bot.conversations_join(channel=general)
    ts = bot.chat_postMessage(channel=general, text="Ship?", blocks=BUTTONS)["ts"]
    clicked = httpx.post(
        f"{universe.url}/ui/slack/actions",
        cookies=cookies,
        json={"channel": general, "ts": ts, "action_id": "why", "block_id": None},
    ).json()
    assert clicked["ok"] is True
    modal = eventually(
        lambda: httpx.get(f"{universe.url}/ui/slack/modal", cookies=cookies).json()["view"]
    )
    assert modal["title"]["text"] == "Why ship?" and modal["app_id"] == app["app_id"]

    def submit(text: str) -> dict:
        return httpx.post(
            f"{universe.url}/ui/slack/views/{modal['id']}/submit",
            cookies=cookies,
            json={"values": {"why": {"text": text}}},
        ).json()

    refused = submit("eh")
    assert refused["response"] == {
        "response_action": "errors",
        "errors": {"why": "Say a little more"},
    }
    assert httpx.get(f"{universe.url}/ui/slack/modal", cookies=cookies).json()["view"]
    assert submit("a hotfix for checkout")["ok"] is True
    assert httpx.get(f"{universe.url}/ui/slack/modal", cookies=cookies).json()["view"] is None
    interactions = [d for d in deliveries(universe, app["app_id"]) if d["event_type"] != "message"]
    assert [d["event_type"] for d in interactions] == [
        "block_actions",
        "view_submission",
        "view_submission",
    ]
    assert {d["transport"] for d in interactions} == {"socket"}


def test_a_slash_command_ack_carries_the_response(bolt_socket_app, universe):
    app, bot = bolt_socket_app
    cookies = {
        "slack_viewer": universe.credentials["slack"]["admin_user_id"],
        **universe.admin_cookies,
    }
    general = next(c["id"] for c in bot.conversations_list()["channels"] if c["is_general"])
    answer = httpx.post(
        f"{universe.url}/ui/slack/commands",
        cookies=cookies,
        json={"channel": general, "text": "/ship api"},
    ).json()
    assert answer == {"ok": True, "response": {"text": "Shipping api…"}}
    bot.conversations_join(channel=general)
    shipped = eventually(
        lambda: [
            m
            for m in bot.conversations_history(channel=general)["messages"]
            if m["text"] == "api shipped"
        ]
    )
    assert shipped[0]["bot_id"] == app["bot_id"]


def test_only_app_level_tokens_open_connections_and_tickets_work_once(universe, slack_credentials):
    app = create_app(universe)
    api = slack_credentials["api_url"]
    with pytest.raises(SlackApiError) as bot_token:
        WebClient(token=app["bot_token"], base_url=api).apps_connections_open(
            app_token=app["bot_token"]
        )
    assert bot_token.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as app_token_elsewhere:
        WebClient(token=app["app_token"], base_url=api).auth_test()
    assert app_token_elsewhere.value.response["error"] == "not_allowed_token_type"
    reader = httpx.post(
        f"{universe.url}/slack/_apps/{app['app_id']}/tokens",
        headers=universe.admin_headers,
        json={"name": "reader", "scopes": ["authorizations:read"]},
    ).json()["token"]
    with pytest.raises(SlackApiError) as unscoped:
        WebClient(base_url=api).apps_connections_open(app_token=reader)
    assert unscoped.value.response["error"] == "missing_scope"

    url = WebClient(base_url=api).apps_connections_open(app_token=app["app_token"])["url"]
    assert url.startswith(f"ws://127.0.0.1:{universe.url.rsplit(':', 1)[1]}/slack/socket-mode/")
    assert "ticket=" in url
    with connect(url) as socket:
        hello = json.loads(socket.recv(timeout=5))
    assert hello["type"] == "hello" and hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": app["app_id"]}
    with pytest.raises(InvalidStatus) as reused:
        connect(url)
    assert reused.value.response.status_code == 403


def test_an_unacked_envelope_is_retried_and_connections_share_envelopes(
    universe, slack_credentials, slack_user_client
):
    app = create_app(universe, events=["channel_created"])
    api = WebClient(base_url=slack_credentials["api_url"])
    received: list[tuple[int, dict]] = []

    def listener(number: int):
        def on_request(client: SocketModeClient, request: SocketModeRequest) -> None:
            received.append((number, request.to_dict() | vars(request)))
            name = request.payload["event"]["channel"]["name"]
            if name != "flaky" or request.retry_attempt:
                client.send_socket_mode_response(SocketModeResponse(request.envelope_id))

        return on_request

    clients = []
    for number in (1, 2):
        client = SocketModeClient(app_token=app["app_token"], web_client=api)
        client.socket_mode_request_listeners.append(listener(number))
        greeted = hellos(client)
        client.connect()
        assert eventually(greeted)[0]["num_connections"] == number
        clients.append(client)
    try:
        slack_user_client.conversations_create(name="flaky")
        tries = eventually(lambda: len(received) == 2 and received)
        first, retry = tries[0][1], tries[1][1]
        assert set(first) >= {"envelope_id", "type", "payload", "accepts_response_payload"}
        assert first["type"] == "events_api" and first["accepts_response_payload"] is False
        assert (first["retry_attempt"], first["retry_reason"]) == (0, "")
        assert (retry["retry_attempt"], retry["retry_reason"]) == (1, "timeout")
        assert retry["payload"]["event_id"] == first["payload"]["event_id"]
        assert retry["envelope_id"] != first["envelope_id"]
        assert {tries[0][0], tries[1][0]} == {1, 2}, "the retry goes to the other connection"
        attempts = [
            (d["attempt"], d["error"], d["transport"]) for d in deliveries(universe, app["app_id"])
        ]
        assert attempts == [(0, "timeout", "socket"), (1, None, "socket")]

        for name in ("one", "two", "three", "four"):
            slack_user_client.conversations_create(name=name)
        eventually(lambda: len(received) == 6)
        assert {number for number, _ in received[2:]} == {1, 2}
    finally:
        closing = [threading.Thread(target=client.close) for client in clients]
        for thread in closing:
            thread.start()
        for thread in closing:
            thread.join()


def test_a_manifest_enables_socket_mode_without_request_urls(universe, slack_credentials):
    config = WebClient(
        token=slack_credentials["config_token"], base_url=slack_credentials["api_url"]
    )
    manifest = {
        "display_information": {"name": "Manifest Socket"},
        "features": {"slash_commands": [{"command": "/status", "description": "Status"}]},
        "oauth_config": {"scopes": {"bot": ["chat:write", "commands"]}},
        "settings": {
            "socket_mode_enabled": True,
            "event_subscriptions": {"bot_events": ["app_mention"]},
            "interactivity": {"is_enabled": True},
        },
    }
    app_id = config.apps_manifest_create(manifest=manifest)["app_id"]
    app = httpx.get(f"{universe.url}/slack/_apps/{app_id}", headers=universe.admin_headers).json()[
        "app"
    ]
    assert app["socket_mode"] is True and app["events"] == ["app_mention"]
    assert app["app_token"].startswith(f"xapp-1-{app_id}-")
    without = {**manifest, "settings": {**manifest["settings"], "socket_mode_enabled": False}}
    with pytest.raises(SlackApiError) as refused:
        config.apps_manifest_update(app_id=app_id, manifest=without)
    assert refused.value.response["error"] == "invalid_manifest"


async def test_an_async_bolt_app_on_aiohttp_hears_a_mention(
    universe, slack_credentials, slack_user_client
):
    app = create_app(universe, events=["app_mention"])
    client = AsyncWebClient(token=app["bot_token"], base_url=slack_credentials["api_url"])
    bolt = AsyncApp(token=app["bot_token"], client=client)

    @bolt.event("app_mention")
    async def on_mention(event, say):
        await say(text="Heard you, asynchronously", thread_ts=event["ts"])

    handler = AsyncSocketModeHandler(bolt, app["app_token"])
    await handler.connect_async()
    try:
        channel = (
            await asyncio.to_thread(slack_user_client.conversations_create, name="async-room")
        )["channel"]["id"]
        await client.conversations_join(channel=channel)
        ts = (
            await asyncio.to_thread(
                slack_user_client.chat_postMessage,
                channel=channel,
                text=f"<@{app['bot_user_id']}> there?",
            )
        )["ts"]
        for _ in range(100):
            replies = (await client.conversations_replies(channel=channel, ts=ts))["messages"]
            if len(replies) > 1:
                break
            await asyncio.sleep(0.05)
        assert replies[1]["text"] == "Heard you, asynchronously"
    finally:
        await handler.close_async()


# Last in the module: the browser's event loop would stop later async tests.
@pytest.mark.browser
def test_socket_mode_is_switched_on_in_the_app_settings_page(
    universe, browser_page, slack_credentials
):
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/apps")
    page.fill("#new-app input[name=name]", "Socketeer")
    page.check("#new-app input[name=socket_mode]")
    page.click("#new-app button[type=submit]")
    row = page.locator("#apps tr", has_text="Socketeer")
    token = row.locator(".app-token").inner_text()
    assert token.startswith("xapp-1-A")
    assert row.locator("button.toggle").inner_text() == "Disable"
    api = WebClient(base_url=slack_credentials["api_url"])
    assert api.apps_connections_open(app_token=token)["url"].startswith("ws://")

    row.locator("button.toggle").click()
    row.locator("button.toggle", has_text="Enable").wait_for()
    app_id = row.get_attribute("data-app")
    app = httpx.get(f"{universe.url}/slack/_apps/{app_id}", headers=universe.admin_headers).json()[
        "app"
    ]
    assert app["socket_mode"] is False and app["app_token"] == token


def test_shortcuts_options_and_view_closed_arrive_over_the_socket(universe, slack_credentials):
    """A global shortcut opens a modal, an external select's options come back in the ack, and
    closing the modal sends view_closed: all as ``interactive`` envelopes."""
    shortcut = {"name": "Ship it", "type": "global", "callback_id": "ship_it"}
    created = create_app(universe, shortcuts=[shortcut])
    client = WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"])
    bolt = App(token=created["bot_token"], client=client)
    closed: list[dict] = []
    service = {"type": "external_select", "action_id": "service"}
    form = {
        "type": "modal",
        "callback_id": "ship_form",
        "notify_on_close": True,
        "title": {"type": "plain_text", "text": "Ship"},
        "blocks": [{"type": "actions", "block_id": "svc", "elements": [service]}],
    }

    @bolt.shortcut("ship_it")
    def ship_it(ack, shortcut, client):
        ack()
        client.views_open(trigger_id=shortcut["trigger_id"], view=form)

    @bolt.options("service")
    def services(ack, payload):
        ack(options=[{"text": {"type": "plain_text", "text": "API"}, "value": payload["value"]}])

    @bolt.view_closed("ship_form")
    def on_close(ack, body):
        ack()
        closed.append(body)

    handler = SocketModeHandler(bolt, created["app_token"])
    greeted = hellos(handler.client)
    handler.connect()
    eventually(greeted)
    admin = slack_credentials["admin_user_id"]
    people = f"{universe.url}/slack/_people/{admin}"
    try:
        chosen = httpx.post(
            f"{people}/shortcuts", json={"callback_id": "ship_it"}, headers=universe.admin_headers
        )
        assert chosen.json()["ok"] is True
        view = eventually(
            lambda: httpx.get(f"{people}/modal", headers=universe.admin_headers).json()["view"]
        )
        options = httpx.post(
            f"{people}/options",
            json={"view_id": view["id"], "action_id": "service", "value": "api"},
            headers=universe.admin_headers,
        ).json()["options"]
        assert [o["value"] for o in options] == ["api"]
        shut = httpx.post(f"{people}/views/{view['id']}/close", headers=universe.admin_headers)
        assert shut.json() == {"ok": True, "notified": True}
        assert eventually(lambda: closed)[0]["view"]["id"] == view["id"]
    finally:
        handler.close()
    kinds = [d["event_type"] for d in deliveries(universe, created["app_id"])]
    assert kinds == ["shortcut", "block_suggestion", "view_closed"]


@pytest.fixture
def short_connections(universe):
    """Socket Mode connections that live 1.5 s, warned 0.5 s before their end."""

    def set_lifetime(refresh: float, warning: float) -> None:
        store = universe.universe.store
        with store.transaction():
            store.set_setting("slack.socket_refresh_seconds", refresh)
            store.set_setting("slack.socket_warning_seconds", warning)

    universe.call(set_lifetime, 1.5, 0.5)
    return 1.5


def test_a_connection_is_warned_then_refreshed_and_closed(
    universe, slack_credentials, short_connections
):
    app = create_app(universe)
    url = WebClient(base_url=slack_credentials["api_url"]).apps_connections_open(
        app_token=app["app_token"]
    )["url"]
    with connect(url) as socket:
        hello = json.loads(socket.recv(timeout=5))
        assert hello["debug_info"]["approximate_connection_time"] == 1
        warning = json.loads(socket.recv(timeout=5))
        refresh = json.loads(socket.recv(timeout=5))
        with pytest.raises(ConnectionClosed):
            socket.recv(timeout=5)
    assert warning["type"] == "disconnect" and warning["reason"] == "warning"
    assert refresh["type"] == "disconnect" and refresh["reason"] == "refresh_requested"
    assert refresh["debug_info"]["host"]


def test_bolts_socket_mode_handler_reconnects_through_refreshes(
    universe, slack_credentials, slack_user_client, short_connections
):
    created = create_app(universe, events=["message.channels"])
    client = WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"])
    bolt = App(token=created["bot_token"], client=client)
    heard: list[str] = []
    bolt.event("message")(lambda event: heard.append(event["text"]))
    handler = SocketModeHandler(bolt, created["app_token"])
    greeted = hellos(handler.client)
    frames: list[dict] = []
    handler.client.on_message_listeners.append(lambda raw: frames.append(json.loads(raw)))
    handler.connect()
    general = next(c["id"] for c in client.conversations_list()["channels"] if c["is_general"])
    client.conversations_join(channel=general)
    try:
        eventually(lambda: len(greeted()) >= 3, timeout=30)  # two refreshes survived
        slack_user_client.chat_postMessage(channel=general, text="still there?")
        eventually(lambda: "still there?" in heard)
    finally:
        handler.close()
    assert {f["reason"] for f in frames if f["type"] == "disconnect"} >= {"warning"}
    delivered = [d for d in deliveries(universe, created["app_id"]) if d["error"] is None]
    assert delivered and {d["transport"] for d in delivered} == {"socket"}


def _frames(url: str, seconds: float) -> list[int]:
    """The opcodes of the frames a server sends on a raw WebSocket connection to ``url`` within
    ``seconds`` (no client library in between to answer or hide pings)."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=seconds)
    key = base64.b64encode(os.urandom(16)).decode()
    handshake = (
        f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    sock.sendall(handshake.encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, data = data.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 101"), head
    opcodes, deadline = [], time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and 0x9 not in opcodes:
            while len(data) < 2:
                data += sock.recv(4096)
            size, start = data[1] & 0x7F, 2
            if size == 126:
                size, start = int.from_bytes(data[2:4], "big"), 4
            while len(data) < start + size:
                data += sock.recv(4096)
            opcodes.append(data[0] & 0x0F)
            data = data[start + size :]
    except TimeoutError:
        pass
    finally:
        sock.close()
    return opcodes


def test_the_server_pings_socket_mode_connections():
    """Pings are WebSocket ping frames, every universe.ws_ping_seconds (20 s unless set)."""
    universe = Universe(seed=0)
    with universe.store.transaction():
        universe.store.set_setting("universe.ws_ping_seconds", 0.3)
    with UniverseServer(universe) as server:
        admin = {"Authorization": f"Bearer {universe.admin_token}"}
        app = httpx.post(
            f"{server.url}/slack/_apps", headers=admin, json={"name": "Pinged", "socket_mode": True}
        ).json()["app"]
        api = f"{server.url}/slack/api/"
        url = WebClient(base_url=api).apps_connections_open(app_token=app["app_token"])["url"]
        opcodes = _frames(url, 5)
    assert opcodes[0] == 0x1 and 0x9 in opcodes  # the hello, then a ping
