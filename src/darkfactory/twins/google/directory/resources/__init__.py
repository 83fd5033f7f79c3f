"""The customer's calendar resources, buildings and features (``directory.resources.*``)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.directory.resources import buildings, calendars, documents, features

SCHEMA = documents.SCHEMA


def routes() -> list[BaseRoute]:
    return [*buildings.routes(), *features.routes(), *calendars.routes()]
