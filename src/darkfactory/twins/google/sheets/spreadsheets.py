"""``spreadsheets.create``, ``spreadsheets.get`` (``ranges``, ``includeGridData``),
``spreadsheets.getByDataFilter`` and ``spreadsheets.batchUpdate``."""

from __future__ import annotations

import copy
import re

from starlette.routing import Route

from darkfactory.twins.google import editors
from darkfactory.twins.google.api import body, flag
from darkfactory.twins.google.auth import own_drive, require
from darkfactory.twins.google.drive.formats import SPREADSHEET
from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.fields import partial
from darkfactory.twins.google.masks import dotted
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.sheets import comments, metadata, proto3, requests
from darkfactory.twins.google.sheets.books import (
    blank,
    open_as,
    open_book,
    save,
    spreadsheet_url,
)
from darkfactory.twins.google.sheets.grid import choice, filter_range, invalid, resolve
from darkfactory.twins.google.sheets.requests import Batch, RequestError
from darkfactory.twins.google.sheets.requests.cells import write_cell
from darkfactory.twins.google.sheets.requests.sheet_properties import copy_title
from darkfactory.twins.google.sheets.resources import spreadsheet_json
from darkfactory.twins.google.sheets.workbook import Sheet, Workbook
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

CREATE_FIELDS = "userEnteredValue,userEnteredFormat,note,dataValidation"
COMMENT_VIEWS = (
    "COMMENTS_VIEW_MODE_UNSPECIFIED",
    "COMMENTS_VIEW_MODE_DEFAULT_FOR_CURRENT_ACCESS",
    "COMMENTS_VIEW_MODE_OMITTED",
    "COMMENTS_VIEW_MODE_INCLUDED",
)


def answer(
    call: Call,
    book: Workbook,
    ranges: list[str],
    with_data: bool,
    comments_for: tuple[Principal, str | None] | None = None,
) -> dict:
    """The ``Spreadsheet`` as ``call`` asked for it; ``comments_for`` is the caller and the
    ``commentsViewMode`` it asked for."""
    spans = None
    if ranges:
        spans = {}
        for text in ranges:
            sheet, span = resolve(book, text)
            spans.setdefault(sheet.id, []).append(span.bounded(sheet.rows, sheet.columns))
    threads = None
    if comments_for and _shows_comments(call, book, *comments_for):
        threads = comments.threads(call, book, comments_for[0], spans)
    value = spreadsheet_json(book, spreadsheet_url(call, book.id), spans, with_data, threads)
    return partial(value, dotted(call.query.get("fields")), "sheets", "v4", "Spreadsheet")


def _shows_comments(call: Call, book: Workbook, principal: Principal, view: str | None) -> bool:
    """Whether the answer carries comments: asked for, and the caller may comment (asking for
    them outright without that right is refused)."""
    view = choice(view, COMMENT_VIEWS, "commentsViewMode", "COMMENTS_VIEW_MODE_UNSPECIFIED")
    if view not in ("COMMENTS_VIEW_MODE_INCLUDED", "COMMENTS_VIEW_MODE_DEFAULT_FOR_CURRENT_ACCESS"):
        return False
    may = at_least(call.twin.drive.role_of(principal, book.id), "commenter")
    if not may and view == "COMMENTS_VIEW_MODE_INCLUDED":
        raise editors.denied()
    return may


@operation("sheets.spreadsheets.create")
def create(call: Call) -> dict:
    principal = require(call)
    wanted = body(call, "Spreadsheet")
    properties = dict(wanted.get("properties") or {})
    sheets = wanted.get("sheets") or None
    titles = [((s.get("properties") or {}).get("title") or "").lower() for s in sheets or []]
    if len([t for t in titles if t]) != len({t for t in titles if t}):
        raise invalid("Invalid sheets: duplicate sheet titles.")
    properties.setdefault("title", "Untitled spreadsheet")
    file = call.twin.drive.create_file(principal, properties["title"], SPREADSHEET)
    book = blank(file["id"], properties, sheets)
    for sheet, given in zip(book.sheets, sheets or [], strict=False):
        _fill(sheet, given)
    save(call, book, principal)
    book = open_as(call, principal, file["id"], "reader")
    return answer(call, book, [], False)


def _fill(sheet: Sheet, given: dict) -> None:
    """The grid data and merges a ``spreadsheets.create`` body gives a sheet."""
    for grid in given.get("data") or []:
        top, left = grid.get("startRow", 0), grid.get("startColumn", 0)
        for r, row in enumerate(grid.get("rowData") or []):
            for c, data in enumerate(row.get("values") or []):
                if top + r >= sheet.rows or left + c >= sheet.columns:
                    raise invalid("Invalid sheets: grid data does not fit in the sheet.")
                try:
                    write_cell(sheet, top + r, left + c, data, CREATE_FIELDS)
                except RequestError as error:
                    raise invalid(f"Invalid sheets[].data: {error}") from None
    sheet.extras["merges"] = list(given.get("merges") or [])


@operation("sheets.spreadsheets.get", reads=True, prepare=own_drive)
def get(call: Call) -> dict:
    book, principal = open_book(call)
    with_data = flag(call, "includeGridData") or _asks_for_data(call.query.get("fields"))
    view = (principal, call.query.get("commentsViewMode"))
    return answer(call, book, call.query.getlist("ranges"), with_data, view)


@operation("sheets.spreadsheets.getByDataFilter", reads=True, prepare=own_drive)
def get_by_data_filter(call: Call) -> dict:
    book, principal = open_book(call)
    wanted = body(call, "GetSpreadsheetByDataFilterRequest")
    ranges = [filter_range(book, f) for f in wanted.get("dataFilters") or []]
    with_data = bool(wanted.get("includeGridData")) or _asks_for_data(call.query.get("fields"))
    return answer(call, book, ranges, with_data, (principal, wanted.get("commentsViewMode")))


def _asks_for_data(fields: str | None) -> bool:
    """A field mask naming the grid data: Google then ignores ``includeGridData`` and sends it."""
    return bool(fields) and re.search(r"\bdata\b|\*", fields) is not None


def new_id(call: Call, kind: str) -> int:
    """A deterministic sheet (or named range) id: a positive 31-bit number, as Google's are."""
    ids = call.universe.ids
    number = ids.sequence(f"google.sheets.{kind}")
    return int(ids.derive(f"sheets.{kind}:{number}", 10, "0123456789")) % 2_000_000_000 + 1


@operation("sheets.spreadsheets.batchUpdate")
def batch_update(call: Call) -> dict:
    book, principal = open_book(call, "writer")
    wanted = body(call, "BatchUpdateSpreadsheetRequest")
    batch = Batch(book, lambda kind: new_id(call, kind), call, principal)
    replies = requests.apply(batch, wanted.get("requests"))
    save(call, book, principal)
    out = {"spreadsheetId": book.id, "replies": [proto3.render(r, "Response") for r in replies]}
    if wanted.get("includeSpreadsheetInResponse"):
        ranges = wanted.get("responseRanges") or []
        with_data = bool(wanted.get("responseIncludeGridData"))
        fresh = open_as(call, principal, book.id, "reader")
        out["updatedSpreadsheet"] = answer(call, fresh, ranges, with_data)
    return out


@operation("sheets.spreadsheets.sheets.copyTo")
def copy_to(call: Call) -> dict:
    """Copy one sheet into another spreadsheet the caller can edit, as ``Copy of <title>``."""
    book, principal = open_book(call)
    sheet = book.sheet_by_id(int(call.path_params["sheetId"]))
    if sheet is None:
        raise editors.not_found()
    target_id = body(call, "CopySheetToAnotherSpreadsheetRequest").get("destinationSpreadsheetId")
    if not target_id:
        raise invalid("Invalid destinationSpreadsheetId: it must be set.")
    target = open_as(call, principal, target_id, "writer")
    batch = Batch(target, lambda kind: new_id(call, kind))
    reply = requests.apply(
        batch, [{"addSheet": {"properties": {"title": copy_title(target, sheet.title)}}}]
    )
    copied = target.sheet_by_id(reply[0]["addSheet"]["properties"]["sheetId"])
    copied.cells = copy.deepcopy(sheet.cells)
    copied.extras = sheet.copied_extras()
    copied.resize(sheet.rows, sheet.columns)
    save(call, target, principal)
    return copied.properties


@operation("sheets.spreadsheets.developerMetadata.get")
def get_developer_metadata(call: Call) -> dict:
    book, _ = open_book(call)
    found = metadata.by_id(book, call.path_params["metadataId"])
    if found is None:
        raise GoogleError(
            404, "notFound", f"No developer metadata with ID: {call.path_params['metadataId']}"
        )
    return found


@operation("sheets.spreadsheets.developerMetadata.search")
def search_developer_metadata(call: Call) -> dict:
    book, _ = open_book(call)
    matched = []
    for data_filter in body(call, "SearchDeveloperMetadataRequest").get("dataFilters") or []:
        lookup = data_filter.get("developerMetadataLookup")
        if lookup is None:
            raise invalid("Only developerMetadataLookup data filters are supported.")
        matched += [
            {"developerMetadata": found, "dataFilters": [data_filter]}
            for found in metadata.find(book, lookup)
        ]
    return {"matchedDeveloperMetadata": matched} if matched else {}


def routes() -> list[Route]:
    base = "/v4/spreadsheets"
    return [
        Route(base, create, methods=["POST"]),
        Route(base + "/{spreadsheetId}:batchUpdate", batch_update, methods=["POST"]),
        Route(base + "/{spreadsheetId}:getByDataFilter", get_by_data_filter, methods=["POST"]),
        Route(base + "/{spreadsheetId}", get, methods=["GET"]),
        Route(base + "/{spreadsheetId}/sheets/{sheetId:int}:copyTo", copy_to, methods=["POST"]),
        Route(
            base + "/{spreadsheetId}/developerMetadata:search",
            search_developer_metadata,
            methods=["POST"],
        ),
        Route(
            base + "/{spreadsheetId}/developerMetadata/{metadataId:int}",
            get_developer_metadata,
            methods=["GET"],
        ),
    ]
