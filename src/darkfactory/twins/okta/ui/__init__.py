"""The Okta admin console at ``/ui/okta/``: people (each with a page of their own), groups,
applications and assignments, authorization servers, policies, log.

Lists are read from the org's state; every change (a lifecycle step on a person's page, a group's
members, an application's assigned people and groups) is a call to Okta's own API with the
admin's API token, which the journal shows and Okta may refuse; a person's buttons are the
operations Okta links for the person's status."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.okta.api import timestamp
from darkfactory.twins.okta.children_store import rows
from darkfactory.twins.okta.policies.operations import RULE_TYPES

SECTIONS = [
    ("people", "People"),
    ("groups", "Groups"),
    ("apps", "Applications"),
    ("authorization-servers", "Authorization Servers"),
    ("policies", "Policies"),
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
        return render(request, "people", users=state.users(), **api())

    async def person(request: Request) -> Response:
        user_id = request.path_params["user_id"]
        return render(request, "person", user_id=user_id, **api())

    def token() -> str:
        return twin.credentials()["api_token"]

    def api() -> dict:
        """What the pages' scripts call Okta's API with."""
        return {"api": f"/{twin.name}", "token": token()}

    async def groups(request: Request) -> Response:
        listed = [(g, state.members(g["id"])) for g in state.groups()]
        return render(
            request, "groups", groups=listed, rules=state.rules(), **api(), people=state.users()
        )

    async def apps(request: Request) -> Response:
        listed = [(a, state.app_users(a["id"]), state.app_groups(a["id"])) for a in state.apps()]
        names = {g["id"]: g["profile"]["name"] for g in state.groups()}
        return render(
            request, "apps", apps=listed, group_names=names, people=state.users(), **api()
        )

    def with_rules(kind: str, rule_kind: str, parent: str) -> list[tuple[dict, list[dict]]]:
        return [(p, rows(state.db, rule_kind, p["id"])) for p in rows(state.db, kind, parent)]

    async def authorization_servers(request: Request) -> Response:
        found = state.db.all(
            "SELECT * FROM okta_resources WHERE kind = 'AuthorizationServer' ORDER BY rowid"
        )
        servers = [
            {
                **dict(row),
                "document": json.loads(row["document"]),
                "scopes": rows(state.db, "OAuth2Scope", row["id"]),
                "claims": rows(state.db, "OAuth2Claim", row["id"]),
                "policies": with_rules(
                    "AuthorizationServerPolicy", "AuthorizationServerPolicyRule", row["id"]
                ),
            }
            for row in found
        ]
        return render(request, "authorization-servers", servers=servers)

    async def policies(request: Request) -> Response:
        by_type = [(t, with_rules("Policy", "PolicyRule", f"org:{t}")) for t in RULE_TYPES]
        return render(request, "policies", policy_types=by_type)

    async def logs(request: Request) -> Response:
        return render(request, "logs", **api())

    return [
        Route("/", people, methods=["GET"]),
        Route("/people/{user_id}", person, methods=["GET"]),
        Route("/groups", groups, methods=["GET"]),
        Route("/apps", apps, methods=["GET"]),
        Route("/authorization-servers", authorization_servers, methods=["GET"]),
        Route("/policies", policies, methods=["GET"]),
        Route("/logs", logs, methods=["GET"]),
    ]
