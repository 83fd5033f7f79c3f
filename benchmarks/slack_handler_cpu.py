"""The Slack twin's own CPU time per request, without sockets or a client beside it.

The form bodies slack_sdk sends for ``chat.postMessage``, ``conversations.history`` (20
messages) and ``api.test`` are replayed into the universe's ASGI app in-process; each figure is
``time.thread_time`` over a batch of 20 requests, the fastest and the median of 100 batches
(2,000 requests), answers not parsed. Load from elsewhere on the machine slows a batch but rarely
all of them, so the fastest moves far less from run to run than the calls-per-second ratios of
``slack_throughput.py``.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import urllib.parse

from throughput import post_in_process

from darkfactory.twins.kit.app import build_app
from darkfactory.twins.kit.universe import Universe

BATCH, BATCHES = 20, 100


class Replay:
    """Web API calls sent straight to a universe's ASGI app with one token."""

    def __init__(self) -> None:
        universe = Universe(seed=1)
        universe.url = "http://127.0.0.1:9"
        self.app = build_app(universe)
        self.token = universe.credentials()["slack"]["bot_token"]

    async def call(self, method: str, form: dict[str, str]) -> bytes:
        body = urllib.parse.urlencode(form).encode()
        path = f"/slack/api/{method}"
        headers = [
            (b"host", b"127.0.0.1:9"),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"authorization", f"Bearer {self.token}".encode()),
            (b"user-agent", b"Python/3.11 slackclient/3"),
            (b"content-length", str(len(body)).encode()),
        ]
        return (await post_in_process(self.app, path, headers, body))[1]


async def main() -> None:
    replay = Replay()
    channels = json.loads(await replay.call("conversations.list", {}))["channels"]
    general = next(c["id"] for c in channels if c["is_general"])
    for _ in range(40):
        await replay.call("chat.postMessage", {"channel": general, "text": "benchmark"})
    requests = {
        "chat.postMessage": {"channel": general, "text": "benchmark"},
        "conversations.history": {"channel": general, "limit": "20"},
        "api.test": {},
    }
    print(f"{'request':<24}{'fastest':>10}{'median':>10}")
    for method, form in requests.items():
        spent = []
        for _ in range(BATCHES):
            started = time.thread_time()
            for _ in range(BATCH):
                await replay.call(method, form)
            spent.append((time.thread_time() - started) / BATCH * 1e6)
        print(f"{method:<24}{min(spent):>7.0f} µs{statistics.median(spent):>7.0f} µs")


if __name__ == "__main__":
    asyncio.run(main())
