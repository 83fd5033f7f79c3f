"""Sheet-level requests: addSheet, deleteSheet, updateSheetProperties, duplicateSheet and
updateSpreadsheetProperties."""

from __future__ import annotations

import copy

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.references import drop_sheet, rename_sheet
from darkfactory.twins.google.sheets.requests import Batch, RequestError, charts, request, tables
from darkfactory.twins.google.sheets.workbook import Sheet, Workbook, new_sheet_properties

SHEET_FIELDS = (
    "title",
    "index",
    "gridProperties",
    "hidden",
    "tabColor",
    "tabColorStyle",
    "rightToLeft",
)


def _check_title(batch: Batch, title: str, sheet: Sheet | None = None) -> None:
    if not title or not title.strip():
        raise RequestError("Sheet name cannot be empty.")
    other = batch.book.sheet_by_title(title)
    if other is not None and other is not sheet:
        raise RequestError(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )


def _free_title(batch: Batch, stem: str, start: int) -> str:
    number = start
    while batch.book.sheet_by_title(f"{stem}{number}"):
        number += 1
    return f"{stem}{number}"


def _sheet_id(batch: Batch, wanted: int | None) -> int:
    if wanted is None:
        return batch.new_id("sheet")
    if batch.book.sheet_by_id(wanted) is not None:
        raise RequestError(f"A sheet with id {wanted} already exists.")
    return wanted


def _place(batch: Batch, sheet: Sheet, index: int | None) -> None:
    sheets = batch.book.sheets
    if sheet in sheets:
        sheets.remove(sheet)
    position = len(sheets) if index is None else max(0, min(int(index), len(sheets)))
    sheets.insert(position, sheet)
    for number, each in enumerate(sheets):
        each.properties["index"] = number


@request("addSheet")
def add_sheet(batch: Batch, body: dict) -> dict:
    wanted = dict(body.get("properties") or {})
    title = wanted.get("title") or _free_title(batch, "Sheet", len(batch.book.sheets) + 1)
    _check_title(batch, title)
    properties = new_sheet_properties(
        _sheet_id(batch, wanted.get("sheetId")), title, 0, wanted.get("gridProperties")
    )
    for key in ("hidden", "tabColor", "tabColorStyle", "rightToLeft"):
        if key in wanted:
            properties[key] = wanted[key]
    sheet = Sheet(properties)
    _place(batch, sheet, wanted.get("index"))
    return {"properties": sheet.properties}


@request("deleteSheet")
def delete_sheet(batch: Batch, body: dict) -> None:
    sheet = batch.sheet(body.get("sheetId"))
    if len(batch.book.sheets) == 1:
        raise RequestError("You can't remove all the sheets in a document.")
    batch.book.sheets.remove(sheet)
    drop_sheet(batch.book, sheet.title)
    batch.book.named_ranges = [
        n for n in batch.book.named_ranges if n["range"].get("sheetId", 0) != sheet.id
    ]
    _place(batch, batch.book.sheets[0], 0)


@request("updateSheetProperties")
def update_sheet_properties(batch: Batch, body: dict) -> None:
    wanted = body.get("properties") or {}
    sheet = batch.sheet(wanted.get("sheetId"))
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    updated = masks.apply(sheet.properties, wanted, body["fields"], SHEET_FIELDS)
    _check_title(batch, updated.get("title", ""), sheet)
    others = [s for s in batch.book.sheets if s is not sheet and not s.properties.get("hidden")]
    if updated.get("hidden") and not others:
        raise RequestError("You can't hide all the sheets in a document.")
    grid = {**sheet.properties["gridProperties"], **(updated.get("gridProperties") or {})}
    if grid["rowCount"] < 1 or grid["columnCount"] < 1:
        raise RequestError("The grid must have at least one row and one column.")
    updated["gridProperties"] = grid
    index = updated.pop("index", None)
    if updated["title"] != sheet.title:
        rename_sheet(batch.book, sheet.title, updated["title"])
    sheet.properties = {**updated, "index": sheet.properties["index"]}
    sheet.truncate()
    if index is not None and index != sheet.properties["index"]:
        _place(batch, sheet, index)


@request("duplicateSheet")
def duplicate_sheet(batch: Batch, body: dict) -> dict:
    source = batch.sheet(body.get("sourceSheetId"))
    title = body.get("newSheetName") or copy_title(batch.book, source.title)
    _check_title(batch, title)
    properties = copy.deepcopy(source.properties)
    properties |= {"sheetId": _sheet_id(batch, body.get("newSheetId")), "title": title}
    sheet = Sheet(properties, source.copied_extras(), copy.deepcopy(source.cells))
    _place(batch, sheet, body.get("insertSheetIndex"))
    tables.renew(batch, sheet)
    charts.renew(batch, sheet)
    return {"properties": sheet.properties}


def copy_title(book: Workbook, title: str) -> str:
    """``Copy of <title>``, numbered when taken: the title Sheets gives a copied sheet."""
    candidate, number = f"Copy of {title}", 2
    while book.sheet_by_title(candidate):
        candidate, number = f"Copy of {title} {number}", number + 1
    return candidate


@request("updateSpreadsheetProperties")
def update_spreadsheet_properties(batch: Batch, body: dict) -> None:
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    everything = ("title", "locale", "autoRecalc", "timeZone", "defaultFormat")
    batch.book.properties = masks.apply(
        batch.book.properties, body.get("properties") or {}, body["fields"], everything
    )
