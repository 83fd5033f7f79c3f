"""The Okta admin console at ``/ui/okta/``: people, groups, applications and assignments, log."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.okta.api import timestamp

SECTIONS = [
    ("people", "People"),
    ("groups", "Groups"),
    ("apps", "Applications"),
    ("logs", "System Log"),
]


def routes(twin) -> list[Route]:
    state = twin.state

    def render(request: Request, section: str, **context) -> Response:
        return page(
            request,
            f"okta/{section}.html",
            sections=SECTIONS,
            section=section,
            timestamp=timestamp,
            **context,
        )

    async def people(request: Request) -> Response:
        return render(request, "people", users=state.users())

    async def groups(request: Request) -> Response:
        listed = [(g, state.members(g["id"])) for g in state.groups()]
        return render(request, "groups", groups=listed, rules=state.rules())

    async def apps(request: Request) -> Response:
        listed = [(a, state.app_users(a["id"]), state.app_groups(a["id"])) for a in state.apps()]
        names = {g["id"]: g["profile"]["name"] for g in state.groups()}
        return render(request, "apps", apps=listed, group_names=names)

    async def logs(request: Request) -> Response:
        rows = state.db.all("SELECT * FROM okta_logs ORDER BY published DESC, rowid DESC LIMIT 200")
        events = [
            {**dict(r), "target": json.loads(r["target"]), "actor": json.loads(r["actor"])}
            for r in rows
        ]
        return render(request, "logs", events=events)

    return [
        Route("/", people, methods=["GET"]),
        Route("/groups", groups, methods=["GET"]),
        Route("/apps", apps, methods=["GET"]),
        Route("/logs", logs, methods=["GET"]),
    ]
