"""A spreadsheet as a Drive file: opening it for a caller (Drive roles enforced), creating and
saving it, with Sheets' own 404/403 answers."""

from __future__ import annotations

import copy
import datetime as dt

from darkfactory.twins.google.auth import require
from darkfactory.twins.google.drive.formats import SPREADSHEET
from darkfactory.twins.google.editors import open_file
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.google.principal import Principal
from darkfactory.twins.google.sheets.numbers import to_serial
from darkfactory.twins.google.sheets.workbook import (
    OVER_LIMIT,
    Sheet,
    Workbook,
    new_sheet_properties,
)
from darkfactory.twins.kit.operation import Call

DEFAULT_PROPERTIES = {
    "title": "Untitled spreadsheet",
    "locale": "en_US",
    "autoRecalc": "ON_CHANGE",
    "timeZone": "Etc/GMT",
}


def open_book(call: Call, role: str = "reader") -> tuple[Workbook, Principal]:
    """The spreadsheet named in the path, if the caller holds ``role`` on its Drive file."""
    principal = require(call)
    spreadsheet_id = call.path_params["spreadsheetId"]
    return open_as(call, principal, spreadsheet_id, role), principal


def open_as(call: Call, principal: Principal, spreadsheet_id: str, role: str) -> Workbook:
    found = open_file(call, principal, spreadsheet_id, role, SPREADSHEET)
    book = Workbook.load(call.universe.store, spreadsheet_id)
    if book is None:  # a spreadsheet made through Drive's files.create: one empty sheet
        book = blank(spreadsheet_id, {"title": found["name"]})
    book.now = serial_now(call)
    return book


def blank(spreadsheet_id: str, properties: dict, sheets: list[dict] | None = None) -> Workbook:
    book = Workbook(spreadsheet_id, {**copy.deepcopy(DEFAULT_PROPERTIES), **properties}, [])
    for index, wanted in enumerate(sheets or [{}]):
        props = wanted.get("properties") or {}
        sheet = Sheet(
            new_sheet_properties(
                props.get("sheetId", 0 if index == 0 else index),
                props.get("title") or f"Sheet{index + 1}",
                index,
                props.get("gridProperties"),
            )
        )
        book.sheets.append(sheet)
    return book


def save(call: Call, book: Workbook, principal: Principal) -> None:
    """Recalculate and store the spreadsheet; Drive sees a new version (and the title as name)."""
    if book.over_limit():
        raise GoogleError(400, "badRequest", OVER_LIMIT)
    _guard_protected(call, book, principal)
    book.save(call.universe.store)
    call.twin.drive.touch(book.id, principal, name=book.properties["title"])


PROTECTED = (
    "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to"
    " remove protection if you need to edit."
)


def _guard_protected(call: Call, book: Workbook, principal: Principal) -> None:
    """Refuse a change to a protected range by anyone but the owner and the range's editors."""
    if (call.twin.drive.owner(book.id) or "").lower() == principal.email.lower():
        return
    guarded = [
        (sheet, item["range"])
        for sheet in book.sheets
        for item in sheet.extras.get("protectedRanges", [])
        if not item.get("warningOnly")
        and principal.email.lower()
        not in [u.lower() for u in item.get("editors", {}).get("users", [])]
    ]
    if not guarded:
        return
    before = Workbook.load(call.universe.store, book.id)
    for sheet, grid in guarded:
        old = before.sheet_by_id(sheet.id) if before else None
        old_cells = old.cells if old else {}
        for key in set(sheet.cells) | set(old_cells):
            now, then = sheet.cells.get(key), old_cells.get(key)
            same = (now.to_row() if now else None) == (then.to_row() if then else None)
            if not same and _inside(key, grid):
                raise GoogleError(400, "badRequest", PROTECTED)


def _inside(key: tuple[int, int], grid: dict) -> bool:
    row, col = key
    return grid.get("startRowIndex", 0) <= row < grid.get("endRowIndex", row + 1) and grid.get(
        "startColumnIndex", 0
    ) <= col < grid.get("endColumnIndex", col + 1)


def serial_now(call: Call) -> float:
    moment = dt.datetime.fromtimestamp(call.universe.clock.now(), dt.UTC).replace(tzinfo=None)
    return to_serial(moment)


def spreadsheet_url(call: Call, spreadsheet_id: str) -> str:
    return f"{call.universe.url}/ui/google/spreadsheets/{spreadsheet_id}"


def copy_book(store, source_id: str, target_id: str) -> None:
    """Duplicate a spreadsheet's rows under a new id (Drive's ``files.copy``)."""
    book = Workbook.load(store, source_id)
    if book is None:
        return
    book.id = target_id
    name = store.scalar("SELECT name FROM google_drive_files WHERE id = ?", (target_id,))
    book.properties = {**book.properties, "title": name or book.properties["title"]}
    book.save(store)
