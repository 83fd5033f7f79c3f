"""Slicers, embedded objects kept on their sheet and shown by ``spreadsheets.get``: addSlicer,
updateSlicerSpec (moved and deleted as any embedded object, in ``charts``).

A slicer filters one column of its data range: the range must lie on a grid and the column
within it."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.requests.charts import anchor_sheet, embedded, taken

SPEC_FIELDS = (
    "dataRange",
    "filterCriteria",
    "columnIndex",
    "applyToPivotTables",
    "title",
    "textFormat",
    "backgroundColor",
    "backgroundColorStyle",
    "horizontalAlignment",
)


def _check(batch: Batch, spec: dict) -> dict:
    """``spec`` with its data range bounded on its sheet, once its column lies inside it."""
    if not spec.get("dataRange"):
        raise RequestError("A slicer needs a dataRange.")
    sheet, span = batch.grid(spec["dataRange"])
    width = span.end_col - span.start_col
    column = spec.get("columnIndex", 0)
    if not isinstance(column, int) or not 0 <= column < width:
        raise RequestError(f"columnIndex {column} is outside the slicer's data range.")
    return {**spec, "dataRange": span.grid_range(sheet.id)}


@request("addSlicer")
def add_slicer(batch: Batch, body: dict) -> dict:
    slicer = dict(body.get("slicer") or {})
    slicer["spec"] = _check(batch, slicer.get("spec") or {})
    sheet = anchor_sheet(batch, slicer.get("position") or {})
    if slicer.get("slicerId") and taken(batch, slicer["slicerId"]):
        raise RequestError(f"An embedded object with id {slicer['slicerId']} already exists.")
    slicer["slicerId"] = slicer.get("slicerId") or batch.new_id("slicer")
    sheet.extras.setdefault("slicers", []).append(slicer)
    return {"slicer": slicer}


@request("updateSlicerSpec")
def update_slicer_spec(batch: Batch, body: dict) -> None:
    _, _, slicer = embedded(batch, body.get("slicerId"), ("slicers",))
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    spec = masks.apply(slicer["spec"], body.get("spec") or {}, body["fields"], SPEC_FIELDS)
    slicer["spec"] = _check(batch, spec)
