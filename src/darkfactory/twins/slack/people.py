"""Acting as a named person in Slack's client, on journaled routes, for scenarios and tests.

``POST /slack/_people/{user_id}/actions``, ``/commands``, ``/options``, ``/shortcuts``,
``/views/{view_id}/actions``, ``/submit`` and ``/close`` and ``GET /slack/_people/{user_id}/modal``
do exactly what the web client's endpoints under ``/ui/slack/`` do for their viewer, with
``user_id`` as the viewer. ``POST /slack/_people/{user_id}/token`` gives the user token the web
client acts with, for callers that act as the person through the Web API (as a person signed in
to Slack would). They are setup routes (the universe's admin token), and the journal records
each as ``client.<what>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import OPERATION_KEY
from darkfactory.twins.slack import client
from darkfactory.twins.slack.ui import VIEWER_COOKIE

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin


def routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    def as_person(route: Route):
        endpoint = route.endpoint
        what = route.path.strip("/").split("/")[0]

        async def acting(request: Request) -> Response:
            user_id = request.path_params["user_id"]
            request.scope[OPERATION_KEY] = f"client.{what}"
            if state.db.one("SELECT 1 FROM slack_users WHERE id = ?", (user_id,)) is None:
                return JSONResponse({"ok": False, "error": "user_not_found"}, 404)
            headers = [(k, v) for k, v in request.scope["headers"] if k != b"cookie"]
            cookie = (b"cookie", f"{VIEWER_COOKIE}={user_id}".encode())
            scope = {**request.scope, "headers": [*headers, cookie]}
            return await endpoint(Request(scope, request.receive))

        return acting

    async def token(request: Request) -> Response:
        with state.db.transaction():
            issued = twin.user_token(request.path_params["user_id"])
        return JSONResponse({"ok": True, "token": issued})

    token_route = Route("/token", token, methods=["POST"])
    return [
        Route(f"/_people/{{user_id}}{route.path}", as_person(route), methods=route.methods)
        for route in [*client.routes(twin), token_route]
    ]
