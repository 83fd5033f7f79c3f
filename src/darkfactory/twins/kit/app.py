"""The universe's ASGI app: every twin, the control plane and the web UI on one port."""

from __future__ import annotations

from functools import partial

from starlette._utils import get_route_path
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from darkfactory.twins.kit import control, dashboard, vendor_schemas
from darkfactory.twins.kit.access import AdminGate
from darkfactory.twins.kit.front import TwinFront, direct
from darkfactory.twins.kit.operation import TWIN_KEY
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


def twin_api(twin: Twin) -> ASGIApp:
    """A twin's API: its routes, with the vendor's body schemas attached."""
    twin_routes = direct(twin.routes())
    vendor_schemas.attach(type(twin).__module__, twin_routes)
    return Router(routes=twin_routes)


class UniverseApp(Starlette):
    """Starlette's app, except that a call to a twin's API goes straight to the twin's front:
    past the admin gate, which lets it through, and past Starlette's exception middleware and
    the universe's router, whose work the front does for it. The control plane, the web UI and
    the twins' setup routes (``/<twin>/_...``) take Starlette's whole way, behind the gate."""

    def __init__(self, mounts: dict[str, Mount], **kwargs) -> None:
        super().__init__(**kwargs)
        self.mounts = mounts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        mount = self._api_mount(scope)
        if mount is None:
            await super().__call__(scope, receive, send)
            return
        # What Starlette, the router and the mount put in the scope on their way.
        scope["app"] = self
        scope.setdefault("router", self.router)
        scope["route"] = mount
        root_path = scope.get("root_path", "")
        scope["app_root_path"] = scope.get("app_root_path", root_path)
        scope["root_path"] = root_path + mount.path
        await mount.app(scope, receive, send)

    def _api_mount(self, scope: Scope) -> Mount | None:
        """The mount of the twin whose API ``scope`` calls, if it calls one."""
        if scope["type"] not in ("http", "websocket"):
            return None
        name, slash, rest = get_route_path(scope)[1:].partition("/")
        if not slash or rest.startswith("_"):
            return None
        return self.mounts.get(name)


def build_app(universe: Universe) -> Starlette:
    """One Starlette app serving ``universe``, behind its admin gate."""
    mounts = {
        name: Mount(f"/{name}", app=TwinFront(twin, universe, partial(twin_api, twin)))
        for name, twin in universe.twins.items()
    }
    routes = [
        Route("/", lambda request: RedirectResponse("/ui/"), methods=["GET"]),
        Mount("/_universe", routes=control.routes(universe)),
        Mount("/ui", routes=dashboard.routes(universe)),
        *mounts.values(),
    ]
    app = UniverseApp(mounts, middleware=[Middleware(AdminGate, universe=universe)])
    app.router = Router(routes=routes)  # a request reaches its twin's mount without trying others
    app.state.universe = universe
    return app
