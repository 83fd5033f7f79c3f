"""Charts, kept on their sheet and shown by ``spreadsheets.get``: addChart, updateChartSpec,
updateEmbeddedObjectPosition, deleteEmbeddedObject."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Sheet


def _chart(batch: Batch, chart_id) -> tuple[Sheet, dict]:
    for sheet in batch.book.sheets:
        for chart in sheet.extras.get("charts", []):
            if chart["chartId"] == chart_id:
                return sheet, chart
    raise RequestError(f"No embedded object with id: {chart_id}")


def _anchor_sheet(batch: Batch, position: dict) -> Sheet:
    if position.get("overlayPosition"):
        anchor = position["overlayPosition"].get("anchorCell") or {}
        return batch.sheet(anchor.get("sheetId", 0))
    if "sheetId" in position:
        return batch.sheet(position["sheetId"])
    raise RequestError("A chart position needs an overlayPosition or a sheetId.")


@request("addChart")
def add_chart(batch: Batch, body: dict) -> dict:
    chart = dict(body.get("chart") or {})
    if not chart.get("spec"):
        raise RequestError("A chart needs a spec.")
    sheet = _anchor_sheet(batch, chart.get("position") or {})
    chart["chartId"] = chart.get("chartId") or batch.new_id("chart")
    sheet.extras.setdefault("charts", []).append(chart)
    return {"chart": chart}


@request("updateChartSpec")
def update_chart_spec(batch: Batch, body: dict) -> None:
    _, chart = _chart(batch, body.get("chartId"))
    if not body.get("spec"):
        raise RequestError("A chart needs a spec.")
    chart["spec"] = body["spec"]


@request("updateEmbeddedObjectPosition")
def update_embedded_object_position(batch: Batch, body: dict) -> dict:
    sheet, chart = _chart(batch, body.get("objectId"))
    fields = ("overlayPosition", "sheetId", "newSheet")
    # a position is one of its kinds: the new one replaces the old
    position = masks.apply({}, body.get("newPosition") or {}, body.get("fields") or "*", fields)
    target = _anchor_sheet(batch, position)
    chart["position"] = position
    if target is not sheet:
        sheet.extras["charts"].remove(chart)
        target.extras.setdefault("charts", []).append(chart)
    return {"position": position}


@request("deleteEmbeddedObject")
def delete_embedded_object(batch: Batch, body: dict) -> None:
    sheet, chart = _chart(batch, body.get("objectId"))
    sheet.extras["charts"].remove(chart)
