"""Connected Sheets data sources through googleapiclient: addDataSource, updateDataSource,
deleteDataSource, refreshDataSource, cancelDataSourceRefresh; the bigquery.readonly scope, the
DATA_SOURCE sheet, and executions that find no database in the universe."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError

SCOPES = ["spreadsheets", "bigquery.readonly"]
TABLE = {
    "bigQuery": {
        "projectId": "factory",
        "tableSpec": {"tableProjectId": "public", "datasetId": "samples", "tableId": "words"},
    }
}


@pytest.fixture
def sheets(google_service_for):
    """The service account itself, allowed to read BigQuery."""
    return google_service_for("sheets", "v4", user=None, scopes=SCOPES)


@pytest.fixture
def spreadsheet(sheets) -> str:
    made = sheets.spreadsheets().create(body={"properties": {"title": "Warehouse"}}).execute()
    return made["spreadsheetId"]


def batch(service, spreadsheet, *requests) -> dict:
    body = {"requests": list(requests)}
    return service.spreadsheets().batchUpdate(spreadsheetId=spreadsheet, body=body).execute()


def refused(service, spreadsheet, *requests) -> str:
    with pytest.raises(HttpError) as caught:
        batch(service, spreadsheet, *requests)
    assert caught.value.status_code == 400
    return caught.value.reason


def add(sheets, spreadsheet) -> dict:
    reply = batch(sheets, spreadsheet, {"addDataSource": {"dataSource": {"spec": TABLE}}})
    return reply["replies"][0]["addDataSource"]


def test_a_data_source_comes_with_its_data_source_sheet(sheets, spreadsheet):
    added = add(sheets, spreadsheet)
    source, status = added["dataSource"], added["dataExecutionStatus"]
    assert source["spec"] == TABLE
    assert (status["state"], status["errorCode"]) == ("FAILED", "DATA_NOT_FOUND")
    assert status["lastRefreshTime"].endswith("Z")
    got = sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()
    assert got["dataSources"] == [source]
    (_, sheet) = got["sheets"]
    assert sheet["properties"]["sheetId"] == source["sheetId"]
    assert sheet["properties"]["title"] == "words"
    assert sheet["properties"]["sheetType"] == "DATA_SOURCE"
    assert sheet["properties"]["dataSourceSheetProperties"] == {
        "dataSourceId": source["dataSourceId"],
        "dataExecutionStatus": status,
    }
    again = add(sheets, spreadsheet)["dataSource"]
    titles = [
        s["properties"]["title"]
        for s in sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()["sheets"]
    ]
    assert titles == ["Sheet1", "words", "words 2"]
    batch(sheets, spreadsheet, {"deleteDataSource": {"dataSourceId": again["dataSourceId"]}})
    got = sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()
    assert got["dataSources"] == [source]
    assert len(got["sheets"]) == 2


def test_update_refresh_and_cancel(sheets, spreadsheet):
    source = add(sheets, spreadsheet)["dataSource"]
    query = {"bigQuery": {"projectId": "factory", "querySpec": {"rawQuery": "SELECT 1"}}}
    reply = batch(
        sheets,
        spreadsheet,
        {
            "updateDataSource": {
                "dataSource": {"dataSourceId": source["dataSourceId"], "spec": query},
                "fields": "spec",
            }
        },
    )["replies"][0]["updateDataSource"]
    assert reply["dataSource"]["spec"] == query
    assert reply["dataExecutionStatus"]["state"] == "FAILED"
    reference = {"sheetId": str(source["sheetId"])}
    refreshed = batch(
        sheets,
        spreadsheet,
        {"refreshDataSource": {"dataSourceId": source["dataSourceId"]}},
        {"refreshDataSource": {"isAll": True, "force": True}},
        {"refreshDataSource": {"references": {"references": [{"sheetId": "404"}]}}},
    )["replies"]
    (stuck,) = refreshed[0]["refreshDataSource"]["statuses"]
    assert stuck["reference"] == reference
    assert stuck["dataExecutionStatus"]["errorCode"] == "OBJECT_IN_ERROR_STATE"
    (forced,) = refreshed[1]["refreshDataSource"]["statuses"]
    assert forced["dataExecutionStatus"]["errorCode"] == "DATA_NOT_FOUND"
    (missing,) = refreshed[2]["refreshDataSource"]["statuses"]
    assert missing["dataExecutionStatus"]["errorCode"] == "OBJECT_NOT_FOUND"
    cancelled = batch(sheets, spreadsheet, {"cancelDataSourceRefresh": {"isAll": True}})
    (status,) = cancelled["replies"][0]["cancelDataSourceRefresh"]["statuses"]
    assert status == {
        "reference": reference,
        "refreshCancellationStatus": {
            "state": "CANCEL_FAILED",
            "errorCode": "QUERY_EXECUTION_COMPLETED",
        },
    }


def test_bad_data_sources_are_refused(sheets, spreadsheet):
    both = {"bigQuery": {**TABLE["bigQuery"], "querySpec": {"rawQuery": "SELECT 1"}}}
    assert "exactly one of querySpec or tableSpec" in refused(
        sheets, spreadsheet, {"addDataSource": {"dataSource": {"spec": both}}}
    )
    assert refused(sheets, spreadsheet, {"addDataSource": {"dataSource": {}}}).endswith(
        "Invalid requests[0].addDataSource: A data source spec must set exactly one of bigQuery"
        " or looker."
    )
    looker = {"looker": {"instanceUri": "https://looker.example", "model": "m"}}
    assert "A Looker data source needs explore." in refused(
        sheets, spreadsheet, {"addDataSource": {"dataSource": {"spec": looker}}}
    )
    assert "No data source with id: 9" in refused(
        sheets, spreadsheet, {"deleteDataSource": {"dataSourceId": "9"}}
    )
    assert "Exactly one of references" in refused(
        sheets, spreadsheet, {"refreshDataSource": {"isAll": True, "dataSourceId": "9"}}
    )
    got = sheets.spreadsheets().get(spreadsheetId=spreadsheet).execute()
    assert "dataSources" not in got and len(got["sheets"]) == 1


def test_a_bigquery_source_needs_the_bigquery_scope(google_service_for):
    plain = google_service_for("sheets", "v4", user=None, scopes=["spreadsheets"])
    made = plain.spreadsheets().create(body={}).execute()["spreadsheetId"]
    with pytest.raises(HttpError) as caught:
        batch(plain, made, {"addDataSource": {"dataSource": {"spec": TABLE}}})
    assert (caught.value.status_code, caught.value.reason) == (
        403,
        "Request had insufficient authentication scopes.",
    )
