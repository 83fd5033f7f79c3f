"""Run by the packaging check with the wheel's own Python: a universe that serves every twin, a
slack_sdk call and a Socket Mode client connected, with only the runtime dependencies installed;
with ``--bolt``, once slack_bolt is installed as a user's app would, a ``SocketModeHandler`` app."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import httpx
from slack_sdk import WebClient
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

TWINS = {"slack", "okta", "jira", "google", "openai", "anthropic", "gemini"}


def admin(token_file: Path, deadline: float) -> dict[str, str]:
    while not token_file.exists():
        if time.monotonic() > deadline:
            sys.exit(f"no admin token at {token_file}")
        time.sleep(0.1)
    return {"Authorization": f"Bearer {token_file.read_text().strip()}"}


def health(url: str, headers: dict[str, str], deadline: float) -> dict:
    while True:
        try:
            return (
                httpx.get(f"{url}/_universe/", headers=headers, timeout=2).raise_for_status().json()
            )
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def socket_app(url: str, headers: dict[str, str]) -> tuple[dict, dict]:
    """The admin's Slack credentials and a new Socket Mode app listening for mentions."""
    creds = httpx.get(f"{url}/_universe/credentials", headers=headers).json()["slack"]
    app = (
        httpx.post(
            f"{url}/slack/_apps",
            headers=headers,
            json={"name": "Packaged", "socket_mode": True, "events": ["app_mention"]},
        )
        .raise_for_status()
        .json()["app"]
    )
    WebClient(token=app["bot_token"], base_url=creds["api_url"]).conversations_join(
        channel=general_of(creds)
    )
    return creds, app


def general_of(creds: dict) -> str:
    """#general, which the admin's bot has joined."""
    bot = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    return next(c["id"] for c in bot.conversations_list()["channels"] if c["is_general"])


def hears_a_mention(creds: dict, app: dict, connection, heard: threading.Event, who: str) -> None:
    """Connect, have the workspace owner mention the app in #general, and wait to hear it."""
    connection.connect()
    try:
        user = WebClient(token=creds["user_token"], base_url=creds["api_url"])
        user.chat_postMessage(channel=general_of(creds), text=f"<@{app['bot_user_id']}> hello")
        assert heard.wait(20), f"the {who} heard no mention"
        print(f"{who} connected and heard an app_mention")
    finally:
        connection.close()


def bolt(url: str, headers: dict[str, str]) -> None:
    """A slack_bolt app on a SocketModeHandler hears a mention."""
    from slack_bolt import App
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    creds, app = socket_app(url, headers)
    heard = threading.Event()
    bolt_app = App(client=WebClient(token=app["bot_token"], base_url=creds["api_url"]))
    bolt_app.event("app_mention")(lambda event: heard.set())
    handler = SocketModeHandler(bolt_app, app["app_token"])
    hears_a_mention(creds, app, handler, heard, "slack_bolt SocketModeHandler app")


def main(url: str, token_file: str, *mode: str) -> None:
    deadline = time.monotonic() + 60
    headers = admin(Path(token_file), deadline)
    if mode == ("--bolt",):
        bolt(url, headers)
        return
    served = set(health(url, headers, deadline)["twins"])
    assert served == TWINS, f"served {sorted(served)}, expected {sorted(TWINS)}"
    print("serves", ", ".join(sorted(served)))
    assert httpx.get(f"{url}/_universe/credentials").status_code == 401

    creds, app = socket_app(url, headers)
    bot = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    bot.conversations_join(channel=general_of(creds))
    posted = bot.chat_postMessage(channel=general_of(creds), text="packaged")
    print("slack_sdk chat.postMessage ok, ts", posted["ts"])

    heard = threading.Event()
    socket = SocketModeClient(
        app_token=app["app_token"], web_client=WebClient(base_url=creds["api_url"])
    )

    def listen(client: SocketModeClient, request: SocketModeRequest) -> None:
        client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
        if request.type == "events_api":
            heard.set()

    socket.socket_mode_request_listeners.append(listen)
    hears_a_mention(creds, app, socket, heard, "slack_sdk Socket Mode client")


if __name__ == "__main__":
    main(*sys.argv[1:])
