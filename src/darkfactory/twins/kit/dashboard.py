"""The web UI root: the universe dashboard at ``/ui/``, shared assets, and each twin's pages."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import ChoiceLoader, FileSystemLoader
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from darkfactory.twins.kit.lazy import Lazy

if TYPE_CHECKING:
    from darkfactory.twins.kit.universe import Universe

UI = Path(__file__).parent / "ui"
TWINS_DIR = Path(__file__).parent.parent


def _templates() -> Jinja2Templates:
    folders = [UI / "templates", *sorted(TWINS_DIR.glob("*/ui/templates"))]
    templates = Jinja2Templates(directory=UI / "templates")
    templates.env.loader = ChoiceLoader([FileSystemLoader(str(f)) for f in folders])
    return templates


templates = _templates()


def page(request: Request, name: str, **context) -> Response:
    """Render a UI page; every page gets the universe for the shared header."""
    universe = request.app.state.universe
    return templates.TemplateResponse(request, name, {"universe": universe, **context})


def routes(universe: Universe) -> list[BaseRoute]:
    from darkfactory.twins.kit.app import TwinScope

    async def home(request: Request) -> Response:
        return page(request, "dashboard.html", faults=universe.faults.all())

    def ui(twin) -> TwinScope:
        return TwinScope(Router(routes=twin.ui_routes()), twin)

    twin_uis = [
        Mount(f"/{name}", app=Lazy(partial(ui, twin))) for name, twin in universe.twins.items()
    ]
    return [
        Route("/", home, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=UI / "static"), name="static"),
        *twin_uis,
    ]
