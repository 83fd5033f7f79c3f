"""Filter views and row/column groups, kept on their sheet and shown by ``spreadsheets.get``:
add/update/duplicate/deleteFilterView, add/update/deleteDimensionGroup."""

from __future__ import annotations

import copy

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Sheet

FILTER_FIELDS = ("title", "range", "namedRangeId", "sortSpecs", "criteria", "filterSpecs")


def _view(batch: Batch, view_id) -> tuple[Sheet, dict]:
    for sheet in batch.book.sheets:
        for view in sheet.extras.get("filterViews", []):
            if view["filterViewId"] == view_id:
                return sheet, view
    raise RequestError(f"No filter view with id: {view_id}")


@request("addFilterView")
def add_filter_view(batch: Batch, body: dict) -> dict:
    view = dict(body.get("filter") or {})
    grid = dict(view.get("range") or {"sheetId": 0})
    sheet, _ = batch.grid(grid)
    view |= {"range": {**grid, "sheetId": sheet.id}}
    view["filterViewId"] = view.get("filterViewId") or batch.new_id("filterView")
    sheet.extras.setdefault("filterViews", []).append(view)
    return {"filter": view}


@request("updateFilterView")
def update_filter_view(batch: Batch, body: dict) -> None:
    wanted = body.get("filter") or {}
    _, view = _view(batch, wanted.get("filterViewId"))
    view.update(masks.apply(view, wanted, body.get("fields") or "*", FILTER_FIELDS))


@request("duplicateFilterView")
def duplicate_filter_view(batch: Batch, body: dict) -> dict:
    sheet, view = _view(batch, body.get("filterId"))
    copied = copy.deepcopy(view)
    copied["filterViewId"] = batch.new_id("filterView")
    copied["title"] = f"Filter {len(sheet.extras['filterViews']) + 1}"
    sheet.extras["filterViews"].append(copied)
    return {"filter": copied}


@request("deleteFilterView")
def delete_filter_view(batch: Batch, body: dict) -> None:
    sheet, view = _view(batch, body.get("filterId"))
    sheet.extras["filterViews"].remove(view)


def _groups(batch: Batch, dimension_range: dict) -> tuple[list[dict], dict]:
    sheet = batch.sheet(dimension_range.get("sheetId", 0))
    if dimension_range.get("dimension") not in ("ROWS", "COLUMNS"):
        raise RequestError("dimension must be ROWS or COLUMNS.")
    if dimension_range.get("endIndex", 0) <= dimension_range.get("startIndex", 0):
        raise RequestError("The group's range is empty.")
    key = "rowGroups" if dimension_range["dimension"] == "ROWS" else "columnGroups"
    return sheet.extras.setdefault(key, []), {**dimension_range, "sheetId": sheet.id}


def _depth(groups: list[dict], grid: dict) -> int:
    """A group nests one level under every group that covers it."""
    return 1 + sum(
        1
        for g in groups
        if g["range"]["startIndex"] <= grid["startIndex"]
        and grid["endIndex"] <= g["range"]["endIndex"]
        and g["range"] != grid
    )


@request("addDimensionGroup")
def add_dimension_group(batch: Batch, body: dict) -> dict:
    groups, grid = _groups(batch, body.get("range") or {})
    if any(g["range"] == grid for g in groups):
        raise RequestError("A group with the same range already exists.")
    groups.append({"range": grid, "depth": 0, "collapsed": False})
    for group in groups:
        group["depth"] = _depth(groups, group["range"])
    return {"dimensionGroups": groups}


@request("updateDimensionGroup")
def update_dimension_group(batch: Batch, body: dict) -> None:
    wanted = body.get("dimensionGroup") or {}
    groups, grid = _groups(batch, wanted.get("range") or {})
    for group in groups:
        if group["range"] == grid:
            group.update(masks.apply(group, wanted, body.get("fields") or "*", ("collapsed",)))
            return
    raise RequestError("No group with that range.")


@request("deleteDimensionGroup")
def delete_dimension_group(batch: Batch, body: dict) -> dict:
    groups, grid = _groups(batch, body.get("range") or {})
    kept = [g for g in groups if g["range"] != grid]
    if len(kept) == len(groups):
        raise RequestError("No group with that range.")
    groups[:] = kept
    for group in groups:
        group["depth"] = _depth(groups, group["range"])
    return {"dimensionGroups": groups}
