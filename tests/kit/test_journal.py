"""The request journal: recorded, filtered, polled with `since`, streamed live."""

from __future__ import annotations

import json
import threading

import httpx
from slack_sdk import WebClient


def test_requests_are_recorded_with_operation_status_and_bodies(universe):
    creds = universe.credentials["slack"]
    client = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    client.auth_test()
    channel = client.conversations_list()["channels"][0]["id"]
    client.chat_postMessage(channel=channel, text="journal me")
    entries = universe.control("GET", "/journal?twin=slack&operation=chat.postMessage")["entries"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["method"] == "POST" and entry["status"] == 200
    assert entry["path"] == "/slack/api/chat.postMessage"
    assert "journal me" in entry["request_body"]
    assert json.loads(entry["response_body"])["ok"] is True
    assert entry["duration_ms"] >= 0


def test_since_polls_only_newer_entries(universe):
    creds = universe.credentials["slack"]
    client = WebClient(token=creds["bot_token"], base_url=creds["api_url"])
    client.auth_test()
    last = universe.control("GET", "/journal")["entries"][-1]["id"]
    client.team_info()
    newer = universe.control("GET", f"/journal?since={last}")["entries"]
    assert [e["operation"] for e in newer] == ["team.info"]


def test_unknown_method_is_journaled_as_such(universe):
    response = httpx.post(f"{universe.url}/slack/api/nope.never")
    assert response.json() == {"ok": False, "error": "unknown_method", "req_method": "nope.never"}
    entries = universe.control("GET", "/journal?operation=nope.never")["entries"]
    assert entries[0]["status"] == 404


def test_bad_since_is_400(universe):
    response = httpx.get(
        f"{universe.url}/_universe/journal?since=yesterday", headers=universe.admin_headers
    )
    assert response.status_code == 400


def test_stream_delivers_entries_live(universe):
    creds = universe.credentials["slack"]
    received: list[dict] = []
    ready = threading.Event()

    def listen() -> None:
        with httpx.stream(
            "GET",
            f"{universe.url}/_universe/journal/stream",
            headers=universe.admin_headers,
            timeout=10,
        ) as stream:
            ready.set()
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    received.append(json.loads(line[5:]))
                    return

    listener = threading.Thread(target=listen)
    listener.start()
    ready.wait(5)
    for _ in range(20):  # the stream subscribes just after its headers go out
        WebClient(token=creds["bot_token"], base_url=creds["api_url"]).auth_test()
        listener.join(0.1)
        if received:
            break
    listener.join(5)
    assert received and received[0]["operation"] == "auth.test"


def test_a_path_no_route_serves_is_journaled_with_the_404_it_got(universe):
    response = httpx.get(f"{universe.url}/slack/no/such/page")
    assert response.status_code == 404
    entries = universe.control("GET", "/journal?twin=slack")["entries"]
    assert entries[-1]["path"] == "/slack/no/such/page"
    assert entries[-1]["status"] == 404
