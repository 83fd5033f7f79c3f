"""Protected ranges and the basic filter: addProtectedRange, updateProtectedRange,
deleteProtectedRange, setBasicFilter, clearBasicFilter. They are kept on the sheet and shown by
``spreadsheets.get``; a basic filter's range is kept with explicit bounds, as Google keeps it."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.a1 import Span
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request

PROTECTED_FIELDS = ("range", "description", "warningOnly", "requestingUserCanEdit", "editors")


def _protected(batch: Batch, protected_range_id: int) -> tuple[dict, list[dict]]:
    for sheet in batch.book.sheets:
        found = sheet.extras.get("protectedRanges", [])
        for item in found:
            if item["protectedRangeId"] == protected_range_id:
                return item, found
    raise RequestError(f"No protected range with id: {protected_range_id}")


@request("addProtectedRange")
def add_protected_range(batch: Batch, body: dict) -> dict:
    wanted = dict(body.get("protectedRange") or {})
    grid = dict(wanted.get("range") or {"sheetId": 0})
    sheet, _ = batch.grid(grid)
    grid.setdefault("sheetId", sheet.id)
    protected = {
        **wanted,
        "protectedRangeId": wanted.get("protectedRangeId") or batch.new_id("protectedRange"),
        "range": grid,
        "requestingUserCanEdit": True,
    }
    sheet.extras.setdefault("protectedRanges", []).append(protected)
    return {"protectedRange": protected}


@request("updateProtectedRange")
def update_protected_range(batch: Batch, body: dict) -> None:
    wanted = body.get("protectedRange") or {}
    protected, _ = _protected(batch, wanted.get("protectedRangeId"))
    protected.update(masks.apply(protected, wanted, body.get("fields"), PROTECTED_FIELDS))


@request("deleteProtectedRange")
def delete_protected_range(batch: Batch, body: dict) -> None:
    protected, holder = _protected(batch, body.get("protectedRangeId"))
    holder.remove(protected)


@request("setBasicFilter")
def set_basic_filter(batch: Batch, body: dict) -> None:
    wanted = dict(body.get("filter") or {})
    grid = dict(wanted.get("range") or {"sheetId": 0})
    sheet, _ = batch.grid(grid)
    span = Span.of_grid_range(grid).bounded(sheet.rows, sheet.columns)
    sheet.extras["basicFilter"] = {**wanted, "range": span.grid_range(sheet.id)}


@request("clearBasicFilter")
def clear_basic_filter(batch: Batch, body: dict) -> None:
    batch.sheet(body.get("sheetId", 0)).extras.pop("basicFilter", None)
