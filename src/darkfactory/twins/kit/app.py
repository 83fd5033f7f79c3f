"""The universe's ASGI app: every twin, the control plane and the web UI on one port."""

from __future__ import annotations

from functools import partial

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from darkfactory.twins.kit import control, dashboard, vendor_schemas
from darkfactory.twins.kit.access import AdminGate
from darkfactory.twins.kit.fallback import Fallback
from darkfactory.twins.kit.lazy import Lazy
from darkfactory.twins.kit.operation import TWIN_KEY
from darkfactory.twins.kit.recorder import Recorder
from darkfactory.twins.kit.routing import Router
from darkfactory.twins.kit.twin import Twin
from darkfactory.twins.kit.universe import Universe


class TwinScope:
    """Marks requests under a twin's mount with the twin, so operations can find it."""

    def __init__(self, app: ASGIApp, twin: Twin) -> None:
        self.app = app
        self.twin = twin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[TWIN_KEY] = self.twin
        await self.app(scope, receive, send)


def twin_api(twin: Twin, universe: Universe) -> ASGIApp:
    """A twin's API: its routes, with the vendor's body schemas attached, journaled."""
    twin_routes = twin.routes()
    vendor_schemas.attach(type(twin).__module__, twin_routes)
    return Recorder(
        TwinScope(Fallback(Router(routes=twin_routes), twin), twin), twin.name, universe
    )


def build_app(universe: Universe) -> Starlette:
    """One Starlette app serving ``universe``, behind its admin gate."""
    routes = [
        Route("/", lambda request: RedirectResponse("/ui/"), methods=["GET"]),
        Mount("/_universe", routes=control.routes(universe)),
        Mount("/ui", routes=dashboard.routes(universe)),
    ]
    for twin in universe.twins.values():
        routes.append(Mount(f"/{twin.name}", app=Lazy(partial(twin_api, twin, universe))))
    app = Starlette(middleware=[Middleware(AdminGate, universe=universe)])
    app.router = Router(routes=routes)  # a request reaches its twin's mount without trying others
    app.state.universe = universe
    return app
