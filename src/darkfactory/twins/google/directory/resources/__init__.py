"""The customer's calendar resources, buildings and features (``directory.resources.*``)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.directory.resources import buildings, calendars, features


def routes() -> list[BaseRoute]:
    return [*buildings.routes(), *features.routes(), *calendars.routes()]
