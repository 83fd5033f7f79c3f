"""Connected Sheets data sources: addDataSource, updateDataSource, deleteDataSource,
refreshDataSource, cancelDataSourceRefresh.

A data source is kept on the ``DATA_SOURCE`` sheet made with it (and goes with it); a BigQuery
source needs the ``bigquery.readonly`` scope as well. The universe holds no BigQuery dataset nor
Looker instance, so each execution ends at once as Sheets ends one whose database it cannot find
(``FAILED``, ``DATA_NOT_FOUND``); a later refresh of an object in that state fails at once unless
``force`` is set, and there is never a running execution to cancel.
"""

from __future__ import annotations

from darkfactory.twins.google import masks
from darkfactory.twins.google.auth import scope_url
from darkfactory.twins.google.errors import insufficient_scopes
from darkfactory.twins.google.sheets.requests import Batch, RequestError, request
from darkfactory.twins.google.sheets.requests.sheet_properties import add_sheet, delete_sheet
from darkfactory.twins.google.sheets.workbook import Sheet
from darkfactory.twins.google.times import timestamp

BIGQUERY_SCOPES = {scope_url(s) for s in ("bigquery.readonly", "bigquery", "cloud-platform")}
SOURCE_FIELDS = ("spec", "calculatedColumns")
NOT_FOUND = "The database referenced by the data source was not found."


def _sources(batch: Batch):
    for sheet in batch.book.sheets:
        if "dataSource" in sheet.extras:
            yield sheet, sheet.extras["dataSource"]


def _find(batch: Batch, data_source_id) -> tuple[Sheet, dict]:
    for sheet, source in _sources(batch):
        if source["dataSourceId"] == data_source_id:
            return sheet, source
    raise RequestError(f"No data source with id: {data_source_id}")


def _check_spec(batch: Batch, spec: dict) -> str:
    """The title a source of ``spec`` gives its sheet, once the spec is whole."""
    kinds = [k for k in ("bigQuery", "looker") if spec.get(k)]
    if len(kinds) != 1:
        raise RequestError("A data source spec must set exactly one of bigQuery or looker.")
    if kinds == ["looker"]:
        looker = spec["looker"]
        for field in ("instanceUri", "model", "explore"):
            if not looker.get(field):
                raise RequestError(f"A Looker data source needs {field}.")
        return looker["explore"]
    held = {scope_url(s) for s in batch.principal.scopes}
    if not held & BIGQUERY_SCOPES:
        raise insufficient_scopes()
    bigquery = spec["bigQuery"]
    if not bigquery.get("projectId"):
        raise RequestError("A BigQuery data source needs a projectId.")
    query, table = bigquery.get("querySpec"), bigquery.get("tableSpec")
    if bool(query) == bool(table):
        raise RequestError("A BigQuery data source sets exactly one of querySpec or tableSpec.")
    if query:
        if not (query.get("rawQuery") or "").strip():
            raise RequestError("A BigQuery query needs a rawQuery.")
        return "Query"
    for field in ("datasetId", "tableId"):
        if not table.get(field):
            raise RequestError(f"A BigQuery table needs {field}.")
    return table["tableId"]


def _execute(batch: Batch, sheet: Sheet) -> dict:
    """Run the source's execution for its sheet; the status it ends in."""
    status = {
        "state": "FAILED",
        "errorCode": "DATA_NOT_FOUND",
        "errorMessage": NOT_FOUND,
        "lastRefreshTime": timestamp(batch.call.twin.drive.now()),
    }
    sheet.properties["dataSourceSheetProperties"]["dataExecutionStatus"] = status
    return status


def _free_title(batch: Batch, stem: str) -> str:
    title, number = stem, 1
    while batch.book.sheet_by_title(title):
        number += 1
        title = f"{stem} {number}"
    return title


@request("addDataSource")
def add_data_source(batch: Batch, body: dict) -> dict:
    source = dict(body.get("dataSource") or {})
    stem = _check_spec(batch, source.get("spec") or {})
    if source.get("dataSourceId"):
        if any(s["dataSourceId"] == source["dataSourceId"] for _, s in _sources(batch)):
            raise RequestError(f"A data source with id {source['dataSourceId']} already exists.")
    else:
        source["dataSourceId"] = str(batch.new_id("dataSource"))
    wanted = {"title": _free_title(batch, stem)}
    if source.get("sheetId") is not None:
        wanted["sheetId"] = source["sheetId"]
    made = add_sheet(batch, {"properties": wanted})["properties"]
    sheet = batch.sheet(made["sheetId"])
    sheet.properties["sheetType"] = "DATA_SOURCE"
    sheet.properties["dataSourceSheetProperties"] = {"dataSourceId": source["dataSourceId"]}
    source["sheetId"] = sheet.id
    sheet.extras["dataSource"] = source
    return {"dataSource": source, "dataExecutionStatus": _execute(batch, sheet)}


@request("updateDataSource")
def update_data_source(batch: Batch, body: dict) -> dict:
    wanted = body.get("dataSource") or {}
    sheet, source = _find(batch, wanted.get("dataSourceId"))
    if not body.get("fields"):
        raise RequestError("At least one field must be updated, but 'fields' is empty.")
    updated = masks.apply(source, wanted, body["fields"], SOURCE_FIELDS)
    _check_spec(batch, updated.get("spec") or {})
    sheet.extras["dataSource"] = updated
    return {"dataSource": updated, "dataExecutionStatus": _execute(batch, sheet)}


@request("deleteDataSource")
def delete_data_source(batch: Batch, body: dict) -> None:
    sheet, _ = _find(batch, body.get("dataSourceId"))
    delete_sheet(batch, {"sheetId": sheet.id})


def _targets(batch: Batch, body: dict) -> list[tuple[dict, Sheet | None]]:
    """The data source objects a refresh or cancel names, each with its sheet (None: none)."""
    given = [k for k in ("references", "dataSourceId", "isAll") if body.get(k)]
    if len(given) != 1:
        raise RequestError("Exactly one of references, dataSourceId or isAll must be set.")
    if body.get("isAll"):
        return [({"sheetId": str(sheet.id)}, sheet) for sheet, _ in _sources(batch)]
    if body.get("dataSourceId"):
        sheet, _ = _find(batch, body["dataSourceId"])
        return [({"sheetId": str(sheet.id)}, sheet)]
    out = []
    for reference in body["references"].get("references") or []:
        found = None
        if set(reference) == {"sheetId"}:
            found = next((s for s, _ in _sources(batch) if str(s.id) == reference["sheetId"]), None)
        out.append((reference, found))
    if not out:
        raise RequestError("At least one reference must be given.")
    return out


def _failed(code: str, message: str) -> dict:
    return {"state": "FAILED", "errorCode": code, "errorMessage": message}


@request("refreshDataSource")
def refresh_data_source(batch: Batch, body: dict) -> dict:
    statuses = []
    for reference, sheet in _targets(batch, body):
        if sheet is None:
            status = _failed("OBJECT_NOT_FOUND", "The data source object does not exist.")
        elif body.get("force"):
            status = _execute(batch, sheet)
        else:
            status = _failed(
                "OBJECT_IN_ERROR_STATE",
                "The data source object is in an error state; set force to refresh it.",
            )
        statuses.append({"reference": reference, "dataExecutionStatus": status})
    return {"statuses": statuses}


@request("cancelDataSourceRefresh")
def cancel_data_source_refresh(batch: Batch, body: dict) -> dict:
    statuses = []
    for reference, sheet in _targets(batch, body):
        code = "QUERY_EXECUTION_COMPLETED" if sheet else "EXECUTION_NOT_FOUND"
        cancellation = {"state": "CANCEL_FAILED", "errorCode": code}
        statuses.append({"reference": reference, "refreshCancellationStatus": cancellation})
    return {"statuses": statuses}
