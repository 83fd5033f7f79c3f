"""Run by the packaging check with the wheel's own Python: a universe that serves every twin, a
slack_sdk call and a Socket Mode client connected, with only the runtime dependencies installed."""

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


def main(url: str, token_file: str) -> None:
    deadline = time.monotonic() + 60
    headers = admin(Path(token_file), deadline)
    served = set(health(url, headers, deadline)["twins"])
    assert served == TWINS, f"served {sorted(served)}, expected {sorted(TWINS)}"
    print("serves", ", ".join(sorted(served)))
    assert httpx.get(f"{url}/_universe/credentials").status_code == 401

    creds = httpx.get(f"{url}/_universe/credentials", headers=headers).json()["slack"]
    bot = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    general = next(c["id"] for c in bot.conversations_list()["channels"] if c["is_general"])
    bot.conversations_join(channel=general)
    posted = bot.chat_postMessage(channel=general, text="packaged")
    print("slack_sdk chat.postMessage ok, ts", posted["ts"])

    app = (
        httpx.post(
            f"{url}/slack/_apps",
            headers=headers,
            json={"name": "Packaged", "socket_mode": True, "events": ["app_mention"]},
        )
        .raise_for_status()
        .json()["app"]
    )
    heard = threading.Event()
    socket = SocketModeClient(
        app_token=app["app_token"], web_client=WebClient(base_url=creds["api_url"])
    )

    def listen(client: SocketModeClient, request: SocketModeRequest) -> None:
        client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
        if request.type == "events_api":
            heard.set()

    socket.socket_mode_request_listeners.append(listen)
    socket.connect()
    try:
        install = WebClient(token=app["bot_token"], base_url=creds["api_url"])
        install.conversations_join(channel=general)
        user = WebClient(token=creds["user_token"], base_url=creds["api_url"])
        user.chat_postMessage(channel=general, text=f"<@{app['bot_user_id']}> hello")
        assert heard.wait(20), "the Socket Mode client heard no event"
        print("Socket Mode client connected and heard an app_mention")
    finally:
        socket.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
