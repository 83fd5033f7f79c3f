"""Sheets v4 in the Google twin: spreadsheets, their values and batchUpdate requests, at
``/google/v4/spreadsheets/...``; a spreadsheet is a Drive file of the spreadsheet mimeType."""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.drive import native
from darkfactory.twins.google.drive.formats import SPREADSHEET
from darkfactory.twins.google.sheets import fixtures, imports, requests, spreadsheets, ui, values
from darkfactory.twins.google.sheets.books import copy_book
from darkfactory.twins.google.sheets.content import table
from darkfactory.twins.google.sheets.schema import SCHEMA

requests.load_all()
BATCH_UPDATE_REQUESTS = sorted(requests.REQUESTS)

__all__ = ["BATCH_UPDATE_REQUESTS", "SCHEMA", "routes", "seed", "ui_routes"]

native.register(
    native.NativeType(
        mime_type=SPREADSHEET,
        content=lambda universe, file_id: table(universe.store, file_id),
        copy=lambda universe, source, target: copy_book(universe.store, source, target),
        load=imports.load,
    )
)

seed = fixtures.seed


def routes() -> list[BaseRoute]:
    return values.routes() + spreadsheets.routes()


def ui_routes(twin) -> list[BaseRoute]:
    return ui.routes(twin)
