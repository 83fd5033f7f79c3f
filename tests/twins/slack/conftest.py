"""Shared Slack fixtures: a slack_bolt app, unchanged but for its base URL, served on loopback."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from darkfactory.twins.kit.server import serve_app as serve
from darkfactory.twins.slack import events

SETTLE_S = 5.0


@pytest.fixture
def serve_bolt(universe, slack_credentials):
    """``serve_bolt(name, listen, events=[...], **spec)``: register an app with the twin whose
    request and interactivity URLs are a bolt ``App`` on another loopback port; ``listen(app)``
    adds its listeners; ``spec`` adds to the app's definition (``shortcuts``, ...). Returns the
    app's record and a WebClient with its bot token."""
    servers = []

    def make(
        name: str, listen: Callable[[App], None], events: list[str] | None = None, **spec
    ) -> tuple[dict, WebClient]:
        box: dict = {}

        async def endpoint(request: Request):
            return await box["handler"].handle(request)

        base, server = serve(Starlette(routes=[Route("/slack/events", endpoint, methods=["POST"])]))
        servers.append(server)
        url = f"{base}/slack/events"
        created = httpx.post(
            f"{universe.url}/slack/_apps",
            json={"name": name, "interactivity_url": url, "events": events or [], **spec},
            headers=universe.admin_headers,
        ).json()["app"]
        client = WebClient(token=created["bot_token"], base_url=slack_credentials["api_url"])
        bolt = App(signing_secret=created["signing_secret"], client=client)
        listen(bolt)
        box["handler"] = SlackRequestHandler(bolt)
        if events:
            patched = httpx.patch(
                f"{universe.url}/slack/_apps/{created['app_id']}",
                json={"request_url": url},
                headers=universe.admin_headers,
            )
            assert patched.status_code == 200, patched.text
        return created, client

    yield make
    settle = time.monotonic() + SETTLE_S  # what the apps said last still reaches them
    while not events.idle() and time.monotonic() < settle:
        time.sleep(0.05)
    for server in servers:
        server.should_exit = True
