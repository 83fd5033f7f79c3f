"""The replies of the table, slicer, border, comment and data source requests, and the spreadsheet
that shows them, hold only fields of their discovery schema and leave out proto3's defaults."""

from __future__ import annotations

from tests.twins.google.test_sheets_proto3 import check

GRID = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 3, "startColumnIndex": 0}
GRID |= {"endColumnIndex": 2}
ANCHOR = {"overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 4}}}
BIGQUERY = {"bigQuery": {"projectId": "p", "tableSpec": {"datasetId": "d", "tableId": "t"}}}


def test_new_kinds_answer_in_their_schema(google_service_for):
    sheets = google_service_for("sheets", "v4", user=None, scopes=["spreadsheets", "bigquery"])
    made = sheets.spreadsheets().create(body={"properties": {"title": "Shapes"}}).execute()
    book = made["spreadsheetId"]
    chart = {"spec": {"title": "c", "basicChart": {"chartType": "BAR"}}, "position": ANCHOR}
    requests = [
        {"addTable": {"table": {"range": GRID, "columnProperties": [{"columnType": "DOUBLE"}]}}},
        {"addSlicer": {"slicer": {"spec": {"dataRange": GRID}, "position": ANCHOR}}},
        {"addChart": {"chart": chart}},
        {"insertComment": {"content": "look", "coordinate": {"rowIndex": 1}}},
        {"addDataSource": {"dataSource": {"spec": BIGQUERY}}},
        {"refreshDataSource": {"isAll": True, "force": True}},
        {"cancelDataSourceRefresh": {"isAll": True}},
    ]
    body = {"requests": requests}
    replies = sheets.spreadsheets().batchUpdate(spreadsheetId=book, body=body).execute()
    check(replies, "BatchUpdateSpreadsheetResponse")
    thread = replies["replies"][3]["insertComment"]["commentThread"]
    chart_id = replies["replies"][2]["addChart"]["chart"]["chartId"]
    more = [
        {"addCommentReply": {"commentId": thread["commentId"], "post": {"content": "ok"}}},
        {
            "updateEmbeddedObjectBorder": {
                "objectId": chart_id,
                "border": {"color": {"blue": 1}},
                "fields": "color",
            }
        },
    ]
    body = {"requests": more}
    check(
        sheets.spreadsheets().batchUpdate(spreadsheetId=book, body=body).execute(),
        "BatchUpdateSpreadsheetResponse",
    )
    got = sheets.spreadsheets().get(
        spreadsheetId=book, commentsViewMode="COMMENTS_VIEW_MODE_INCLUDED"
    )
    shown = check(got.execute(), "Spreadsheet")
    first = shown["sheets"][0]
    assert {"tables", "slicers", "charts", "commentAnchors"} <= set(first)
    assert shown["comments"][0]["replies"][0]["content"] == "ok"
    assert shown["dataSources"][0]["sheetId"] == shown["sheets"][1]["properties"]["sheetId"]
