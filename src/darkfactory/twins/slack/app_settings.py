"""App settings in the web UI at ``/ui/slack/apps``: the twin's stand-in for api.slack.com/apps.

Lists the workspace's apps with their credentials and an "Install to workspace" link (the OAuth v2
consent page), and creates apps from a form through the same registry as ``POST /slack/_apps``.
Each app's Socket Mode can be switched on (which gives it an app-level token) or off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit.dashboard import page
from darkfactory.twins.slack.apps import (
    EVENT_TYPES,
    AppSpecError,
    app_record,
    register,
    set_socket_mode,
)

if TYPE_CHECKING:
    from darkfactory.twins.slack import SlackTwin


def _words(text: str | None) -> list[str]:
    return [w for w in (text or "").replace(",", " ").split() if w]


def install_url(app: dict) -> str:
    query = {"client_id": app["client_id"], "scope": ",".join(app["scopes"])}
    if app["user_scopes"]:
        query["user_scope"] = ",".join(app["user_scopes"])
    return f"/slack/oauth/v2/authorize?{urlencode(query)}"


def routes(twin: SlackTwin) -> list[Route]:
    state = twin.state

    def listing(request: Request, error: str | None = None, status: int = 200) -> Response:
        with state.db.transaction():
            ids = [r["id"] for r in state.db.all("SELECT id FROM slack_apps ORDER BY created")]
            apps = [app_record(state, app_id) for app_id in ids]
        response = page(
            request,
            "slack/apps.html",
            apps=[{**a, "install_url": install_url(a)} for a in apps],
            event_types=sorted(EVENT_TYPES),
            error=error,
        )
        response.status_code = status
        return response

    async def apps(request: Request) -> Response:
        if request.method == "GET":
            return listing(request)
        form = await request.form()
        spec = {
            "name": str(form.get("name") or "").strip(),
            "events": [str(e) for e in form.getlist("events")],
            "scopes": _words(str(form.get("scopes") or "")),
            "user_scopes": _words(str(form.get("user_scopes") or "")),
            "redirect_urls": _words(str(form.get("redirect_url") or "")),
            "request_url": str(form.get("request_url") or "") or None,
            "interactivity_url": str(form.get("interactivity_url") or "") or None,
            "socket_mode": bool(form.get("socket_mode")),
        }
        try:
            app = await register(state, spec)
        except AppSpecError as exc:
            return listing(request, str(exc), 400)
        return RedirectResponse(f"/ui/slack/apps#{app['app_id']}", 303)

    async def socket_mode(request: Request) -> Response:
        app_id = request.path_params["app_id"]
        enabled = bool((await request.form()).get("enabled"))
        with state.db.transaction():
            known = state.db.one("SELECT 1 FROM slack_apps WHERE id = ?", (app_id,)) is not None
            if known:
                set_socket_mode(state, app_id, enabled)
        if not known:
            return listing(request, "app_not_found", 404)
        return RedirectResponse(f"/ui/slack/apps#{app_id}", 303)

    return [
        Route("/apps", apps, methods=["GET", "POST"]),
        Route("/apps/{app_id}/socket-mode", socket_mode, methods=["POST"]),
    ]
