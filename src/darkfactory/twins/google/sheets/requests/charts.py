"""Charts and the requests on any embedded object (a chart or a slicer), kept on their sheet and
shown by ``spreadsheets.get``: addChart, updateChartSpec, updateEmbeddedObjectPosition,
updateEmbeddedObjectBorder, deleteEmbeddedObject."""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.workbook import Sheet

EMBEDDED = {"charts": "chartId", "slicers": "slicerId"}
BORDER = ("color", "colorStyle")


def embedded(batch: Batch, object_id, kinds=tuple(EMBEDDED)) -> tuple[Sheet, str, dict]:
    """The sheet, kind (``charts`` or ``slicers``) and object with ``object_id``."""
    for sheet in batch.book.sheets:
        for kind in kinds:
            for item in sheet.extras.get(kind, []):
                if item[EMBEDDED[kind]] == object_id:
                    return sheet, kind, item
    raise RequestError(f"No embedded object with id: {object_id}")


def taken(batch: Batch, object_id) -> bool:
    """Whether an embedded object already has ``object_id`` (charts and slicers share ids)."""
    try:
        embedded(batch, object_id)
    except RequestError:
        return False
    return True


def renew(batch: Batch, sheet: Sheet) -> None:
    """Give the charts and slicers of a freshly copied ``sheet`` their own ids."""
    for kind, key in EMBEDDED.items():
        for item in sheet.extras.get(kind, []):
            item[key] = batch.new_id(key.removesuffix("Id"))


def anchor_sheet(batch: Batch, position: dict) -> Sheet:
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
    sheet = anchor_sheet(batch, chart.get("position") or {})
    if chart.get("chartId") and taken(batch, chart["chartId"]):
        raise RequestError(f"An embedded object with id {chart['chartId']} already exists.")
    chart["chartId"] = chart.get("chartId") or batch.new_id("chart")
    sheet.extras.setdefault("charts", []).append(chart)
    return {"chart": chart}


@request("updateChartSpec")
def update_chart_spec(batch: Batch, body: dict) -> None:
    _, _, chart = embedded(batch, body.get("chartId"), ("charts",))
    if not body.get("spec"):
        raise RequestError("A chart needs a spec.")
    chart["spec"] = body["spec"]


@request("updateEmbeddedObjectPosition")
def update_embedded_object_position(batch: Batch, body: dict) -> dict:
    sheet, kind, item = embedded(batch, body.get("objectId"))
    fields = ("overlayPosition", "sheetId", "newSheet")
    # a position is one of its kinds: the new one replaces the old
    position = masks.apply({}, body.get("newPosition") or {}, body.get("fields") or "*", fields)
    target = anchor_sheet(batch, position)
    item["position"] = position
    if target is not sheet:
        sheet.extras[kind].remove(item)
        target.extras.setdefault(kind, []).append(item)
    return {"position": position}


@request("updateEmbeddedObjectBorder")
def update_embedded_object_border(batch: Batch, body: dict) -> None:
    """Only a chart has a border; a colour and its style mirror are set together."""
    _, kind, item = embedded(batch, body.get("objectId"))
    if kind != "charts":
        raise RequestError("Only a chart has a border.")
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    border = masks.apply(item.get("border") or {}, body.get("border") or {}, body["fields"], BORDER)
    changed = {path[0] for path in masks.paths(body["fields"], BORDER)}
    if "colorStyle" in changed:
        border.pop("color", None)
        if "rgbColor" in border.get("colorStyle", {}):
            border["color"] = border["colorStyle"]["rgbColor"]
    elif "color" in changed:
        border.pop("colorStyle", None)
        if "color" in border:
            border["colorStyle"] = {"rgbColor": border["color"]}
    item["border"] = border


@request("deleteEmbeddedObject")
def delete_embedded_object(batch: Batch, body: dict) -> None:
    sheet, kind, item = embedded(batch, body.get("objectId"))
    sheet.extras[kind].remove(item)
