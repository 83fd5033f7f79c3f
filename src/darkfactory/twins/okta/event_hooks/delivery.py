"""Event hook delivery: after a write commits, POST the new System Log events to subscribers.

Okta sends ``{"eventType": "com.okta.event_hook", "data": {"events": [...]}}`` to the hook's URI
with its configured headers and the ``authScheme`` secret header; a failed delivery (no answer or
a non-2xx status) is retried.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import httpx

from darkfactory.twins.okta.api import event_json

ATTEMPTS = 3
RETRY_DELAY_S = 0.2
TIMEOUT_S = 3.0


def headers_of(channel: dict) -> dict[str, str]:
    config = channel.get("config") or {}
    headers = {h["key"]: h["value"] for h in config.get("headers") or []}
    scheme = config.get("authScheme") or {}
    if scheme.get("key") and scheme.get("value"):
        headers[scheme["key"]] = scheme["value"]
    return headers


def last_event_rowid(store) -> int:
    return store.scalar("SELECT COALESCE(MAX(rowid), 0) FROM okta_logs")


def dispatcher(twin, mark: int) -> Callable[[], Awaitable[None]]:
    """The after-commit task delivering events logged after rowid ``mark``."""

    async def deliver() -> None:
        store = twin.universe.store
        rows = store.all("SELECT * FROM okta_logs WHERE rowid > ? ORDER BY rowid", (mark,))
        if not rows:
            return
        hooks = store.all(
            "SELECT * FROM okta_event_hooks WHERE status = 'ACTIVE' AND "
            "verification_status = 'VERIFIED'"
        )
        for hook in hooks:
            wanted = set(json.loads(hook["events"]).get("items") or [])
            events = [event_json(r) for r in rows if r["event_type"] in wanted]
            if events:
                await _post(twin, hook, events)

    return deliver


async def _post(twin, hook, events: list[dict]) -> None:
    channel = json.loads(hook["channel"])
    body = {
        "eventType": "com.okta.event_hook",
        "eventTypeVersion": "1.0",
        "cloudEventsVersion": "0.1",
        "contentType": "application/json",
        "source": f"{twin.base_url}/api/v1/eventHooks/{hook['id']}",
        "eventId": events[0]["uuid"],
        "eventTime": events[-1]["published"],
        "data": {"events": events},
    }
    async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
        for attempt in range(ATTEMPTS):
            try:
                answer = await client.post(
                    channel["config"]["uri"], json=body, headers=headers_of(channel)
                )
                if answer.is_success:
                    return
            except httpx.HTTPError:
                pass
            if attempt + 1 < ATTEMPTS:
                await asyncio.sleep(RETRY_DELAY_S)
