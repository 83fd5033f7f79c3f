"""Durable universes: restart keeps state; kill -9 mid-burst loses no acknowledged write."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from darkfactory.twins.kit.server import free_port


def start(data: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "darkfactory",
            "universe",
            "up",
            "--data",
            str(data),
            "--port",
            str(port),
            "--seed",
            "3",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(
                    f"http://127.0.0.1:{port}/_universe/", headers=admin(data), timeout=1
                ).status_code
                == 200
            ):
                return process
        except (httpx.HTTPError, FileNotFoundError):  # not serving yet, or no token written yet
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"universe did not start: {process.stderr.read().decode()}")


def admin(data: Path) -> dict[str, str]:
    """The admin token a durable universe keeps in its data directory."""
    return {"Authorization": f"Bearer {(data / 'admin-token').read_text().strip()}"}


def client_for(port: int, data: Path) -> tuple[WebClient, str]:
    url = f"http://127.0.0.1:{port}/_universe/credentials"
    creds = httpx.get(url, headers=admin(data)).json()["slack"]
    client = WebClient(token=creds["bot_token"], base_url=creds["api_url"], timeout=5)
    channel = next(c["id"] for c in client.conversations_list()["channels"] if c["is_general"])
    return client, channel


def all_texts(client: WebClient, channel: str) -> set[str]:
    texts = set()
    for page in client.conversations_history(channel=channel, limit=200):
        texts.update(m["text"] for m in page["messages"])
    return texts


def test_restart_on_same_data_keeps_state(tmp_path):
    port = free_port()
    process = start(tmp_path, port)
    try:
        client, channel = client_for(port, tmp_path)
        created = client.conversations_create(name="survives-restart")["channel"]["id"]
        client.chat_postMessage(channel=channel, text="still here after restart")
        snap = httpx.post(
            f"http://127.0.0.1:{port}/_universe/snapshots", headers=admin(tmp_path)
        ).json()["id"]
    finally:
        process.terminate()
        process.wait(10)
    process = start(tmp_path, port)
    try:
        client, channel = client_for(port, tmp_path)
        assert client.conversations_info(channel=created)["channel"]["name"] == "survives-restart"
        assert "still here after restart" in all_texts(client, channel)
        restored = httpx.post(
            f"http://127.0.0.1:{port}/_universe/snapshots/{snap}/restore", headers=admin(tmp_path)
        )
        assert restored.status_code == 200, "snapshots survive restarts too"
    finally:
        process.terminate()
        process.wait(10)


def test_kill_9_during_write_burst_loses_no_acknowledged_write(tmp_path):
    port = free_port()
    process = start(tmp_path, port)
    client, channel = client_for(port, tmp_path)
    acknowledged: list[str] = []
    stop = threading.Event()

    def burst() -> None:
        n = 0
        while not stop.is_set():
            text = f"burst-{n}"
            try:
                client.chat_postMessage(channel=channel, text=text)
            except (SlackApiError, OSError, Exception):  # the server died mid-request
                return
            acknowledged.append(text)
            n += 1

    writers = [threading.Thread(target=burst) for _ in range(3)]
    for writer in writers:
        writer.start()
    while len(acknowledged) < 150:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    stop.set()
    for writer in writers:
        writer.join(10)

    database = tmp_path / "universe.sqlite"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    process = start(tmp_path, port)
    try:
        client, channel = client_for(port, tmp_path)
        survived = all_texts(client, channel)
        lost = [text for text in acknowledged if text not in survived]
        assert not lost, f"{len(lost)} acknowledged writes lost, e.g. {lost[:3]}"
    finally:
        process.terminate()
        process.wait(10)
