"""The Jira web UI at ``/ui/jira/``: projects, a board per project, issue view, JQL search."""

from __future__ import annotations

from starlette.routing import Route


def routes(twin) -> list[Route]:
    return []
