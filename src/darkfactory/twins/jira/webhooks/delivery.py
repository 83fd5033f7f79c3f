"""Webhook delivery: after a change commits, POST each queued delivery to its webhook's URL.

Jira sends JSON with ``X-Atlassian-Webhook-Identifier`` (one per delivery) and, on a retry,
``X-Atlassian-Webhook-Retry``; an answer of 408, 409, 425, 429 or 5xx, a timeout or a refused
connection is retried, and a delivery that never gets through is kept for
``GET /rest/api/3/webhook/failed``.
"""

from __future__ import annotations

import asyncio

import httpx

from darkfactory.twins.kit.operation import current_call

RETRIED = {408, 409, 425, 429}
DELAYS_S = (0.1, 0.3)
TIMEOUT_S = 3.0


def schedule(twin) -> None:
    """Send the queued deliveries once the current call's transaction has committed."""
    call = current_call.get()
    if call is None or getattr(call, "jira_delivery", False):
        return
    call.jira_delivery = True
    call.after.append(lambda: deliver(twin))


async def deliver(twin) -> None:
    """Send every queued delivery, oldest first; each leaves the queue whatever its fate."""
    state, store = twin.state, twin.universe.store
    with store.transaction():
        queued = state.pending_deliveries()
        for delivery in queued:
            state.delete("webhook_delivery", delivery["id"])
    if not queued:
        return
    async with httpx.AsyncClient(timeout=TIMEOUT_S) as client:
        for delivery in queued:
            if not await _send(client, delivery):
                with store.transaction():
                    state.record_failure(delivery, twin.universe.clock.now())


async def _send(client: httpx.AsyncClient, delivery: dict) -> bool:
    headers = {"X-Atlassian-Webhook-Identifier": f"{delivery['webhook']}-{delivery['id']}"}
    for attempt in range(len(DELAYS_S) + 1):
        if attempt:
            await asyncio.sleep(DELAYS_S[attempt - 1])
            headers = {**headers, "X-Atlassian-Webhook-Retry": str(attempt)}
        try:
            answer = await client.post(delivery["url"], json=delivery["body"], headers=headers)
        except httpx.HTTPError:
            continue
        if answer.status_code < 500 and answer.status_code not in RETRIED:
            return answer.is_success
    return False
