"""The Slack-like web client at ``/ui/slack/``."""

from __future__ import annotations

from starlette.routing import Route


def routes(twin) -> list[Route]:
    return []
