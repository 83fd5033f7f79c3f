"""Acting as a named person in Slack's client through the twin's ``/_people/{user}`` routes."""

from __future__ import annotations

import httpx


def person(universe, user_id: str, path: str, body=None, method: str = "POST") -> httpx.Response:
    """What the person ``user_id`` does at ``path`` (``/actions``, ``/modal`` ...)."""
    return httpx.request(
        method,
        f"{universe.url}/slack/_people/{user_id}{path}",
        json=body,
        headers=universe.admin_headers,
        timeout=10,
    )
